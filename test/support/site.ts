import './english.ts';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FIXTURES = path.join(PROJECT, 'test', 'fixtures');
const BIN = path.join(PROJECT, 'bin', 'xinwen.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real command line, as a user would; `env`: the whole environment it runs in (default: this process's, in English). */
export function xinwen(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PROJECT, encoding: 'utf8', env: options.env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command line in this process (its `main`, with the output
 * captured): for the many fixture runs where starting a process adds nothing
 * but a second of node start-up.
 */
export async function xinwenInProcess(args: string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    out: { write: (text: string | Uint8Array) => ((stdout += String(text)), true) },
    err: { write: (text: string | Uint8Array) => ((stderr += String(text)), true) },
  });
  return { status, stdout, stderr };
}

export function tempDir(prefix = 'xinwen-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copy a fixture site to a temporary folder, so a test can change it freely. */
export function copyFixture(name: string): string {
  const dir = path.join(tempDir(), name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true, filter: (source) => path.basename(source) !== '.cache' });
  return dir;
}

/** Build a site with the CLI into a fresh folder; fails the test on a non-zero exit. */
export function buildSite(root: string, extra: string[] = []): { out: string; result: CliResult } {
  const out = path.join(tempDir(), 'out');
  // Each build gets its own cache, so tests never leave files in the fixtures or share state.
  const result = xinwen(['build', '--root', root, '--out', out, '--cache-dir', path.join(tempDir(), 'cache'), ...extra]);
  if (result.status !== 0) throw new Error(`build of ${root} failed:\n${result.stderr}`);
  return { out, result };
}

export function readPage(out: string, file: string): string {
  return readFileSync(path.join(out, file), 'utf8');
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** One hash over every file's path and bytes: equal hashes mean byte-identical trees. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Text content of an HTML fragment with tags removed and whitespace collapsed, for readable assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The part of a page between two markers, to check a block (sidebar, pager) on its own. */
export function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  if (from === -1) throw new Error(`marker not found: ${start}`);
  const to = html.indexOf(end, from + start.length);
  if (to === -1) throw new Error(`marker not found: ${end}`);
  return html.slice(from, to + end.length);
}
