import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './site-folders.ts';

const cached = new Map<string, string>();

/**
 * Everything besides a site's own files that shapes what a build writes, as
 * one hash: xinwen's version and code (by content, not by date: a checkout
 * or a copy keeps its key), the version of every runtime dependency as
 * installed, the bytes of OpenCC's dictionaries and of xinwen's own
 * conversion data (src/convert/data). Caches and up-to-date
 * checks key on it, so an upgrade, an edit of xinwen, or a dictionary
 * changed under node_modules never reuses results made by something else.
 */
export function generatorId(packageRoot = PACKAGE_ROOT): string {
  const known = cached.get(packageRoot);
  if (known) return known;
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const hash = createHash('sha256').update(`xinwen ${manifest.version}\n`);
  // Compiled (lib/): the bundle that runs. From source (tests): the sources.
  const running = fileURLToPath(import.meta.url);
  if (running.endsWith('.ts')) hashTree(hash, path.join(packageRoot, 'src'));
  else {
    // The bundle reads its conversion data from src/convert/data at run time.
    hashTree(hash, path.join(packageRoot, 'lib'));
    hashTree(hash, path.join(packageRoot, 'src', 'convert', 'data'));
  }
  const require = createRequire(path.join(packageRoot, 'package.json'));
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
    const folder = packageFolder(require, name);
    const version = folder ? (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string }).version : 'missing';
    hash.update(`${name}@${version}\n`);
    if (name === 'opencc-js' && folder) hashTree(hash, path.join(folder, 'dist'));
  }
  const id = hash.digest('hex').slice(0, 32);
  cached.set(packageRoot, id);
  return id;
}

/** The installed folder of a package, found the way Node finds it (packages need not export their package.json). */
function packageFolder(require: NodeJS.Require, name: string): string | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  return undefined;
}

/** Every file's relative path and bytes, in path order. */
function hashTree(hash: Hash, dir: string): void {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${path.relative(dir, file)}\0`).update(readFileSync(file));
}
