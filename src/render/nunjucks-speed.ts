import nunjucks from 'nunjucks';

/**
 * Faster versions of nunjucks runtime functions that every page calls
 * thousands of times, giving the same results. Each `{% for %}` iteration
 * set the seven `loop.*` names with seven `Frame.set` calls, each splitting
 * its name on dots: compiled templates now set them in one call. Other names
 * are split once. Every `{{ }}` escaped its value with a global
 * regular-expression replace, though most values hold nothing to escape.
 * Applied once, to the nunjucks module this process loaded, before any
 * template is compiled.
 */

interface FrameLike {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): FrameLike | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

interface NunjucksRuntime {
  Template: { prototype: { getExported: GetExported } };
  runtime: { Frame: { prototype: FrameLike }; setLoop?: (frame: FrameLike, index: number, length: number) => void };
  lib: { escape(value: string): string };
  compiler: { Compiler: { prototype: { _emitLine(code: string): void; _emitLoopBindings(node: unknown, arr: string, i: string, len: string): void } } };
}

type Exported = Record<string, unknown>;
type ExportedCallback = (error: Error | null, exported: Exported | null) => void;
type GetExported = (this: object, ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback) => void;

let applied = false;

export function speedUpNunjucks(): void {
  if (applied) return;
  applied = true;
  const { runtime, lib, compiler, Template } = nunjucks as unknown as NunjucksRuntime;

  // The dotted parts of each name, split once: names come from the templates' source, so they are few.
  const partsOf = new Map<string, string[]>();
  runtime.Frame.prototype.set = function set(this: FrameLike, name: string, value: unknown, resolveUp?: boolean): void {
    let parts = partsOf.get(name);
    if (parts === undefined) {
      parts = name.split('.');
      partsOf.set(name, parts);
    }
    if (resolveUp) {
      const frame = this.resolve(parts[0]!, true);
      if (frame) {
        frame.set(name, value);
        return;
      }
    }
    let target = this.variables;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i]!;
      if (!target[id]) target[id] = {};
      target = target[id] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = value;
  };

  // What the seven `frame.set("loop.…", …)` of each iteration did, in one call (compiled templates reach it as runtime.setLoop).
  runtime.setLoop = (frame, i, length) => {
    let loop = frame.variables.loop as Record<string, unknown> | undefined;
    if (!loop) loop = frame.variables.loop = {};
    loop.index = i + 1;
    loop.index0 = i;
    loop.revindex = length - i;
    loop.revindex0 = length - i - 1;
    loop.first = i === 0;
    loop.last = i === length - 1;
    loop.length = length;
  };
  compiler.Compiler.prototype._emitLoopBindings = function emitLoopBindings(_node, _arr, i, len) {
    this._emitLine(`runtime.setLoop(frame, ${i}, ${len});`);
  };

  const escape = lib.escape;
  // The characters nunjucks escapes: a value without any is returned as it is.
  const ESCAPED = /[&"'<>\\]/;
  lib.escape = (value: string) => (ESCAPED.test(value) ? escape(value) : value);

  // `{% from "x.njk" import m %}` ran x.njk's top level again on every page, and in every list item that imports it. Imported
  // without context (the default), its macros depend only on their arguments and the globals: each template's are made once.
  const getExported = Template.prototype.getExported;
  const exportedOf = new WeakMap<object, Exported>();
  Template.prototype.getExported = function cachedExports(this: object, ctx?: unknown, parentFrame?: unknown, cb?: ExportedCallback): void {
    if (typeof ctx !== 'function') return getExported.call(this, ctx, parentFrame, cb);
    const done = ctx as ExportedCallback;
    const known = exportedOf.get(this);
    if (known) return done(null, known);
    getExported.call(this, (error: Error | null, exported: Exported | null) => {
      if (!error && exported) exportedOf.set(this, exported);
      done(error, exported);
    });
  };
}
