import { readFileSync } from 'node:fs';

/**
 * Whether a process is still running: the lock and the leftover folders of a
 * build name its pid. A stopped process (Ctrl+Z, SIGSTOP) is running: it may
 * go on at any moment.
 */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as the kernel counts it (Linux: field 22 of
 * /proc/PID/stat), so a pid used again by a later process is not taken for
 * the one that took a lock. Undefined where the system does not say.
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
