import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { XinwenError } from '../core/errors.ts';
import { isInside } from '../core/paths.ts';
import { PACKAGE_ROOT } from '../core/site-folders.ts';
import { speedUpNunjucks } from './nunjucks-speed.ts';
import { readsOnlySite, reuseOutputPerSite, type TemplateTree } from './site-fragments.ts';
import type { StoredTemplate, TemplateStore } from './template-store.ts';
import { say } from '../core/language.ts';

export interface TemplateEngine {
  /** Render a template; any template problem becomes a XinwenError with file and line. */
  render(name: string, context: object): Promise<string>;
  /** Compile templates now, so syntax errors surface before any page is written. */
  compile(names: readonly string[]): void;
  /** The compiled code of every template compiled so far, for an engine of the same folders and script to take (`useCompiled`). */
  compiledCode(): CompiledTemplate[];
  /** Take templates compiled by another engine: no template is read, converted or compiled here. */
  useCompiled(templates: readonly CompiledTemplate[]): void;
}

/** A template as compiled code: plain data, sent to the build's worker threads. */
export interface CompiledTemplate {
  /** The name nunjucks keeps it under. */
  name: string;
  path: string;
  /** The body of a function returning the template's render functions (nunjucks' compiler output). */
  code: string;
  /** Rendered once per site view (see site-fragments.ts). */
  perSite: boolean;
}

/** Rewrites a template's source as it is loaded, given the folder it came from. */
export type SourceTransform = (source: string, dir: string) => string;

/**
 * A FileSystemLoader that passes each template through `transform` once,
 * when it is first loaded: this is how a template's own words are converted
 * to a variant's script (see convert/template.ts). A template that is a
 * symbolic link out of its site (or out of xinwen's own folder, for the
 * built-in theme) is refused: its text would be published.
 */
class SiteLoader extends nunjucks.FileSystemLoader {
  /** Each template loaded, by path: its key in the store, and what the store holds of it (found there, or compiled and put there). */
  readonly known = new Map<string, { key: string; stored?: StoredTemplate }>();

  constructor(
    private readonly dirs: readonly string[],
    private readonly root: string,
    private readonly transform?: SourceTransform,
    private readonly store?: TemplateStore,
  ) {
    super(dirs as string[], { noCache: false });
  }

  override getSource(name: string): nunjucks.LoaderSource {
    const found = super.getSource(name) as nunjucks.LoaderSource | null;
    if (!found) return found as unknown as nunjucks.LoaderSource;
    const dir = this.dirs.find((candidate) => found.path.startsWith(path.resolve(candidate) + path.sep)) ?? this.dirs[0]!;
    const real = realpathSync(found.path);
    const bound = realpathSync(isInside(dir, PACKAGE_ROOT) ? PACKAGE_ROOT : this.root);
    if (!isInside(real, bound)) {
      throw new XinwenError('template/link-outside', say(`模板 ${name} 是一个符号链接，指向站点文件夹以外的 ${real}`, `the template ${name} is a symbolic link out of the site folder, to ${real}`), {
        file: shownPath(this.root, found.path),
        hint: say('把模板复制到 templates/ 里，不要用链接；或者删掉这个链接。', 'Copy the template into templates/ instead of linking to it, or delete the link.'),
      });
    }
    const src = this.transform ? this.transform(found.src, dir) : found.src;
    if (!this.store) return { ...found, src };
    const key = this.store.keyOf(found.path, src);
    const stored = this.store.get(key);
    this.known.set(found.path, { key, stored });
    if (!stored) return { ...found, src };
    // As compiled before: nunjucks takes a template's render functions as they are (its precompiled form) and compiles nothing.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- nunjucks' own way to load compiled templates (its Template does the same)
    return { ...found, src: { type: 'code', obj: new Function(stored.code)() as unknown } as unknown as string };
  }
}

/**
 * The one place nunjucks is configured. `dirs` are searched in order, so a
 * site's own templates/ overrides the built-in ones file by file.
 */
export function createTemplateEngine(dirs: readonly string[], root: string, transform?: SourceTransform, store?: TemplateStore): TemplateEngine {
  speedUpNunjucks();
  const loader = new SiteLoader(dirs, root, transform, store);
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: true });
  const wrap = (error: unknown, name: string) => templateError(error, name, dirs, root);
  const internals = nunjucks as unknown as NunjucksInternals;
  const cache = (loader as unknown as { cache: Record<string, LoadedTemplate> }).cache;
  const perSite = new WeakSet<object>();
  const options = env as unknown as { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
  // A template's code: as the store kept it, else compiled again from its source (nunjucks keeps only the functions).
  const codeOf = (template: LoadedTemplate) =>
    loader.known.get(template.path)?.stored?.code ?? internals.compiler.compile(template.tmplStr, options.asyncFilters, options.extensionsList, template.path, options.opts);
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
      const checking: Checking = { env, root, checked: new Set(), wrap, perSite, known: loader.known, store, codeOf };
      for (const name of names) lint(checking, name, undefined);
    },
    compiledCode() {
      return Object.entries(cache).map(([name, template]) => ({ name, path: template.path, code: codeOf(template), perSite: perSite.has(template) }));
    },
    useCompiled(templates) {
      const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
      for (const compiled of templates) {
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- nunjucks' own way to load compiled templates (its Template does the same)
        const code = { type: 'code', obj: new Function(compiled.code)() as unknown };
        const template = new internals.Template(code, env, compiled.path, true);
        if (compiled.perSite) reuseOutputPerSite(template as unknown as Parameters<typeof reuseOutputPerSite>[0], globals);
        cache[compiled.name] = template;
      }
    },
  };
}

