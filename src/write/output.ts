import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { namingPath, XinwenError } from '../core/errors.ts';
import { isInside, realPathOf } from '../core/paths.ts';
import { isRunning } from '../core/process-alive.ts';
import type { SiteFolders } from '../core/site-folders.ts';
import { linkTree } from './link-tree.ts';
import { say } from '../core/language.ts';

/**
 * Atomic output. Pages are written into a temporary folder beside the output
 * folder; only a complete build replaces the output, and only after every
 * byte of it is on the disk (see `commitOutput`). Until then the previous
 * output stays byte for byte as it was. One build at a time writes into an
 * output folder (see output-lock.ts).
 *
 * The temporary folder need not start empty. The output a build replaces is
 * kept beside it as its spare (`.dist.xinwen-spare`), and the next build
 * starts from that spare, renamed (no file is copied), rewriting only the
 * files that differ; without a spare it starts from hard links to the
 * output's files. Files are therefore always replaced, never written into
 * (see `writeOutputFile`): two trees may share one file.
 */

/** Marks a folder as xinwen's output, so we never replace a folder we did not make. */
export const OUTPUT_MARKER = '.xinwen-output';
const TEMP_TAG = '.xinwen-tmp-';
const OLD_TAG = '.xinwen-old-';
/** Folders on their way out: a failed build's, a spare nobody can use. Never put back, unlike an old output. */
const TRASH_TAG = '.xinwen-trash-';
const SPARE_TAG = '.xinwen-spare';

/** The spare of an output folder: the output before it, kept to start the next build from. */
export function spareOf(outDir: string): string {
  const out = path.resolve(outDir);
  return path.join(path.dirname(out), `.${path.basename(out)}${SPARE_TAG}`);
}

/** Identity of an output tree: its marker file's inode and time. Any build writes a new marker, so a tree someone else built has another. */
export interface TreeIdentity {
  ino: number;
  mtimeMs: number;
}

