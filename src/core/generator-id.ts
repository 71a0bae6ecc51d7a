import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
  const manifestText = readFileSync(path.join(packageRoot, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { version: string; dependencies?: Record<string, string> };
  // Compiled (lib/): the bundle that runs, which reads its conversion data from src/convert/data at run time. From source (tests): the sources.
  const running = fileURLToPath(import.meta.url);
  const trees = running.endsWith('.ts') ? [path.join(packageRoot, 'src')] : [path.join(packageRoot, 'lib'), path.join(packageRoot, 'src', 'convert', 'data')];
  const require = createRequire(path.join(packageRoot, 'package.json'));
  const dependencies = Object.keys(manifest.dependencies ?? {})
    .sort()
    .map((name) => ({ name, folder: packageFolder(require, name) }));
  const opencc = dependencies.find((dependency) => dependency.name === 'opencc-js')?.folder;
  const own = trees.map((dir) => ({ dir, files: treeFiles(dir) }));
  const dictionaries = opencc ? { dir: path.join(opencc, 'dist'), files: treeFiles(path.join(opencc, 'dist')) } : undefined;
  const manifests = dependencies.flatMap(({ folder }) => (folder ? [path.join(folder, 'package.json')] : []));

  // Hashing these files (10 MB) takes a build 80 ms: the id is kept with their sizes and times and reused while they all
  // stay the same, the stamps a build trusts for a site's own files (pipeline/fingerprint.ts).
  const stamp = createHash('sha256').update(manifestText);
  for (const file of [...own.flatMap((tree) => tree.files), ...(dictionaries?.files ?? []), ...manifests]) stamp.update(`${path.relative(packageRoot, file)}\0${fileStamp(file)}\n`);
  const stampHex = stamp.digest('hex');
  const keptFile = path.join(packageRoot, '.cache', 'generator-id.json');
  const kept = readKept(keptFile);
  if (kept?.stamp === stampHex) {
    cached.set(packageRoot, kept.id);
    return kept.id;
  }

  const hash = createHash('sha256').update(`xinwen ${manifest.version}\n`);
  for (const tree of own) hashFiles(hash, tree.dir, tree.files);
  for (const { name, folder } of dependencies) {
    const version = folder ? (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string }).version : 'missing';
    hash.update(`${name}@${version}\n`);
    if (name === 'opencc-js' && dictionaries) hashFiles(hash, dictionaries.dir, dictionaries.files);
  }
  const id = hash.digest('hex').slice(0, 32);
  cached.set(packageRoot, id);
  try {
    mkdirSync(path.dirname(keptFile), { recursive: true });
    // Renamed into place: a build starting meanwhile reads the last id or this one, never half of one.
    const temp = `${keptFile}.${process.pid}`;
    writeFileSync(temp, JSON.stringify({ stamp: stampHex, id }));
    renameSync(temp, keptFile);
  } catch {
    // A read-only install hashes its files on every build.
  }
  return id;
}

/** The installed folder of a package, found the way Node finds it (packages need not export their package.json). */
function packageFolder(require: NodeJS.Require, name: string): string | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  return undefined;
}

/** Every file under `dir` (source maps aside), in path order. */
function treeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Every file's path relative to `dir`, and its bytes. */
function hashFiles(hash: Hash, dir: string, files: readonly string[]): void {
  for (const file of files) hash.update(`${path.relative(dir, file)}\0`).update(readFileSync(file));
}

function fileStamp(file: string): string {
  try {
    const stat = statSync(file);
    // Whole milliseconds: a copy that keeps the files' times (cp -p) keeps them to the millisecond.
    return `${stat.size}\0${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

function readKept(file: string): { stamp: string; id: string } | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { stamp?: unknown; id?: unknown };
    return typeof kept.stamp === 'string' && typeof kept.id === 'string' && /^[0-9a-f]{32}$/.test(kept.id) ? { stamp: kept.stamp, id: kept.id } : undefined;
  } catch {
    return undefined;
  }
}