/** The parts of nunjucks' undocumented parser API used to look inside a template. */
interface TemplateNode {
  typename: string;
  lineno: number;
  colno: number;
  findAll(type: unknown): TemplateNode[];
  name?: { value: unknown };
  template?: { typename: string; value: unknown };
  ignoreMissing?: boolean;
}
interface NunjucksInternals {
  parser: { parse(source: string, extensions: unknown, options: unknown): TemplateNode };
  nodes: Record<'Filter' | 'FilterAsync' | 'Extends' | 'Include' | 'Import' | 'FromImport', unknown>;
  compiler: { compile(source: string, asyncFilters: unknown, extensions: unknown, name: string, options: unknown): string };
  Template: new (source: unknown, env: nunjucks.Environment, path: string, eagerCompile: boolean) => LoadedTemplate;
}
interface LoadedTemplate {
  tmplStr: string;
  path: string;
}

/** Where a template names another one, to report a missing template at that line. */
interface Reference {
  file: string;
  line: number;
  column: number;
}

interface Checking {
  env: nunjucks.Environment;
  root: string;
  /** Templates already looked at in this pass. */
  checked: Set<string>;
  wrap: (error: unknown, name: string) => XinwenError;
  /** Templates rendered once per site view. */
  perSite: WeakSet<object>;
  /** Templates as the loader met them in the store. */
  known: SiteLoader['known'];
  store?: TemplateStore;
  codeOf: (template: LoadedTemplate) => string;
}

/**
 * Compile `name`, then look inside it for what would only fail when a page is
 * rendered, so `xinwen check` finds it too and the build stops before it
 * writes: an unknown filter, and an include, import or extends of a template
 * that does not exist. Templates it names by a literal are checked in turn.
 */
function lint(checking: Checking, name: string, from: (Reference & { parent: string }) | undefined): void {
  const { env, root, checked, wrap, perSite, known, store, codeOf } = checking;
  if (checked.has(name)) return;
  checked.add(name);
  let template: LoadedTemplate;
  try {
    const getTemplate = env.getTemplate as unknown as (name: string, eager: boolean, parent?: string) => LoadedTemplate;
    template = getTemplate.call(env, name, true, from?.parent);
  } catch (error) {
    const wrapped = wrap(error, name);
    if (from && wrapped.code === 'template/not-found') {
      const { parent: _parent, ...where } = from;
      throw new XinwenError(wrapped.code, wrapped.message, { ...where, file: shownPath(root, from.file), source: readFileSync(from.file, 'utf8'), hint: wrapped.hint, cause: error });
    }
    throw wrapped;
  }
  const met = known.get(template.path);
  // Checked when it was stored: what the check found is kept with its code.
  const facts = met?.stored ?? check(checking, template);
  if (met && !met.stored && store) {
    // Kept here too: the state for the next build takes this code, not a third compile.
    met.stored = { ...facts, code: codeOf(template) };
    store.put(met.key, met.stored);
  }
  // The same on every page of a script tree (the sidebar, the footer): rendered once per site view.
  if (facts.perSite && !perSite.has(template)) {
    reuseOutputPerSite(template as unknown as Parameters<typeof reuseOutputPerSite>[0], (env as unknown as { globals: Record<string, unknown> }).globals);
    perSite.add(template);
  }
  for (const reference of facts.references) lint(checking, reference.name, { file: template.path, line: reference.line, column: reference.column, parent: name });
}

/**
 * Look inside a compiled template: is it the same for every page of a site
 * view, does it use a filter that does not exist (then it stops here), and
 * which templates does it name by a literal.
 */
