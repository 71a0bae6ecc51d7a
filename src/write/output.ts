import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../core/errors.ts';
import type { SiteFolders } from '../core/site-folders.ts';

/**
 * Atomic output. Pages are written into a temporary folder beside the output
 * folder; only a complete build replaces the output, by two renames. Until
 * then the previous output stays byte-for-byte as it was.
 */

/** Marks a folder as xinwen's output, so we never replace a folder we did not make. */
export const OUTPUT_MARKER = '.xinwen-output';
const TEMP_TAG = '.xinwen-tmp-';
const OLD_TAG = '.xinwen-old-';

/** Refuse output folders whose replacement would destroy the site or anything else. */
export function assertSafeOutputDir(outDir: string, site: SiteFolders): void {
  const out = path.resolve(outDir);
  const refuse = (why: string) =>
    new XinwenError('output/unsafe', `refusing to write the site into ${outDir}: ${why}`, {
      hint: 'Choose a separate folder such as dist/ inside the site folder: --out dist',
    });
  if (out === path.parse(out).root) throw refuse('it is the root of the file system');
  if (isInside(site.root, out)) throw refuse('it is the site folder or contains it');
  for (const dir of [site.contentDir, site.templatesDir, site.publicDir]) {
    if (isInside(dir, out) || isInside(out, dir)) throw refuse(`it overlaps ${path.relative(site.root, dir) || dir}/`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw refuse('it is a file, not a folder');
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
      throw new XinwenError('output/not-ours', `refusing to replace ${outDir}: it holds files that xinwen did not write`, {
        hint: 'Move those files away, or choose an empty or new folder with --out.',
      });
    }
  }
}

/** True when `inner` is `outer` or lies inside it. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(path.resolve(outer), path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function siblings(outDir: string, tag: string): string[] {
  const parent = path.dirname(path.resolve(outDir));
  const prefix = `.${path.basename(outDir)}${tag}`;
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(parent, name));
}

/**
 * Make a fresh temporary folder beside `outDir`. Leftovers of builds that were
 * killed are cleaned first; if a build died between its two renames, the old
 * output is put back.
 */
export function startOutput(outDir: string): string {
  const out = path.resolve(outDir);
  const old = siblings(out, OLD_TAG);
  if (!existsSync(out) && old.length > 0) renameSync(old[0]!, out);
  for (const leftover of [...siblings(out, TEMP_TAG), ...siblings(out, OLD_TAG)]) {
    try {
      rmSync(leftover, { recursive: true, force: true });
    } catch {
      // A background removal of the same folder may still be running; it will finish the job.
    }
  }
  const temp = path.join(path.dirname(out), `.${path.basename(out)}${TEMP_TAG}${process.pid}`);
  mkdirSync(temp, { recursive: true });
  writeFileSync(path.join(temp, OUTPUT_MARKER), 'This folder is written by xinwen and replaced on every build.\n');
  return temp;
}

/** Write one file under the temporary output folder. */
export function writeOutputFile(tempDir: string, file: string, content: string | Uint8Array): void {
  const full = path.join(tempDir, file);
  try {
    writeFileSync(full, content);
  } catch (error) {
    // Write first and make the folder only when missing: a rewrite (the dev server's) costs one call, not three.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Copy static folders in order (later ones win), verbatim. */
export function copyStatic(dirs: readonly string[], tempDir: string): void {
  for (const dir of dirs) {
    if (existsSync(dir)) cpSync(dir, tempDir, { recursive: true, force: true, dereference: true });
  }
}

/** Move a folder out of the way at once and delete it in the background (the dev server's last pages). */
export function discardFolder(dir: string): void {
  const old = path.join(path.dirname(dir), `.${path.basename(dir)}${OLD_TAG}${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  renameSync(dir, old);
  removeInBackground(old);
}

/** Swap the finished temporary folder in place of the output. */
export function commitOutput(tempDir: string, outDir: string): void {
  const out = path.resolve(outDir);
  if (existsSync(out)) {
    const old = path.join(path.dirname(out), `.${path.basename(out)}${OLD_TAG}${process.pid}`);
    renameSync(out, old);
    renameSync(tempDir, out);
    removeInBackground(old);
  } else {
    renameSync(tempDir, out);
  }
}

/**
 * Deleting a replaced output of 10,000 pages takes seconds on a slow disk and
 * nobody waits for it: hand it to a detached `rm`. Whatever it leaves (if it
 * is killed) is cleaned by the next build's `startOutput`.
 */
function removeInBackground(dir: string): void {
  if (process.platform === 'win32') {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' }).unref();
}

/** Remove the temporary folder of a failed build. */
export function abandonOutput(tempDir: string): void {
  rmSync(tempDir, { recursive: true, force: true });
}
