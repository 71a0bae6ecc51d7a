import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import nunjucks from 'nunjucks';
import { XinwenError } from '../src/core/errors.ts';
import { createTemplateEngine } from '../src/render/templates.ts';
import { storedTemplates } from '../src/render/template-store.ts';
import { tempDir } from './support/site.ts';

/** Counts nunjucks' compiles and parses while `run` runs. */
async function counting<T>(run: () => Promise<T> | T): Promise<{ result: T; compiles: number; parses: number; compiled: Set<string> }> {
  const internals = nunjucks as unknown as { compiler: { compile: (...args: unknown[]) => string }; parser: { parse: (...args: unknown[]) => unknown } };
  const { compile } = internals.compiler;
  const { parse } = internals.parser;
  let compiles = 0;
  let parses = 0;
  const compiled = new Set<string>();
  internals.compiler.compile = (...args) => (compiles++, compiled.add(path.basename(String(args[3]))), compile(...args));
  internals.parser.parse = (...args) => (parses++, parse(...args));
  try {
    return { result: await run(), compiles, parses, compiled };
  } finally {
    internals.compiler.compile = compile;
    internals.parser.parse = parse;
  }
}

function site(): { dir: string; templates: string; store: string } {
  const dir = tempDir('template-store');
  const templates = path.join(dir, 'templates');
  mkdirSync(templates, { recursive: true });
  writeFileSync(path.join(templates, 'page.njk'), '{% include "aside.njk" %}|{{ page.title | upper }}|{% include "footer.njk" %}');
  writeFileSync(path.join(templates, 'aside.njk'), '{% for item in site.hot %}{{ item }},{% endfor %}');
  writeFileSync(path.join(templates, 'footer.njk'), '{{ site.name }}:{{ page.title }}');
  return { dir, templates, store: path.join(dir, 'store') };
}

const CONTEXT = { site: { name: 'S', hot: ['a', 'b'] }, page: { title: 'one' } };

test('templates compiled once are taken from the store by the next engine: nothing parsed or compiled, the same pages and the same code for the workers', async () => {
  const { dir, templates, store } = site();
  const first = await counting(async () => {
    const engine = createTemplateEngine([templates], dir, undefined, storedTemplates(store, 'test-generator'));
    engine.compile(['page.njk']);
    return { html: await engine.render('page.njk', CONTEXT), code: engine.compiledCode() };
  });
  assert.ok(first.compiles >= 3, 'the first engine compiles every template');
  assert.equal(readdirSync(path.join(store, 'test-generator')).length, 3);

  const second = await counting(async () => {
    const engine = createTemplateEngine([templates], dir, undefined, storedTemplates(store, 'test-generator'));
    engine.compile(['page.njk']);
    const html = await engine.render('page.njk', CONTEXT);
    // The site-only part is still found so: the same site view renders it once.
    const again = await engine.render('page.njk', { site: { ...CONTEXT.site, hot: CONTEXT.site.hot }, page: { title: 'two' } });
    return { html, again, code: engine.compiledCode() };
  });
  assert.equal(second.compiles, 0);
  assert.equal(second.parses, 0);
  assert.equal(second.result.html, first.result.html);
  assert.equal(second.result.html, 'a,b,|ONE|S:one');
  assert.equal(second.result.again, 'a,b,|TWO|S:two');
  assert.deepEqual(second.result.code, first.result.code);
});

test('an edited template is compiled again; a template with an unknown filter is never stored; another xinwen keeps its own', async () => {
  const { dir, templates, store } = site();
  const engine = () => createTemplateEngine([templates], dir, undefined, storedTemplates(store, 'test-generator'));
  engine().compile(['page.njk']);
  writeFileSync(path.join(templates, 'footer.njk'), '{{ site.name }}={{ page.title }}');
  const edited = await counting(async () => {
    const e = engine();
    e.compile(['page.njk']);
    return e.render('page.njk', CONTEXT);
  });
  assert.equal(edited.result, 'a,b,|ONE|S=one');
  assert.deepEqual([...edited.compiled], ['footer.njk'], 'only the edited template');
  assert.equal(readdirSync(path.join(store, 'test-generator')).length, 4);

  writeFileSync(path.join(templates, 'footer.njk'), '{{ site.name | shout }}');
  for (let run = 0; run < 2; run++) {
    assert.throws(
      () => engine().compile(['page.njk']),
      (error: unknown) => error instanceof XinwenError && error.code === 'template/unknown-filter' && error.file === 'templates/footer.njk',
    );
  }
  assert.equal(readdirSync(path.join(store, 'test-generator')).length, 4);

  const other = await counting(() => createTemplateEngine([templates], dir, undefined, storedTemplates(store, 'other-generator')).compile(['aside.njk']));
  assert.deepEqual([...other.compiled], ['aside.njk']);
});

test('a stored template that names a template since deleted still stops the check, at its own line', () => {
  const { dir, templates, store } = site();
  const engine = () => createTemplateEngine([templates], dir, undefined, storedTemplates(store, 'test-generator'));
  writeFileSync(path.join(templates, 'page.njk'), 'top\n{% include "aside.njk" %}\n{% include "gone.njk" %}');
  writeFileSync(path.join(templates, 'gone.njk'), 'x');
  engine().compile(['page.njk']);
  rmSync(path.join(templates, 'gone.njk'));
  assert.throws(
    () => engine().compile(['page.njk']),
    (error: unknown) => error instanceof XinwenError && error.code === 'template/not-found' && error.file === 'templates/page.njk' && error.line === 3,
  );
});
