import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import semver from 'semver';
import { PROJECT } from './support/site.ts';

/**
 * `npm audit --omit=dev`: no known high or critical vulnerability in what a
 * site's build runs. The advisory service is a network call; where the
 * registry does not offer it (some mirrors answer 405), the test says so and
 * is skipped rather than passed.
 */
/**
 * Node.js releases a site might run on: the first and a late patch of each line from 18 on.
 * (semver.subset would also demand the lines' prereleases, such as 21.0.0-0, which packages
 * like sharp rightly leave out of `^20.3.0 || >=21.0.0`.)
 */
const NODE_RELEASES = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28].flatMap((major) => [`${major}.0.0`, `${major}.19.0`, `${major}.99.0`]);

describe('dependencies', () => {
  it('npm audit --omit=dev reports no high or critical vulnerability', (t) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: PROJECT, encoding: 'utf8', timeout: 120_000 });
    let report: { statusCode?: number; message?: string; metadata?: { vulnerabilities?: Record<string, number> }; vulnerabilities?: Record<string, { severity: string; via: unknown[] }> };
    try {
      report = JSON.parse(result.stdout);
    } catch {
      t.skip(`npm audit gave no report (exit ${result.status}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
      return;
    }
    if (!report.metadata) {
      t.skip(`the registry's advisory service is unavailable here: ${report.message ?? 'no metadata'}`);
      return;
    }
    const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, entry]) => entry.severity === 'high' || entry.severity === 'critical');
    assert.deepEqual(
      serious.map(([name, entry]) => `${name} (${entry.severity})`),
      [],
      'high or critical vulnerabilities in production dependencies',
    );
  });

  it('every package installed runs on every Node.js version package.json promises', () => {
    const promised = (JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const lock = JSON.parse(readFileSync(path.join(PROJECT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const narrower = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node !== undefined)
      .filter(([, entry]) => !NODE_RELEASES.filter((version) => semver.satisfies(version, promised)).every((version) => semver.satisfies(version, (entry.engines as { node: string }).node)))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${(entry.engines as { node: string }).node}`);
    assert.deepEqual(narrower, [], `package.json promises node ${promised}`);
  });

  it('the compiled command loads only runtime dependencies (build tools stay devDependencies)', async () => {
    const manifest = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    // What lib/ loads at run time: the packages left outside the bundle, and what src/ requires lazily.
    const { build } = await import('esbuild');
    const { buildOptions } = (await import(pathToFileURL(path.join(PROJECT, 'bin', 'compile.js')).href)) as { buildOptions(outdir: string): object };
    const result = await build({ ...buildOptions(path.join(PROJECT, 'lib-audit')), write: false, metafile: true });
    const loaded = new Set<string>();
    for (const output of Object.values(result.metafile!.outputs)) {
      for (const imported of output.imports) if (imported.external) loaded.add(imported.path);
    }
    for (const file of readdirSync(path.join(PROJECT, 'src'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))) {
      const code = readFileSync(path.join(PROJECT, 'src', file), 'utf8');
      for (const match of code.matchAll(/(?:requireLazily|createRequire\(import\.meta\.url\))\(\s*'([^'./][^']*)'/g)) loaded.add(match[1]!);
    }
    const packages = [...loaded]
      .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier))
      .map((specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!));
    assert.ok(['chokidar', 'pinyin-pro', 'sanitize-html'].every((name) => packages.includes(name)), `found ${packages.join(', ')}`);
    assert.deepEqual(packages.filter((name) => !(name in manifest.dependencies)).sort(), [], 'loaded but not a runtime dependency');
    for (const tool of ['tsx', 'esbuild', 'typescript']) assert.ok(!(tool in manifest.dependencies), `${tool} is a build tool`);
  });
});