/** The identity of the output tree in `dir`, or undefined when it has no marker. */
export function treeIdentity(dir: string): TreeIdentity | undefined {
  try {
    const stat = statSync(path.join(dir, OUTPUT_MARKER));
    return { ino: stat.ino, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

export function sameTree(a: TreeIdentity | undefined, b: TreeIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.mtimeMs === b.mtimeMs;
}

/**
 * The folder a build should write: `outDir` with every symbolic link on the
 * way resolved, so no check can be fooled by a link (`--out link/out`, where
 * link → content/, is content/out). Refuses folders whose replacement would
 * destroy the site or anything else, and a link that leads nowhere.
 */
export function resolveOutputDir(outDir: string, site: SiteFolders): string {
  const out = realPathOf(outDir);
  const refuse = (why: string, whyZh: string) =>
    new XinwenError('output/unsafe', say(`不能把网站生成到 ${outDir}：${whyZh}`, `refusing to write the site into ${outDir}: ${why}`), {
      hint: say('另选一个单独的文件夹，例如站点文件夹里的 dist/：--out dist', 'Choose a separate folder such as dist/ inside the site folder: --out dist'),
    });
  if (out === undefined) {
    throw new XinwenError('output/dangling-link', say(`输出文件夹 ${outDir} 是一个符号链接，指向的东西不存在`, `the output folder ${outDir} is a symbolic link to something that does not exist`), {
      hint: say('创建链接指向的文件夹，或者删掉这个链接，或者用 --out 另选一个文件夹。', 'Create the folder the link points to, remove the link, or choose another folder with --out.'),
    });
  }
  if (out === path.parse(out).root) throw refuse('it is the root of the file system', '它是文件系统的根目录');
  const siteRoot = realPathOf(site.root) ?? site.root;
  if (isInside(siteRoot, out)) throw refuse('it is the site folder or contains it', '它就是站点文件夹，或者包含站点文件夹');
  for (const dir of [site.contentDir, site.templatesDir, site.publicDir]) {
    const real = realPathOf(dir) ?? dir;
    if (isInside(real, out) || isInside(out, real)) throw refuse(`it is or overlaps ${path.relative(site.root, dir) || dir}/`, `它就是 ${path.relative(site.root, dir) || dir}/，或者与它重叠`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw refuse('it is a file, not a folder', '它是一个文件，不是文件夹');
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
      throw new XinwenError('output/not-ours', say(`不能替换 ${outDir}：里面有不是 xinwen 生成的文件`, `refusing to replace ${outDir}: it holds files that xinwen did not write`), {
        hint: say('把那些文件移走，或者用 --out 选一个空的或新的文件夹。', 'Move those files away, or choose an empty or new folder with --out.'),
      });
    }
  }
  return out;
}

function siblings(outDir: string, tag: string): string[] {
  const parent = path.dirname(outDir);
  const prefix = `.${path.basename(outDir)}${tag}`;
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(parent, name));
}

/** The process that made a leftover folder, from the pid in its name (`.dist.xinwen-old-4242-1a2b3c4d`). */
function ownerOf(folder: string): number | undefined {
  const pid = Number(/\.xinwen-(?:tmp|old|trash)-(\d+)/.exec(path.basename(folder))?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** A name beside `out` for its replaced copy: unique, as one process may build many times (the tests, a server) while earlier copies are still being removed. */
function oldName(out: string, tag = OLD_TAG): string {
  return path.join(path.dirname(out), `.${path.basename(out)}${tag}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** What a build's temporary folder starts as: empty, the output's spare, or hard links to the output's files. */
export type OutputStart = 'empty' | 'spare' | 'output';

/**
 * Make the temporary folder beside `outDir` (which the caller holds the lock
 * of) that a build writes into: empty, the spare (moved, so the spare is
 * gone), or linked to the output (see link-tree.ts). What killed builds left
 * is cleaned first, and only theirs: a folder whose build still runs is
 * never touched. If a build died between the renames of its swap, the
 * previous output is put back. The folder gets a new marker, so it never
 * shares its identity with the tree it came from.
 */
export function startOutput(outDir: string, start: OutputStart = 'empty'): string {
  const out = path.resolve(outDir);
  const old = siblings(out, OLD_TAG).filter((folder) => !isRunning(ownerOf(folder)));
  if (!existsSync(out) && old.length > 0) renameSync(old[0]!, out);
  for (const leftover of [...siblings(out, TEMP_TAG), ...siblings(out, OLD_TAG), ...siblings(out, TRASH_TAG)]) {
    if (isRunning(ownerOf(leftover))) continue;
    try {
      rmSync(leftover, { recursive: true, force: true });
    } catch {
      // A background removal of the same folder may still be running; it will finish the job.
    }
  }
  const temp = tempFolderOf(out);
  rmSync(temp, { recursive: true, force: true });
  try {
    if (start === 'spare') renameSync(spareOf(out), temp);
    else if (start === 'output') linkTree(out, temp);
    else mkdirSync(temp, { recursive: true });
    writeOutputFile(temp, OUTPUT_MARKER, 'This folder is written by xinwen and replaced on every build.\n');
  } catch (error) {
    abandonOutput(temp, out);
    throw namingPath(error, temp);
  }
  return temp;
}

function tempFolderOf(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}${TEMP_TAG}${process.pid}`);
}

/**
 * Write one file under an output folder, always as a new file: a file
 * already there is replaced (the content goes to a new file renamed over it),
 * never written into. An output that starts from the previous one shares its
 * files with it through hard links (spare-output.ts), and writing into a
 * shared file would change the previous output too; a reader of the dev
 * server's folder never sees a half-written page either. Folders inside it
 * are made as needed, but never the output folder itself: if it is gone
 * (another program removed it), the build stops instead of writing a site
 * with holes.
 */
export function writeOutputFile(outputDir: string, file: string, content: string | Uint8Array): void {
  const full = path.join(outputDir, file);
  const bytes = typeof content === 'string' ? utf8(content) : content;
  placeFile(outputDir, full, (target) => writeFileSync(target, bytes, { flag: 'wx' }));
}

/** The buffer pages are encoded into, reused from page to page (one per thread). */
let scratch = Buffer.allocUnsafe(0);
/** Pages longer than this are encoded into a buffer of their own, not kept after. */
const SCRATCH_MAX = 4 * 1024 * 1024;

/**
 * `text` as UTF-8, in a view of `scratch` valid until the next call: a new
 * buffer per page (what writeFileSync makes of a string) is fresh memory to
 * touch and then to collect, 40 % of the time a build spends writing pages.
 */
function utf8(text: string): Uint8Array {
  // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4).
  const most = text.length * 3;
  if (most > SCRATCH_MAX) return Buffer.from(text, 'utf8');
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, 256 * 1024));
  return scratch.subarray(0, scratch.write(text, 0, 'utf8'));
}

/** Copy a file into an output folder, replacing (never writing into) a file already there, like `writeOutputFile`. */
export function copyOutputFile(outputDir: string, source: string, file: string): void {
  placeFile(outputDir, path.join(outputDir, file), (target) => copyFileSync(source, target, constants.COPYFILE_EXCL));
}

/**
 * Make `full` with `create`, which fails with EEXIST when something is there.
 * Creating first and making folders or replacing only on failure keeps a
 * fresh output's write at one call.
 */
function placeFile(outputDir: string, full: string, create: (target: string) => void): void {
  try {
    create(full);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') makeFoldersBelow(outputDir, path.dirname(full));
    else if (code !== 'EEXIST') throw namingPath(error, full);
  }
  try {
    if (existsSync(full)) replaceFile(full, create);
    else create(full);
  } catch (error) {
    throw namingPath(error, full);
  }
}

/** A new file beside `full`, renamed over it: whatever shares the old file's inode keeps the old content. */
function replaceFile(full: string, create: (target: string) => void): void {
  const fresh = `${full}.xinwen-new`;
  try {
    create(fresh);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Left by a process killed mid-write: never written into, as it may be shared too.
    unlinkSync(fresh);
    create(fresh);
  }
  try {
    renameSync(fresh, full);
  } catch (error) {
    rmSync(fresh, { force: true });
    throw error;
  }
}

/** Make `dir` and the folders above it up to, but never including, `base` (which must exist). */
export function makeFoldersBelow(base: string, dir: string): void {
  if (dir === base || !dir.startsWith(base + path.sep)) {
    if (existsSync(base)) return;
    throw new XinwenError('output/removed', say(`生成过程中，正在写入的文件夹 ${base} 被删掉了`, `the folder ${base} was removed while the build was writing into it`), {
      hint: say(
        '是别的程序（或者旧版 xinwen 的另一次生成）删掉的。这次什么也没有发布，请重新生成。',
        'Another program (or a second build of an older xinwen) removed it. Run the build again; nothing was published.',
      ),
    });
  }
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT') throw error;
    makeFoldersBelow(base, path.dirname(dir));
    try {
      mkdirSync(dir);
    } catch (again) {
      // Another thread of the build made it meanwhile (both write pages into the same folders).
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}

/**
 * Move a folder out of the way at once and delete it in the background: the
 * dev server's last pages, a failed build's folder (`beside` its output), a
 * spare nobody can use. Whatever the removal leaves is cleaned by the next
 * build's `startOutput`.
 */
export function discardFolder(dir: string, beside: string = dir): void {
  if (!existsSync(dir)) return;
  const trash = oldName(path.resolve(beside), TRASH_TAG);
  renameSync(dir, trash);
  removeInBackground(trash);
}

/**
 * Swap the finished temporary folder in place of the output. First every
 * file and folder of it is flushed to the disk (one `syncfs` of its file
 * system; file by file where that is not available), so a power cut after
 * the swap cannot leave a new output with empty files. The swap is two
 * renames: the output moves aside, the new one takes its name. Between them
 * (microseconds) the output's path does not exist; a crash right then
 * leaves the previous output whole beside it, and the next build puts it
 * back. The replaced output is then kept as the spare (`keepReplaced`) or
 * deleted in the background. The parent folder is flushed after, so the
 * swap itself is durable.
 */
export function commitOutput(tempDir: string, outDir: string, options: { durable: boolean; keepReplaced?: boolean }): void {
  const out = path.resolve(outDir);
  if (options.durable) flushTree(tempDir);
  if (existsSync(out)) {
    const old = oldName(out);
    renameSync(out, old);
    renameSync(tempDir, out);
    if (options.keepReplaced) {
      discardSpare(out);
      renameSync(old, spareOf(out));
    } else {
      removeInBackground(old);
    }
  } else {
    renameSync(tempDir, out);
  }
  if (options.durable) flushFolder(path.dirname(out));
}

/**
 * Make the spare of a freshly built output: hard links to its files (copies
 * where links fail), flushed to the disk before it takes the spare's name,
 * so a spare is always complete. Returns false (and leaves no spare) when
 * that fails, e.g. on a full disk: the next build then links for itself.
 */
export function keepLinkedSpare(outDir: string, options: { durable: boolean }): boolean {
  const out = path.resolve(outDir);
  const temp = tempFolderOf(out);
  discardSpare(out);
  try {
    rmSync(temp, { recursive: true, force: true });
    linkTree(out, temp);
    if (options.durable) flushTree(temp);
    renameSync(temp, spareOf(out));
    if (options.durable) flushFolder(path.dirname(out));
    return true;
  } catch {
    discardFolder(temp, out);
    return false;
  }
}

/** Move the spare out of the way and delete it in the background: nothing can start from it any more. */
export function discardSpare(outDir: string): void {
  discardFolder(spareOf(outDir), outDir);
}

/** Remove a file of an output folder and the folders it leaves empty, as a build that never wrote it would not have them. */
export function removeOutputFile(outputDir: string, file: string): void {
  rmSync(path.join(outputDir, file), { force: true, recursive: true });
  for (let dir = path.dirname(path.join(outputDir, file)); dir.startsWith(outputDir + path.sep); dir = path.dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty
    }
  }
}

/** Everything under `dir` on the disk: `sync -f` (syncfs) on Linux, else fsync of every file and folder. */
function flushTree(dir: string): void {
  if (process.platform === 'linux' && spawnSync('sync', ['-f', dir], { stdio: 'ignore' }).status === 0) return;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) flushFile(full);
    else if (entry.isDirectory()) flushFolder(full);
  }
  flushFolder(dir);
}

function flushFile(file: string): void {
  const descriptor = openSync(file, 'r');
  try {
    fsyncSync(descriptor);
  } catch (error) {
    throw namingPath(error, file);
  } finally {
    closeSync(descriptor);
  }
}

function flushFolder(dir: string): void {
  try {
    flushFile(dir);
  } catch {
    // Some systems (Windows) cannot open or flush a folder; their file systems order renames themselves.
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
  const child = spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' });
  // No rm to start (a system without it on PATH): remove it here; a leftover is the next build's to clean.
  child.on('error', () => rmSync(dir, { recursive: true, force: true }));
  child.unref();
}

/** Remove the temporary folder of a failed build (in the background: it may hold a whole site). */
export function abandonOutput(tempDir: string, outDir: string): void {
  discardFolder(tempDir, outDir);
}
