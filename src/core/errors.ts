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
const SYSTEM_ERRORS: Record<string, { what: string; hint: string }> = {
  ENOSPC: { what: 'the disk is full', hint: 'Free some space on that disk (or build into a folder on another disk with --out), then build again.' },
  EDQUOT: { what: 'your disk quota is used up', hint: 'Free some space within your quota (or build into a folder elsewhere with --out), then build again.' },
  EACCES: { what: 'permission denied', hint: 'Give your user permission to read and write there (ls -l shows who may), or choose another folder.' },
  EPERM: { what: 'the operation is not permitted', hint: 'Give your user permission there (ls -l shows who may), or choose another folder.' },
  EROFS: { what: 'the file system is read-only', hint: 'Choose a folder on a writable disk with --out.' },
  EMFILE: { what: 'too many files are open', hint: 'Raise the limit of open files (ulimit -n 4096) or build with --jobs 1.' },
  ENFILE: { what: 'the system has too many files open', hint: 'Close some programs, or build with --jobs 1.' },
  ENAMETOOLONG: { what: 'the path is too long', hint: 'Use a shorter output folder or shorter slugs.' },
  EIO: { what: 'the disk reported an input/output error', hint: 'Check the disk (dmesg, fsck) or build onto another one with --out.' },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', hint: 'Remove or rename the file that stands where a folder should be.' },
  EISDIR: { what: 'it is a folder, not a file', hint: 'Remove or rename the folder that stands where a file should be.' },
  ENOENT: { what: 'it does not exist (it may have been removed while the build ran)', hint: 'Check that nothing else is removing files there, then build again.' },
  EBUSY: { what: 'it is in use by another program', hint: 'Close the program that holds it (a file manager, an editor, a server), then build again.' },
  ENOTEMPTY: { what: 'the folder is not empty', hint: 'Remove what another program put there, then build again.' },
  EEXIST: { what: 'it already exists', hint: 'Remove it, then build again.' },
};

/** A Node system error (with `code`, `syscall` and `path`) as a XinwenError, or undefined for anything else. */
export function systemError(thrown: unknown): XinwenError | undefined {
  const error = thrown as NodeJS.ErrnoException | undefined;
  const known = error && typeof error.code === 'string' ? SYSTEM_ERRORS[error.code] : undefined;
  if (!known || !(error instanceof Error)) return undefined;
  const where = error.path ? ` ${error.path}` : '';
  const dest = (error as { dest?: unknown }).dest;
  const doing = typeof dest === 'string' ? `copy${where} to ${dest}` : error.syscall ? `${error.syscall}${where}` : where.trim() || 'a file';
  return new XinwenError(`io/${error.code!.toLowerCase()}`, `cannot ${doing}: ${known.what} (${error.code})`, { hint: known.hint, cause: error });
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
  const error = new XinwenError('internal', `internal error: ${message}`, {
    hint: 'This is a bug in xinwen. Run again with --debug and report the stack trace.',
    cause: thrown,
  });
  if (thrown instanceof Error && thrown.stack) error.stack = thrown.stack;
  return [error];
}
