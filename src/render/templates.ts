import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { XinwenError } from '../core/errors.ts';

export interface TemplateEngine {
  /** Render a template; any template problem becomes a XinwenError with file and line. */
  render(name: string, context: object): Promise<string>;
  /** Compile templates now, so syntax errors surface before any page is written. */
  compile(names: readonly string[]): void;
}

/** Rewrites a template's source as it is loaded, given the folder it came from. */
export type SourceTransform = (source: string, dir: string) => string;

/**
 * A FileSystemLoader that passes each template through `transform` once,
 * when it is first loaded: this is how a template's own words are converted
 * to a variant's script (see convert/template.ts).
 */
class TransformingLoader extends nunjucks.FileSystemLoader {
  constructor(
    private readonly dirs: readonly string[],
    private readonly transform: SourceTransform,
  ) {
    super(dirs as string[], { noCache: false });
  }

  override getSource(name: string): nunjucks.LoaderSource {
    const found = super.getSource(name) as nunjucks.LoaderSource | null;
    if (!found) return found as unknown as nunjucks.LoaderSource;
    const dir = this.dirs.find((candidate) => found.path.startsWith(path.resolve(candidate) + path.sep)) ?? this.dirs[0]!;
    return { ...found, src: this.transform(found.src, dir) };
  }
}

/**
 * The one place nunjucks is configured. `dirs` are searched in order, so a
 * site's own templates/ overrides the built-in ones file by file.
 */
export function createTemplateEngine(dirs: readonly string[], root: string, transform?: SourceTransform): TemplateEngine {
  const loader = transform ? new TransformingLoader(dirs, transform) : new nunjucks.FileSystemLoader(dirs as string[], { noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: true });
  const wrap = (error: unknown, name: string) => templateError(error, name, dirs, root);
  return {
    render(name, context) {
      // The callback form reports a broken include; the synchronous form returns null instead.
      return new Promise((resolve, reject) => {
        env.render(name, context, (error, html) => {
          if (error || typeof html !== 'string') reject(wrap(error ?? new Error('the template produced nothing'), name));
          else resolve(html);
        });
      });
    },
    compile(names) {
      for (const name of names) {
        try {
          env.getTemplate(name, true);
        } catch (error) {
          throw wrap(error, name);
        }
      }
    },
  };
}

const LOCATION = /\(([^()\n]+)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?/g;

function templateError(error: unknown, name: string, dirs: readonly string[], root: string): XinwenError {
  if (error instanceof XinwenError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  // nunjucks writes "(file) [Line n, Column m]" once per template it passed through; the last is the culprit.
  let file: string | undefined;
  let line: number | undefined;
  let column: number | undefined;
  for (const match of raw.matchAll(LOCATION)) {
    if (match[1] === 'unknown path' || !match[1]!.endsWith('.njk')) continue;
    file = match[1];
    line = match[2] ? Number(match[2]) : line;
    column = match[3] ? Number(match[3]) : column;
  }
  const message = raw
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part && !/^\([^)]*\)( \[Line \d+(, Column \d+)?\])?$/.test(part))
    .join(' ')
    .replace(/^Template render error: /, '')
    .replace(/^\([^)]*\)( \[Line \d+(, Column \d+)?\])? ?/, '')
    .replace(/^(Template render error: )?(\w*Error: )/, '');
  const missing = /template not found: (\S+)/.exec(raw);
  const absolute = file ?? findTemplate(dirs, name);
  const shown = absolute ? path.relative(root, absolute) || absolute : name;
  let source: string | undefined;
  if (absolute && line && existsSync(absolute)) source = readFileSync(absolute, 'utf8');
  const text = missing ? `template missing: ${missing[1]} does not exist` : `template failed: ${message}`;
  return new XinwenError(missing ? 'template/not-found' : 'template/error', text, {
    file: shown,
    line,
    column,
    source,
    hint: missing
      ? `Create ${missing[1]} in your templates/ folder, or fix the name in the {% include %} / {% extends %} that asks for it.`
      : /filter not found/.test(message)
        ? 'That filter does not exist: check its spelling against the Nunjucks built-in filters.'
        : /undefined|null/.test(message)
        ? 'A template uses a variable that does not exist here; check its spelling, or guard it with {% if … %}.'
        : 'Fix the template syntax at that line; see the templates section of the README for what each page receives.',
    cause: error,
  });
}

function findTemplate(dirs: readonly string[], name: string): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
