import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** vnu-jar's main export is the path of vnu.jar (a String object). */
export const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

export interface VnuMessage {
  /** `error`, or `non-document-error` when a file could not be read. */
  type: string;
  subType?: string;
  /** Output file, relative to the folder checked. */
  file: string;
  line?: number;
  column?: number;
  message: string;
  extract?: string;
}

/**
 * Run the Nu Html Checker once over `files` (relative to `dir`) with the system's java, errors only.
 * Fails with an install hint when java is missing (vnu-jar would otherwise download a runtime).
 */
export function validateHtml(dir: string, files: string[]): VnuMessage[] {
  const result = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'java is not installed, so the Nu Html Checker cannot run: `apt-get install -y --no-install-recommends default-jre-headless` (.ci/run does this).'
        : `could not run java: ${result.error.message}`,
    );
  }
  // vnu writes its JSON report to stderr; exit status 1 only means "errors found".
  let report: { messages?: { type: string; subType?: string; url?: string; lastLine?: number; firstColumn?: number; message: string; extract?: string }[] };
  try {
    report = JSON.parse(result.stderr);
  } catch {
    throw new Error(`the Nu Html Checker did not report JSON (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return (report.messages ?? [])
    .filter((m) => m.type !== 'info')
    .map((m) => ({
      type: m.type,
      subType: m.subType,
      file: m.url ? path.relative(dir, fileURLToPath(m.url)).split(path.sep).join('/') : '(unknown file)',
      line: m.lastLine,
      column: m.firstColumn,
      message: m.message,
      extract: m.extract,
    }));
}

export function formatVnuMessages(messages: VnuMessage[]): string {
  return messages
    .map((m) => {
      const where = `${m.file}${m.line === undefined ? '' : `:${m.line}`}${m.column === undefined ? '' : `:${m.column}`}`;
      const extract = m.extract ? `\n      ${m.extract.replace(/\n/g, '↵')}` : '';
      return `  ${where}: ${m.type}: ${m.message}${extract}`;
    })
    .join('\n');
}
