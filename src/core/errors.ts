import { say } from './language.ts';

/**
 * The one error type of xinwen. Every failure a user can cause (bad front
 * matter, broken template, unsafe output folder) becomes a XinwenError that
 * names the file, the line when there is one, what is wrong and how to fix it.
 */
export interface ErrorLocation {
  /** Path shown to the user, relative to the site root when possible. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file`. */
  column?: number;
  /** Full text of `file`, used to print a code frame around `line`. */
  source?: string;
}

export interface XinwenErrorOptions extends ErrorLocation {
  /** How the user can fix it, one sentence. */
  hint?: string;
  cause?: unknown;
}

export class XinwenError extends Error {
  /** Stable identifier for tests and docs, e.g. `front-matter/bad-date`. */
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly source?: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: XinwenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'XinwenError';
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.source = options.source;
    this.hint = options.hint;
  }

  /** Plain data, so errors can cross a worker-thread boundary intact. */
  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      file: this.file,
      line: this.line,
      column: this.column,
      source: this.source,
      hint: this.hint,
      stack: this.stack,
    };
  }

  static fromJSON(data: SerializedError): XinwenError {
    const error = new XinwenError(data.code, data.message, data);
    if (data.stack) error.stack = data.stack;
    return error;
  }
}

export interface SerializedError extends ErrorLocation {
  code: string;
  message: string;
  hint?: string;
  stack?: string;
}

/** A problem worth telling the user about that does not stop the build. */
export interface Warning extends ErrorLocation {
  code: string;
  message: string;
  hint?: string;
}

/** Several errors found in one pass (e.g. many bad articles), reported together. */
export class XinwenErrors extends Error {
  readonly errors: XinwenError[];
  /** Warnings found along the way, so they are reported even though the work failed. */
  readonly warnings: Warning[];
  constructor(errors: XinwenError[], warnings: Warning[] = []) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'XinwenErrors';
    this.errors = errors;
    this.warnings = warnings;
  }
}

/**
 * What the operating system's errors mean for a user, and what to do: these
 * are ordinary faults of a machine (a full disk, a folder without write
 * permission), never bugs of xinwen.
 */
const SYSTEM_ERRORS: Record<string, { what: [zh: string, en: string]; hint: [zh: string, en: string] }> = {
  ENOSPC: {
    what: ['磁盘已满', 'the disk is full'],
    hint: ['在那块磁盘上腾出空间（或用 --out 生成到另一块磁盘上的文件夹），然后重新生成。', 'Free some space on that disk (or build into a folder on another disk with --out), then build again.'],
  },
  EDQUOT: {
    what: ['磁盘配额已用完', 'your disk quota is used up'],
    hint: ['在配额内腾出空间（或用 --out 生成到别处的文件夹），然后重新生成。', 'Free some space within your quota (or build into a folder elsewhere with --out), then build again.'],
  },
  EACCES: {
    what: ['没有权限', 'permission denied'],
    hint: ['给当前用户那里的读写权限（ls -l 可以看谁有权限），或者换一个文件夹。', 'Give your user permission to read and write there (ls -l shows who may), or choose another folder.'],
  },
  EPERM: {
    what: ['不允许这样操作', 'the operation is not permitted'],
    hint: ['给当前用户那里的权限（ls -l 可以看谁有权限），或者换一个文件夹。', 'Give your user permission there (ls -l shows who may), or choose another folder.'],
  },
  EROFS: { what: ['文件系统是只读的', 'the file system is read-only'], hint: ['用 --out 选一个可以写入的磁盘上的文件夹。', 'Choose a folder on a writable disk with --out.'] },
  EMFILE: {
    what: ['打开的文件太多', 'too many files are open'],
    hint: ['调高可打开文件数的上限（ulimit -n 4096），或者加 --jobs 1 生成。', 'Raise the limit of open files (ulimit -n 4096) or build with --jobs 1.'],
  },
  ENFILE: { what: ['系统打开的文件太多', 'the system has too many files open'], hint: ['关掉一些程序，或者加 --jobs 1 生成。', 'Close some programs, or build with --jobs 1.'] },
  ENAMETOOLONG: { what: ['路径太长', 'the path is too long'], hint: ['换一个短一点的输出文件夹，或者把文章的 slug 改短。', 'Use a shorter output folder or shorter slugs.'] },
  EIO: {
    what: ['磁盘读写出错', 'the disk reported an input/output error'],
    hint: ['检查磁盘（dmesg、fsck），或者用 --out 生成到另一块磁盘上。', 'Check the disk (dmesg, fsck) or build onto another one with --out.'],
  },
  ENOTDIR: {
    what: ['路径中有一段是文件，不是文件夹', 'a part of the path is a file, not a folder'],
    hint: ['把占了文件夹位置的那个文件删掉或改名。', 'Remove or rename the file that stands where a folder should be.'],
  },
  EISDIR: { what: ['这是文件夹，不是文件', 'it is a folder, not a file'], hint: ['把占了文件位置的那个文件夹删掉或改名。', 'Remove or rename the folder that stands where a file should be.'] },
  ENOENT: {
    what: ['它不存在（可能在生成过程中被删掉了）', 'it does not exist (it may have been removed while the build ran)'],
    hint: ['确认没有别的程序在删那里的文件，然后重新生成。', 'Check that nothing else is removing files there, then build again.'],
  },
  EBUSY: {
    what: ['它正被另一个程序占用', 'it is in use by another program'],
    hint: ['关掉占用它的程序（文件管理器、编辑器、服务器），然后重新生成。', 'Close the program that holds it (a file manager, an editor, a server), then build again.'],
  },
  ENOTEMPTY: { what: ['文件夹不是空的', 'the folder is not empty'], hint: ['删掉别的程序放进去的东西，然后重新生成。', 'Remove what another program put there, then build again.'] },
  EEXIST: { what: ['它已经存在', 'it already exists'], hint: ['把它删掉，然后重新生成。', 'Remove it, then build again.'] },
};