function check(checking: Checking, template: LoadedTemplate): Omit<StoredTemplate, 'code'> {
  const { env, root } = checking;
  const { parser, nodes } = nunjucks as unknown as NunjucksInternals;
  const internals = env as unknown as { extensionsList: unknown; opts: unknown; filters: Record<string, unknown> };
  const tree = parser.parse(template.tmplStr, internals.extensionsList, internals.opts);
  for (const type of [nodes.Filter, nodes.FilterAsync]) {
    for (const node of tree.findAll(type)) {
      const filter = String(node.name?.value);
      if (internals.filters[filter]) continue;
      throw new XinwenError('template/unknown-filter', unknownFilter(filter), {
        file: shownPath(root, template.path),
        line: node.lineno + 1,
        column: node.colno + 1,
        // The file as written, not as converted for this variant.
        source: readFileSync(template.path, 'utf8'),
        hint: unknownFilterHint(),
      });
    }
  }
  const references: StoredTemplate['references'] = [];
  for (const type of [nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport]) {
    for (const node of tree.findAll(type)) {
      // Names computed at render time cannot be checked here; `ignore missing` may name nothing.
      if (node.template?.typename !== 'Literal' || typeof node.template.value !== 'string' || node.ignoreMissing) continue;
      references.push({ name: node.template.value, line: node.lineno + 1, column: node.colno + 1 });
    }
  }
  return { perSite: readsOnlySite(tree as unknown as TemplateTree), references };
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
  const shown = absolute ? shownPath(root, absolute) : name;
  const source = absolute && existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
  if (missing) {
    return new XinwenError('template/not-found', say(`缺少模板：${missing[1]} 不存在`, `template missing: ${missing[1]} does not exist`), {
      file: shown,
      line,
      column,
      source: line ? source : undefined,
      hint: say(
        `在 templates/ 文件夹里新建 ${missing[1]}，或者改正引用它的 {% include %} / {% extends %} 里的名字。`,
        `Create ${missing[1]} in your templates/ folder, or fix the name in the {% include %} / {% extends %} that asks for it.`,
      ),
      cause: error,
    });
  }
  const filter = /filter not found: (\S+)/.exec(message);
  if (filter) {
    // nunjucks gives the line of the last output it started, not of the filter: find the filter itself.
    const at = source === undefined ? undefined : findFilter(source, filter[1]!);
    return new XinwenError('template/unknown-filter', unknownFilter(filter[1]!), {
      file: shown,
      line: at?.line ?? line,
      column: at?.column ?? column,
      source: (at?.line ?? line) ? source : undefined,
      hint: unknownFilterHint(),
      cause: error,
    });
  }
  if (/attempted to output null or undefined value/.test(message)) {
    const expression = source !== undefined && line ? outputAt(source, line, column) : undefined;
    return new XinwenError(
      'template/undefined',
      expression
        ? say(`模板要显示 \`${expression}\`，但它在这里没有定义（或为 null）`, `template outputs \`${expression}\`, which is undefined or null here`)
        : say('模板要显示的一个变量在这里没有定义（或为 null）', 'template outputs a variable that is undefined or null here'),
      {
        file: shown,
        line,
        column,
        source: line ? source : undefined,
        hint: say(
          '对照每种页面能用的变量检查拼写（README 的“Templates and styles”一节），或者只在它有值时显示：{% if x %}{{ x }}{% endif %}。',
          'Check the spelling against what each page receives (README, "Templates and styles"), or show it only when set: {% if x %}{{ x }}{% endif %}.',
        ),
        cause: error,
      },
    );
  }
  return new XinwenError('template/error', say(`模板语法有误（Nunjucks 报告：${message}）`, `template failed: ${message}`), {
    file: shown,
    line,
    column,
    source: line ? source : undefined,
    hint: say(
      '改正这一行的模板语法；每种页面能用哪些变量，见 README 里模板的一节。',
      'Fix the template syntax at that line; see the templates section of the README for what each page receives.',
    ),
    cause: error,
  });
}

function unknownFilter(filter: string): string {
  return say(`模板用了不存在的过滤器 \`${filter}\``, `template uses the filter \`${filter}\`, which does not exist`);
}

function unknownFilterHint(): string {
  return say(
    '检查拼写。Nunjucks 有 upper、lower、length、join、truncate、replace、safe、escape 等过滤器，但没有日期过滤器（日期请用 article.date.text）。',
    'Check its spelling; Nunjucks has filters such as upper, lower, length, join, truncate, replace, safe and escape, but no date filter (use article.date.text).',
  );
}

/** Line and column of the first `| name` in a template. */
function findFilter(source: string, name: string): { line: number; column: number } | undefined {
  const lines = source.split(/\r?\n/);
  const pattern = new RegExp(`\\|\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (const [index, text] of lines.entries()) {
    const match = pattern.exec(text);
    if (match) return { line: index + 1, column: match.index + match[0].length - name.length + 1 };
  }
  return undefined;
}

/** The expression of the `{{ … }}` at (or just before) a line and column, for naming what was undefined. */
function outputAt(source: string, line: number, column = 1): string | undefined {
  const text = source.split(/\r?\n/)[line - 1] ?? '';
  const open = text.lastIndexOf('{{', Math.max(0, column - 1));
  const from = open === -1 ? text.indexOf('{{') : open;
  if (from === -1) return undefined;
  const close = text.indexOf('}}', from);
  if (close === -1) return undefined;
  const expression = text.slice(from + 2, close).replace(/^-|-$/g, '').trim();
  return expression || undefined;
}

function shownPath(root: string, absolute: string): string {
  return path.relative(root, absolute) || absolute;
}

function findTemplate(dirs: readonly string[], name: string): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
