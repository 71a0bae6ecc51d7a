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

/** Turn anything thrown into a list of XinwenErrors; unknown errors are bugs. */
export function asXinwenErrors(thrown: unknown): XinwenError[] {
  if (thrown instanceof XinwenErrors) return thrown.errors;
  if (thrown instanceof XinwenError) return [thrown];
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const error = new XinwenError('internal', `internal error: ${message}`, {
    hint: 'This is a bug in xinwen. Run again with --debug and report the stack trace.',
    cause: thrown,
  });
  if (thrown instanceof Error && thrown.stack) error.stack = thrown.stack;
  return [error];
}