/** What a system call does, as a verb an editor knows. */
const SYSCALLS_ZH: Record<string, string> = {
  open: '打开',
  read: '读取',
  write: '写入',
  close: '关闭',
  mkdir: '创建文件夹',
  rmdir: '删除文件夹',
  rm: '删除',
  unlink: '删除',
  rename: '移动',
  copyfile: '复制',
  scandir: '读取文件夹',
  opendir: '读取文件夹',
  stat: '查看',
  lstat: '查看',
  fsync: '写入',
  link: '建立链接',
  symlink: '建立链接',
  utime: '修改时间',
};

/** A Node system error (with `code`, `syscall` and `path`) as a XinwenError, or undefined for anything else. */
export function systemError(thrown: unknown): XinwenError | undefined {
  const error = thrown as NodeJS.ErrnoException | undefined;
  const known = error && typeof error.code === 'string' ? SYSTEM_ERRORS[error.code] : undefined;
  if (!known || !(error instanceof Error)) return undefined;
  const where = error.path ? ` ${error.path}` : '';
  const dest = (error as { dest?: unknown }).dest;
  const doing = typeof dest === 'string' ? `copy${where} to ${dest}` : error.syscall ? `${error.syscall}${where}` : where.trim() || 'a file';
  const doingZh = typeof dest === 'string' ? `把${where} 复制到 ${dest}` : `${(error.syscall && SYSCALLS_ZH[error.syscall]) ?? error.syscall ?? '访问'}${where || ' 文件'}`;
  return new XinwenError(`io/${error.code!.toLowerCase()}`, say(`无法${doingZh}：${known.what[0]}（${error.code}）`, `cannot ${doing}: ${known.what[1]} (${error.code})`), {
    hint: say(...known.hint),
    cause: error,
  });
}

/** The same error, naming `file` when the system did not (a write to an open file names none). */
export function namingPath(thrown: unknown, file: string): unknown {
  const error = thrown as NodeJS.ErrnoException;
  if (error instanceof Error && typeof error.code === 'string' && error.path === undefined) error.path = file;
  return thrown;
}

/** Turn anything thrown into a list of XinwenErrors; system faults get their meaning, unknown errors are bugs. */
export function asXinwenErrors(thrown: unknown): XinwenError[] {
  if (thrown instanceof XinwenErrors) return thrown.errors;
  if (thrown instanceof XinwenError) return [thrown];
  const system = systemError(thrown);
  if (system) return [system];
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const error = new XinwenError('internal', say(`程序内部错误：${message}`, `internal error: ${message}`), {
    hint: say('这是 xinwen 本身的问题，不是你的内容有错。请加 --debug 再运行一次，把显示的调用栈报告给开发者。', 'This is a bug in xinwen. Run again with --debug and report the stack trace.'),
    cause: thrown,
  });
  if (thrown instanceof Error && thrown.stack) error.stack = thrown.stack;
  return [error];
}
