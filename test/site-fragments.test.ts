import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import nunjucks from 'nunjucks';
import { readsOnlySite, type TemplateTree } from '../src/render/site-fragments.ts';
import { createTemplateEngine } from '../src/render/templates.ts';
import { tempDir } from './support/site.ts';

const parse = (source: string) => (nunjucks as unknown as { parser: { parse(s: string, e: unknown[], o: object): TemplateTree } }).parser.parse(source, [], {});

test('a template is reused per site only when it reads nothing but site', () => {
  const reused = [
    '<aside>{% for item in site.hot %}<a href="{{ item.href }}">{{ item.title }}</a>{{ loop.index }}{% endfor %}</aside>',
    '{% for a, b in site.pairs %}{{ a }}{{ b }}{% else %}{{ site.empty }}{% endfor %}',
    '{{ site.contact.hotline | replace(" ", "") }}{{ site.a if site.b else site.c }}',
  ];
  const rendered = [
    '{{ page.title }}',
    '{% for item in site.hot %}{% endfor %}{{ item }}',
    '{{ loop.index }}',
    '{{ site.hot | random }}',
    '{% set x = site.name %}{{ x }}',
    '{{ range(3) }}',
    '{% include "other.njk" %}',
  ];
  for (const source of reused) assert.equal(readsOnlySite(parse(source)), true, source);
  for (const source of rendered) assert.equal(readsOnlySite(parse(source)), false, source);
});

test('a site-only part is rendered once per site view; parts that read the page still follow each page', async () => {
  const { dir, templates } = pageTemplates();
  const engine = createTemplateEngine([templates], dir);
  engine.compile(['page.njk']);
  const site = { name: 'S', hot: ['a', 'b'] };
  assert.equal(await engine.render('page.njk', { site, page: { title: 'one' } }), 'one|a,b,|S:one');
  assert.equal(await engine.render('page.njk', { site, page: { title: 'two' } }), 'two|a,b,|S:two');
  // Another site view (another script tree, another batch) is rendered anew.
  assert.equal(await engine.render('page.njk', { site: { name: 'T', hot: ['c'] }, page: { title: 'three' } }), 'three|c,|T:three');
});

test('an engine that takes another engine\'s compiled templates renders alike and reuses the same site-only parts, without reading a template', async () => {
  const { dir, templates } = pageTemplates();
  const first = createTemplateEngine([templates], dir);
  first.compile(['page.njk']);
  const compiled = first.compiledCode();
  assert.deepEqual(compiled.map((each) => [each.name, each.perSite]).sort(), [['page.njk', false], ['reads-page.njk', false], ['site-only.njk', true]]);
  const second = createTemplateEngine([path.join(dir, 'nowhere')], dir);
  second.useCompiled(compiled);
  const site = { name: 'S', hot: ['a', 'b'] };
  assert.equal(await second.render('page.njk', { site, page: { title: 'one' } }), 'one|a,b,|S:one');
  site.hot.push('c'); // the same site view: its site-only part is not rendered again
  assert.equal(await second.render('page.njk', { site, page: { title: 'two' } }), 'two|a,b,|S:two');
});

/** A page template with a part that reads only the site and one that reads the page. */
function pageTemplates(): { dir: string; templates: string } {
  const dir = tempDir('site-fragments');
  const templates = path.join(dir, 'templates');
  mkdirSync(templates, { recursive: true });
  writeFileSync(path.join(templates, 'page.njk'), '{{ page.title }}|{% include "site-only.njk" %}|{% include "reads-page.njk" %}');
  writeFileSync(path.join(templates, 'site-only.njk'), '{% for item in site.hot %}{{ item }},{% endfor %}');
  writeFileSync(path.join(templates, 'reads-page.njk'), '{{ site.name }}:{{ page.title }}');
  return { dir, templates };
}
