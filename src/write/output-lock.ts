import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { namingPath, systemError, XinwenError } from '../core/errors.ts';
import { isRunning, startTimeOf } from '../core/process-alive.ts';
import { say } from '../core/language.ts';

/**
 * One build at a time per output folder, as Hugo's build lock does: two
 * builds into one folder would remove each other's temporary folder and
 * publish half a site. The lock is a folder beside the output
 * (`.dist.xinwen-lock/`, made with mkdir, which only one process can win)
 * holding the owner's pid, start time and host. A lock whose process no
 * longer runs is taken over; one whose process runs (even stopped) is waited
 * for, or refused with `--no-wait`.
 */
export interface OutputLock {
  /** Throws if the lock is no longer ours (taken over by a build that thought ours dead): never publish then. */
  assertHeld(): void;
  release(): void;
}

interface Owner {
  pid: number;
  started?: string;
  host: string;
  /** What holds it: `build` or `dev`. */
  command: string;
}

export interface LockOptions {
  /** Wait for a running build to finish (default), or refuse at once. */
  wait: boolean;
  /** What is taking the lock, for the message another build prints. */
  command: string;
  /** Hears that this build is waiting, and for whom. */
  onWait?: (message: string) => void;
  /** How often to look again while waiting. */
  pollMs?: number;
}

export function lockPathFor(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.xinwen-lock`);
}

/** Take the lock of `outDir` (a resolved path); waits while another live build holds it. */
export async function lockOutput(outDir: string, options: LockOptions): Promise<OutputLock> {
  const lock = lockPathFor(outDir);
  const me: Owner = { pid: process.pid, started: startTimeOf(process.pid), host: hostname(), command: options.command };
  let told = false;
  for (;;) {
    let made = false;
    try {
      mkdirSync(path.dirname(lock), { recursive: true });
      mkdirSync(lock);
      made = true;
      writeFileSync(path.join(lock, 'owner.json'), JSON.stringify(me));
      return held(lock, me);
    } catch (error) {
      if (made) rmSync(lock, { recursive: true, force: true }); // a lock without its owner would be waited for
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || made) throw lockError(error, lock);
    }
    const owner = readOwner(lock);
    if (owner === undefined || !alive(owner)) {
      takeOver(lock, owner);
      await sleep(10);
      continue;
    }
    const who = `${owner.command === 'dev' ? 'xinwen dev' : 'another build'} (pid ${owner.pid}${owner.host === me.host ? '' : ` on ${owner.host}`})`;
    const whoZh = `${owner.command === 'dev' ? 'xinwen dev' : '另一次生成'}（进程号 ${owner.pid}${owner.host === me.host ? '' : `，在 ${owner.host} 上`}）`;
    if (!options.wait) {
      throw new XinwenError('output/locked', say(`${whoZh}正在往 ${outDir} 里写文件`, `${who} is writing into ${outDir}`), {
        hint:
          owner.command === 'dev'
            ? say(
                `先停掉那个 xinwen dev（在它的终端里按 Ctrl+C），或者直接用它提供的网址预览。如果其实没有在运行，删掉文件夹 ${lock}。`,
                `Stop that xinwen dev (Ctrl+C in its terminal), or use the address it serves. If none runs, delete the folder ${lock}.`,
              )
            : say(
                `等它结束；或者不加 --no-wait，让这次生成等它结束。如果其实没有在运行，删掉文件夹 ${lock}。`,
                `Wait for it to finish, or leave out --no-wait to wait for it. If none runs, delete the folder ${lock}.`,
              ),
      });
    }
    if (!told) {
      options.onWait?.(say(`正在等${whoZh}写完 ${outDir}……`, `waiting for ${who} to finish writing ${outDir}…`));
      told = true;
    }
    await sleep(options.pollMs ?? 100);
  }
}

function held(lock: string, me: Owner): OutputLock {
  let released = false;
  return {
    assertHeld() {
      const owner = readOwner(lock);
      if (owner?.pid !== me.pid || owner.started !== me.started || owner.host !== me.host) {
        throw new XinwenError('output/lock-lost', say('这次生成还在进行时，另一次生成接管了输出文件夹', 'another build took over the output folder while this one was running'), {
          hint: say(
            '这次生成的结果没有发布。同一个文件夹一次只生成一次，然后重新生成。',
            'Nothing was published by this build. Run one build at a time into a folder, then build again.',
          ),
        });
      }
    },
    release() {
      if (released) return;
      released = true;
      const owner = readOwner(lock);
      if (owner?.pid === me.pid && owner.host === me.host) rmSync(lock, { recursive: true, force: true });
    },
  };
}

function readOwner(lock: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(lock, 'owner.json'), 'utf8')) as Partial<Owner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return undefined;
    return { pid: owner.pid, started: owner.started, host: owner.host, command: String(owner.command ?? 'build') };
  } catch {
    return undefined;
  }
}

/** A lock of this machine counts while its process runs (the same process: same start time); another machine's always counts. */
function alive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  if (!isRunning(owner.pid)) return false;
  const started = startTimeOf(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}

/**
 * Remove a dead build's lock. It is first renamed to a name of our own, which
 * only one of several builds doing the same can win; if what was moved turns
 * out to be a live build's lock (made anew between our look and the rename),
 * it is put back. A lock without an owner file yet (a moment old) is given
 * a moment.
 */
function takeOver(lock: string, seen: Owner | undefined): void {
  if (seen === undefined) {
    // Unreadable: a lock being made right now, or one whose owner file was never written.
    const age = lockAge(lock);
    if (age !== undefined && age < 2_000) return;
  }
  const tomb = `${lock}-stale-${process.pid}`;
  try {
    renameSync(lock, tomb);
  } catch {
    return; // someone else took it over first
  }
  const owner = readOwner(tomb);
  if (owner !== undefined && alive(owner)) {
    try {
      renameSync(tomb, lock);
      return;
    } catch {
      // The lock was made again meanwhile; the build we moved aside finds out in assertHeld and publishes nothing.
    }
  }
  rmSync(tomb, { recursive: true, force: true });
}

function lockAge(lock: string): number | undefined {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return undefined;
  }
}

function lockError(error: unknown, lock: string): XinwenError {
  return systemError(namingPath(error, lock)) ?? new XinwenError('output/lock', say(`无法建立锁文件夹 ${lock}：${(error as Error).message}`, `cannot make the lock ${lock}: ${(error as Error).message}`), { cause: error });
}
