/**
 * Parts of a page that are the same on every page of a script tree: in the
 * built-in theme the sidebar (热门文章, 联系我们) and the footer, which read
 * nothing but `site`. An included template whose every name is `site` or a
 * name bound by its own `{% for %}` gives the same HTML for the same `site`,
 * so it is rendered once per site view and reused: a site's own templates
 * are looked at the same way, and a template that reads anything else (the
 * page, a global such as `range`, the `random` filter) or does anything
 * else (`set`, an include, a macro, a block) is rendered every time, as
 * before.
 */

/** The parts of a nunjucks parse-tree node looked at here. */
export interface TemplateTree {
  typename: string;
  fields: readonly string[];
  value?: unknown;
  children?: TemplateTree[];
  [field: string]: unknown;
}

/** Nodes that compute a value or write output, and nothing else. */
const PURE_NODES = new Set([
  'Root', 'NodeList', 'Output', 'TemplateData', 'Literal', 'Symbol', 'LookupVal', 'If', 'InlineIf', 'For', 'Filter', 'Compare', 'CompareOperand',
  'And', 'Or', 'Not', 'Group', 'Array', 'Dict', 'Pair', 'KeywordArgs', 'Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Neg', 'Pos', 'In', 'Is', 'Concat',
]);

/** True when the template's output depends on nothing but the value of `site` (see above). */
export function readsOnlySite(tree: TemplateTree): boolean {
  return pure(tree, new Set(['site']));
}

function pure(node: unknown, names: ReadonlySet<string>): boolean {
  if (node === null || node === undefined || typeof node !== 'object') return true;
  if (Array.isArray(node)) return node.every((each) => pure(each, names));
  const tree = node as TemplateTree;
  if (!PURE_NODES.has(tree.typename)) return false;
  switch (tree.typename) {
    case 'Symbol':
      return names.has(String(tree.value));
    case 'Filter': {
      // The filter's name is a Symbol too, but names a filter, not a variable; `random` differs on every call.
      const name = (tree.name as TemplateTree | undefined)?.value;
      return name !== 'random' && pure(tree.args, names);
    }
    case 'For': {
      // The loop's names (and `loop`) exist inside its body only.
      const target = tree.name as TemplateTree;
      const bound = target.typename === 'Symbol' ? [target] : (target.children ?? []);
      if (!bound.every((each) => each.typename === 'Symbol')) return false;
      const inner = new Set([...names, 'loop', ...bound.map((each) => String(each.value))]);
      return pure(tree.arr, names) && pure(tree.body, inner) && pure(tree.else_, names);
    }
  }
  if (tree.children && !tree.children.every((child) => pure(child, names))) return false;
  return tree.fields.every((field) => pure(tree[field], names));
}

/** A compiled nunjucks template, as far as rendering it goes. */
interface RenderableTemplate {
  render(context: object, frame: FrameLike | null, callback: (error: unknown, html?: string) => void): unknown;
}

interface FrameLike {
  lookup(name: string): unknown;
}

/**
 * Make `template` answer an include from its last output when `site`
 * resolves to the same object as then (the same lookup nunjucks makes:
 * the including template's variables first, then the context). A template
 * rendered on its own, or with a `site` that is not an object, renders as usual.
 */
export function reuseOutputPerSite(template: RenderableTemplate, globals: Record<string, unknown>): void {
  const render = template.render.bind(template);
  const outputs = new WeakMap<object, string>();
  template.render = (context, frame, callback) => {
    if (!frame || typeof callback !== 'function') return render(context, frame, callback);
    const fromFrame = frame.lookup('site');
    const site = fromFrame !== undefined ? fromFrame : 'site' in globals && !('site' in context) ? globals.site : (context as { site?: unknown }).site;
    if (typeof site !== 'object' || site === null) return render(context, frame, callback);
    const known = outputs.get(site);
    // An include with a frame gets its answer synchronously, as nunjucks gives it.
    if (known !== undefined) return callback(null, known);
    return render(context, frame, (error, html) => {
      if (!error && typeof html === 'string') outputs.set(site, html);
      callback(error, html);
    });
  };
}
