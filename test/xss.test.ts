import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type DefaultTreeAdapterMap, parse, parseFragment } from 'parse5';
import { SaxesParser } from 'saxes';
import { unsafeUrlScheme } from '../src/core/unsafe-url.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';
import { searchSite } from './support/search-node.ts';
import { buildSite, copyFixture, FIXTURES, listFiles, PROJECT, readPage, tempDir, xinwen } from './support/site.ts';

/**
 * Escaping. test/fixtures/xss puts the payloads below into every settings
 * text and every front-matter field that reaches output, and raw HTML with
 * dangerous links and handlers into Markdown bodies. Every output file of a
 * build (pages in both scripts, feeds, sitemap, robots.txt, the search
 * index) is parsed as a browser or feed reader would, and must hold the
 * payloads as text only: no element, attribute or javascript: URL made by a
 * payload, and no template syntax evaluated.
 */
const PAYLOAD =
  '联系<script>alert(1)</script>"><img src=x onerror=alert(1)>javascript:alert(1)</title><script>alert(1)</script>]]><script>alert(1)</script>\'-alert(1)-\'〔{{ 7*7 }}〕{% raw %}]]>';
/** The payload as the traditional tree shows it: only 联系 changes. */
const PAYLOAD_HANT = PAYLOAD.replace('联系', '聯繫');
/** Each field of the fixture holds `F-<field> ` and the payload, so it can be found on a page. */
const field = (name: string, hant: boolean) => `F-${name} ${hant ? PAYLOAD_HANT : PAYLOAD}`;

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];
type Element = DefaultTreeAdapterMap['element'];

/** Attributes a browser follows or loads as a URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'ping', 'longdesc', 'usemap', 'codebase', 'manifest']);

/** Written here, not imported, so the check does not lean on the code it checks. */
function runsCode(url: string): boolean {
  // Browsers ignore leading and trailing C0 controls and spaces, and drop tabs and line breaks anywhere.
  const value = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '').toLowerCase();
  return /^(javascript|vbscript):/.test(value) || (value.startsWith('data:') && !/^data:image\/(gif|png|jpeg|webp);/.test(value));
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function* walk(node: Node, inBody = false): Generator<{ element: Element; inBody: boolean }> {
  const children = 'content' in node && node.nodeName === 'template' ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
  for (const child of children) {
    if (!isElement(child)) continue;
    const body = inBody || (child.attrs.find((a) => a.name === 'class')?.value.split(' ').includes('article-body') ?? false);
    yield { element: child, inBody: body };
    yield* walk(child, body);
  }
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

/** Text nodes and attribute values of a tree: where a payload must show up, whole, as data. */
function strings(node: Node): string[] {
  const out: string[] = [];
  const visit = (current: Node) => {
    if (current.nodeName === '#text' && 'value' in current) out.push(current.value);
    if (isElement(current)) for (const a of current.attrs) out.push(a.value);
    const children = 'content' in current && current.nodeName === 'template' ? current.content.childNodes : 'childNodes' in current ? current.childNodes : [];
    for (const child of children) visit(child);
  };
  visit(node);
  return out;
}

interface MarkupRules {
  /** `raw_html: allow`: an article body may run scripts (editors are trusted); javascript: URLs are still never emitted. */
  bodiesMayRunScripts?: boolean;
  /** The page is the search page, whose one script is the site's own. */
  searchPage?: boolean;
  /** The tree is an article body on its own (a feed's content). */
  body?: boolean;
}

/** Elements and attributes a payload made, as "where: what" lines; empty when the tree is inert. */
function liveMarkup(tree: Node, rules: MarkupRules = {}): string[] {
  const found: string[] = [];
  let titles = 0;
  for (const { element, inBody } of walk(tree, rules.body)) {
    const name = element.tagName;
    const trusted = inBody && rules.bodiesMayRunScripts;
    if (name === 'script' && !trusted) {
      const ownSearchScript = rules.searchPage && attr(element, 'type') === 'module' && attr(element, 'src') === '/assets/search.js' && element.childNodes.length === 0;
      // The theme's own: its script file, and the few lines (outside any article body) that apply the reader's 字号 and 长辈模式 before the first paint.
      const ownThemeScript = attr(element, 'src') === '/assets/xinwen.js' && element.childNodes.length === 0;
      const text = element.childNodes.map((child) => ('value' in child ? String(child.value) : '')).join('');
      const ownEarlyScript = !inBody && attr(element, 'src') === undefined && text.startsWith('/* Before the first paint') && !/[<>]|alert/.test(text);
      if (!ownSearchScript && !ownThemeScript && !ownEarlyScript) found.push(`<script> ${JSON.stringify(attr(element, 'src') ?? '')}`);
    }
    if (name === 'title') titles++;
    if (!inBody && name === 'img' && attr(element, 'src') === 'x') found.push('<img src=x> outside an article body');
    if (!inBody && name === 'b') found.push('<b> from date_format');
    if (!trusted && ['iframe', 'object', 'embed', 'form', 'style', 'svg', 'math'].includes(name) && inBody) found.push(`<${name}> in a body`);
    if (!trusted && name === 'meta' && attr(element, 'http-equiv')) found.push('<meta http-equiv>');
    for (const { name: attribute, value } of element.attrs) {
      if (/^on/i.test(attribute) && !trusted) found.push(`<${name} ${attribute}>`);
      if (URL_ATTRIBUTES.has(attribute) && runsCode(value)) found.push(`<${name} ${attribute}="${value}">`);
      if ((attribute === 'srcset' || attribute === 'imagesrcset') && value.split(',').some((candidate) => runsCode(candidate.trim().split(/\s+/)[0] ?? ''))) {
        found.push(`<${name} ${attribute}="${value}">`);
      }
    }
  }
  if (tree.nodeName === '#document' && titles !== 1) found.push(`${titles} <title> elements`);
  return found;
}

function htmlFiles(out: string): string[] {
  return listFiles(out).filter((file) => file.endsWith('.html'));
}

/** Every page of a build, checked: file → problems. */
function inertPages(out: string, rules: MarkupRules = {}): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const file of htmlFiles(out)) {
    const found = liveMarkup(parse(readPage(out, file)), { ...rules, searchPage: file.endsWith('search/index.html') });
    if (found.length > 0) problems[file] = found;
  }
  return problems;
}

/** A parsed XML element: name, attributes, children and its own text (character data and CDATA together). */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parse XML with saxes, which enforces XML 1.0 well-formedness (it throws on the first error). */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => void (stack.at(-1)!.text += text));
  parser.on('cdata', (text) => void (stack.at(-1)!.text += text));
  parser.write(xml).close();
  return root.children[0]!;
}

function* xmlElements(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const child of element.children) yield* xmlElements(child);
}

const RSS_ELEMENTS = ['rss', 'channel', 'title', 'link', 'description', 'lastBuildDate', 'docs', 'generator', 'language', 'copyright', 'atom:link', 'item', 'guid', 'pubDate', 'content:encoded', 'author', 'dc:creator', 'category'];
const ATOM_ELEMENTS = ['feed', 'id', 'title', 'updated', 'generator', 'link', 'subtitle', 'rights', 'entry', 'summary', 'content', 'author', 'name', 'email', 'uri', 'category', 'contributor', 'published', 'icon', 'logo'];
const SITEMAP_ELEMENTS = ['urlset', 'url', 'loc', 'lastmod', 'xhtml:link', 'sitemapindex', 'sitemap'];

/** Every element name that is not an expected one: a payload that became XML markup. */
function strayElements(root: XmlElement, expected: readonly string[]): string[] {
  return [...xmlElements(root)].map((element) => element.name).filter((name) => !expected.includes(name));
}

/**
 * The human-readable fields of a feed, as a reader shows them. HTML fields (an RSS item's description and
 * content:encoded, Atom's `type="html"`) must parse into inert HTML; RSS titles and other Atom fields are
 * plain text (RSS Advisory Board's profile), shown as parsed.
 */
function feedFields(file: string, root: XmlElement): { where: string; html: boolean; shown: string; problems: string[] }[] {
  const atom = file.endsWith('atom.xml');
  const readable = atom ? ['title', 'subtitle', 'summary', 'content', 'rights', 'name'] : ['title', 'description', 'content:encoded', 'copyright', 'category', 'author', 'dc:creator'];
  const isHtml = (element: XmlElement, inItem: boolean) =>
    atom ? element.attributes.type === 'html' : inItem && ['description', 'content:encoded'].includes(element.name);
  const fields: { where: string; html: boolean; shown: string; problems: string[] }[] = [];
  const visit = (element: XmlElement, inItem: boolean) => {
    if (readable.includes(element.name)) {
      const where = `${file} <${element.name}>`;
      if (!isHtml(element, inItem)) fields.push({ where, html: false, shown: element.text, problems: [] });
      else {
        const tree = parseFragment(element.text);
        fields.push({ where, html: true, shown: shownText(tree), problems: liveMarkup(tree, { body: /content/.test(element.name) }) });
      }
    }
    // Atom names a category in attributes.
    for (const name of ['term', 'label']) {
      const value = element.name === 'category' ? element.attributes[name] : undefined;
      if (value !== undefined) fields.push({ where: `${file} <category ${name}>`, html: false, shown: value, problems: [] });
    }
    for (const child of element.children) visit(child, inItem || element.name === 'item');
  };
  visit(root, false);
  return fields;
}

/** The text a tree shows (text nodes only). */
function shownText(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  return 'childNodes' in node ? node.childNodes.map(shownText).join('') : '';
}

/** The site at test/fixtures/xss with some settings replaced (each `key: value` line that starts with the key). */
function variantOf(settings: Record<string, string>): string {
  const root = copyFixture('xss');
  const file = path.join(root, 'content', 'site.yaml');
  let text = readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(settings)) {
    const line = new RegExp(`^${key}:.*$`, 'm');
    assert.match(text, line, key);
    text = text.replace(line, () => `${key}: ${value}`);
  }
  writeFileSync(file, text);
  return root;
}

/** Settings shown exactly as written in every script. */
const AS_WRITTEN = ['contact.hotline', 'contact.phone', 'contact.email', 'filings.icp', 'variants.0.label', 'variants.1.label'];

const TEXT_OUTPUT = /\.(html|xml|json|txt)$/;

describe('escaping: payloads in every settings and front-matter field (raw_html: sanitize, search on)', () => {
  const { out } = buildSite(path.join(FIXTURES, 'xss'));
  const files = listFiles(out);
  const trees = ['', 'zh-hant/'] as const;

  it('writes every kind of output in both scripts, under harmless file names', () => {
    for (const prefix of trees) {
      for (const file of ['index.html', 'news/fields/index.html', 'news/raw-html/index.html', 'search/index.html', 'feed.xml', 'atom.xml', 'feed.json']) {
        assert.ok(files.includes(`${prefix}${file}`), `${prefix}${file}`);
      }
      assert.ok(files.includes(`${prefix}search/docs/0.json`), `${prefix}search`);
    }
    assert.ok(files.includes('sitemap.xml') && files.includes('robots.txt'));
    assert.deepEqual(files.filter((file) => /[<>"'{}\s]/.test(file)), []);
    assert.ok(htmlFiles(out).length >= 60, `${htmlFiles(out).length} pages`);
    for (const file of files.filter((name) => name.endsWith('.json'))) assert.doesNotThrow(() => JSON.parse(readPage(out, file)), file);
  });

  it('no page, in either script, has an element, handler or javascript: URL made by a payload', () => {
    assert.deepEqual(inertPages(out), {});
  });

  it('every field is on its pages as text, whole, in the page’s script', () => {
    for (const prefix of trees) {
      const hant = prefix !== '';
      const page = (file: string) => strings(parse(readPage(out, `${prefix}${file}`)));
      const article = page('news/fields/index.html');
      const home = page('index.html');
      const onArticle = ['name', 'contact.company', 'contact.hotline', 'contact.phone', 'contact.address', 'contact.email', 'filings.icp', 'nav.0.title', 'variants.0.label', 'variants.1.label', 'title', 'author', 'source', 'tags', 'category', 'summary'];
      for (const name of onArticle) {
        // Phone numbers, e-mail, filing numbers (published as issued) and the script switch's labels are never converted.
        const expected = AS_WRITTEN.includes(name) ? field(name, false) : field(name, hant);
        assert.ok(article.some((text) => text.includes(expected)), `${prefix} ${name}`);
      }
      assert.ok(home.some((text) => text.includes(field('description', hant))), `${prefix} description`);
      assert.ok(page('news/no-summary/index.html').includes(`作者：${field('default_author', hant)}`), `${prefix} default_author`);
      assert.ok(article.some((text) => text.includes(`鄂公网安备42130202000001号 F-filings.police ${PAYLOAD}`)), `${prefix} filings.police`);
      assert.ok(article.includes(`${field('title', hant)} - ${field('name', hant)}`), `${prefix} <title>`);
      // Single tags, each a payload of its own.
      for (const tag of ['"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '</title><script>alert(1)</script>', ']]><script>alert(1)</script>]]>', "'-alert(1)-'", '{{ 7*7 }}', '{% raw %}']) {
        assert.ok(article.includes(tag), `${prefix} tag ${tag}`);
      }
      assert.ok(article.includes(hant ? '聯繫<script>alert(1)</script>' : '联系<script>alert(1)</script>'), `${prefix} converted tag`);
      // URL settings and the cover are attribute values, exactly as written (plus the script prefix for site paths).
      assert.ok(article.includes(`/images/dot.svg?"><img src=x onerror=alert(1)>'-alert(1)-'`), `${prefix} cover`);
      assert.ok(article.includes(`/${prefix}news/?q="><img src=x onerror=alert(1)>`), `${prefix} nav.1.url`);
      assert.ok(article.includes(`https://example.com/'-alert(1)-'/</title>`), `${prefix} nav.2.url`);
      assert.ok(article.includes(`https://beian.miit.gov.cn/?q="><script>alert(1)</script>'-alert(1)-'`), `${prefix} filings.icp_url`);
      assert.ok(article.includes('https://beian.mps.gov.cn/#"><img src=x onerror=alert(1)>'), `${prefix} filings.police_url`);
      assert.ok(article.some((text) => text.endsWith(' "><b onclick=alert(1)>〔{{ 7*7 }}〕')), `${prefix} date_format`);
      if (hant) {
        // Converted, not left in simplified: the conversion did not step around the escaped payload.
        assert.ok(!article.some((text) => text.includes(`F-title 联系`)), 'title converted');
      }
    }
  });

  it('an article written in traditional script is converted to simplified around its payload', () => {
    const simplified = strings(parse(readPage(out, 'news/traditional/index.html')));
    assert.ok(simplified.some((text) => text.includes(`繁体联系 ${PAYLOAD}`)));
    assert.ok(simplified.includes('作者：繁体作者 </title><script>alert(1)</script>'));
    const traditional = strings(parse(readPage(out, 'zh-hant/news/traditional/index.html')));
    assert.ok(traditional.some((text) => text.includes(`繁體聯繫 ${PAYLOAD}`)));
  });

  it('template syntax in content is shown, never evaluated ({{ 7*7 }} never becomes 49)', () => {
    for (const file of files.filter((name) => TEXT_OUTPUT.test(name))) {
      const text = readPage(out, file);
      assert.ok(!text.includes('〔49〕'), file);
      assert.ok(!/F-name [^<]*〔〕/.test(text), `${file}: a template tag vanished`);
    }
    for (const prefix of trees) {
      const page = strings(parse(readPage(out, `${prefix}news/7-7/index.html`)));
      assert.ok(page.includes('〔{{ 7*7 }}〕{% raw %}{{ site.name }}{% endraw %}'), `${prefix} title`);
      assert.ok(page.some((text) => text.includes('{% include "base.njk" %} {{ site.name }} ${7')), `${prefix} body`);
    }
  });

  it('Markdown links to javascript:, vbscript: and data: pages are never links', () => {
    for (const prefix of trees) {
      const tree = parse(readPage(out, `${prefix}news/fields/index.html`));
      const body = [...walk(tree)].filter((entry) => entry.inBody).map((entry) => entry.element);
      const links = body.filter((element) => element.tagName === 'a').map((element) => attr(element, 'href'));
      assert.deepEqual(links, [`/${prefix}news/`, 'https://example.com/']);
      assert.ok(strings(tree).some((text) => text.includes('[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](vbscript:msgbox(1))')));
    }
  });

  it('raw HTML in a body keeps a safe subset: no scripts, handlers, frames, forms or javascript: URLs', () => {
    for (const prefix of trees) {
      const tree = parse(readPage(out, `${prefix}news/raw-html/index.html`));
      const body = [...walk(tree)].filter((entry) => entry.inBody).map((entry) => entry.element);
      const names = new Set(body.map((element) => element.tagName));
      for (const gone of ['script', 'iframe', 'form', 'button', 'svg', 'math', 'meta', 'style']) assert.ok(!names.has(gone), `${prefix} <${gone}>`);
      assert.deepEqual(body.flatMap((element) => element.attrs.filter((a) => a.name.startsWith('on'))), []);
      const anchors = body.filter((element) => element.tagName === 'a');
      // a, b, c (&#106;avascript:), d (a tab inside), the safe link, and the SVG's link (the SVG itself goes).
      assert.deepEqual(anchors.map((a) => attr(a, 'href')), [undefined, undefined, undefined, undefined, `/${prefix}news/`, undefined]);
      const span = body.find((element) => attr(element, 'translate') === 'no');
      assert.equal(span && shownText(span), '联系（不转换）');
      // Harmless attributes stay, and readable ones are converted.
      assert.equal(attr(anchors[4]!, 'title'), prefix ? '聯繫' : '联系');
    }
  });

  for (const prefix of trees) {
    it(`${prefix}feed.json parses; payloads are string data, and content_html is inert`, () => {
      const feed = JSON.parse(readPage(out, `${prefix}feed.json`)) as {
        title: string;
        description: string;
        items: { title: string; summary?: string; content_html: string; url: string; author: { name: string }; tags?: string[] }[];
      };
      const hant = prefix !== '';
      assert.equal(feed.title, field('name', hant));
      assert.equal(feed.description, field('description', hant));
      const item = feed.items.find((each) => each.url.endsWith('/news/fields/'))!;
      assert.equal(item.title, field('title', hant));
      assert.equal(item.summary, field('summary', hant));
      assert.equal(item.author.name, field('author', hant));
      assert.ok(item.tags!.includes(field('tags', hant)));
      for (const each of feed.items) {
        assert.ok(each.url.startsWith(`https://news.example.com/${prefix}news/`), each.url);
        assert.deepEqual(liveMarkup(parseFragment(each.content_html), { body: true }), [], each.url);
      }
    });

    for (const name of ['feed.xml', 'atom.xml']) {
      const file = `${prefix}${name}`;
      // The `feed` package (xml-js) escapes only the first `]]>` of a CDATA section and writes `<` raw into
      // Atom attributes, and it is given plain text for fields readers show as HTML: see src/write/feeds.ts.
      it(`${file} is well-formed XML with no element made by a payload`, () => {
        const root = parseXml(readPage(out, file));
        assert.deepEqual(strayElements(root, name === 'atom.xml' ? ATOM_ELEMENTS : RSS_ELEMENTS), []);
      });
      it(`${file}: what readers show as HTML is inert, and every payload is shown as text`, () => {
        const fields = feedFields(file, parseXml(readPage(out, file)));
        assert.ok(fields.filter((each) => each.html).length >= 6, file);
        assert.deepEqual(fields.filter((each) => each.problems.length > 0), []);
        const shown = fields.map((each) => each.shown);
        const hant = prefix !== '';
        for (const name of ['name', 'title', 'summary', 'author', 'tags', 'contact.company']) {
          assert.ok(shown.some((text) => text.includes(field(name, hant))), name);
        }
        assert.ok(shown.includes(']]><script>alert(1)</script>]]>'), 'tag');
      });
    }
  }

  it('sitemap.xml and robots.txt hold only the site’s own URLs', () => {
    const root = parseXml(readPage(out, 'sitemap.xml'));
    assert.deepEqual(strayElements(root, SITEMAP_ELEMENTS), []);
    const urls = [...xmlElements(root)].flatMap((element) => (element.name === 'loc' ? [element.text] : element.attributes.href ? [element.attributes.href] : []));
    assert.ok(urls.length > 100);
    for (const url of urls) assert.match(url, /^https:\/\/news\.example\.com\/[a-z0-9./_-]*$/, url);
    assert.equal(readPage(out, 'robots.txt'), 'User-agent: *\nAllow: /\n\nSitemap: https://news.example.com/sitemap.xml\n');
  });

  for (const prefix of trees) {
    it(`the ${prefix || 'simplified '}search index stores payloads as text, and the search page shows them as text`, async () => {
      const docs = listFiles(out).filter((file) => file.startsWith(`${prefix}search/docs/`));
      const listed = docs.flatMap((file) => JSON.parse(readPage(out, file)) as string[][]);
      assert.equal(listed.length, 6);
      for (const [address] of listed) assert.match(address!, new RegExp(`^/${prefix}news/[a-z0-9-]+/$`), address);
      const stored = listed.find(([address]) => address!.endsWith('/news/fields/'))!;
      assert.equal(stored[1], field('title', prefix !== ''));
      // Term files hold folded letters, digits and CJK characters only.
      for (const file of listFiles(out).filter((name) => name.startsWith('search/terms/'))) assert.doesNotMatch(readPage(out, file), /[<>"'&]/, file);
      const { hits } = await searchSite(out, prefix, 'alert');
      assert.ok(hits.length >= 3, `${hits.length} hits`);
      assert.ok(hits.some((hit) => hit.title.includes('<script>alert(1)</script>')), 'the payload comes back as the text it was');
      // The page puts every listed text in with textContent and text nodes, never as markup.
      assert.doesNotMatch(readFileSync(path.join(PROJECT, 'public', 'assets', 'search.js'), 'utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    });
  }
});

describe('raw_html: allow (the default): editors are trusted, but javascript: links are never emitted', () => {
  const { out } = buildSite(variantOf({ raw_html: 'allow', search: 'false' }));

  it('outside article bodies every page is as inert as ever; inside, only editors’ scripts and handlers remain', () => {
    assert.deepEqual(inertPages(out, { bodiesMayRunScripts: true }), {});
  });

  it('keeps the editor’s HTML, minus every javascript:, vbscript: and data: URL, however it is written', () => {
    for (const prefix of ['', 'zh-hant/']) {
      const tree = parse(readPage(out, `${prefix}news/raw-html/index.html`));
      const body = [...walk(tree)].filter((entry) => entry.inBody).map((entry) => entry.element);
      const names = new Set(body.map((element) => element.tagName));
      for (const kept of ['script', 'iframe', 'form', 'button', 'svg', 'img', 'div']) assert.ok(names.has(kept), `${prefix} <${kept}>`);
      const anchors = body.filter((element) => element.tagName === 'a');
      // a, b, c (&#106;avascript:), d (tab inside), the SVG link, and the safe link.
      assert.deepEqual(anchors.map((a) => attr(a, 'href')), [undefined, undefined, undefined, undefined, `/${prefix}news/`, undefined]);
      assert.ok(body.every((element) => attr(element, 'src') !== 'javascript:alert(1)' && attr(element, 'action') === undefined && attr(element, 'formaction') === undefined));
      assert.ok(body.some((element) => element.tagName === 'div' && attr(element, 'onclick') === 'alert(1)'), 'handlers are the editor’s to write');
      assert.ok(!body.some((element) => attr(element, 'srcset') !== undefined), 'srcset with a javascript: candidate');
    }
  });
});

describe('raw_html: escape: raw HTML is shown as text', () => {
  const { out } = buildSite(variantOf({ raw_html: 'escape', search: 'false' }));

  it('no page has markup made by a payload', () => {
    assert.deepEqual(inertPages(out), {});
  });

  it('shows the editor’s tags as text, converted like any text in the traditional tree', () => {
    for (const prefix of ['', 'zh-hant/']) {
      const tree = parse(readPage(out, `${prefix}news/raw-html/index.html`));
      const body = [...walk(tree)].filter((entry) => entry.inBody).map((entry) => entry.element);
      assert.deepEqual([...new Set(body.map((element) => element.tagName))].sort(), ['div', 'p']);
      const text = strings(tree).join('');
      assert.ok(text.includes('<a href="javascript:alert(1)">a</a>'));
      assert.ok(text.includes('<script>alert(1)</script>'));
      assert.ok(text.includes(prefix ? '<span onmouseover="alert(1)" title="聯繫">聯繫</span>' : '<span onmouseover="alert(1)" title="联系">联系</span>'));
    }
  });
});

describe('raw_html is part of the article cache key', () => {
  it('a rebuild after changing raw_html parses the articles again', () => {
    const root = variantOf({ raw_html: 'allow', search: 'false' });
    const out = path.join(tempDir(), 'out');
    const cache = path.join(tempDir(), 'cache');
    const build = () => {
      const result = xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache]);
      assert.equal(result.status, 0, result.stderr);
      return readPage(out, 'news/raw-html/index.html');
    };
    assert.match(build(), /<script>alert\(1\)<\/script>/);
    const file = path.join(root, 'content', 'site.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('raw_html: allow', 'raw_html: escape'));
    const escaped = build();
    assert.doesNotMatch(escaped, /<script>alert\(1\)<\/script>/);
    assert.match(escaped, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe('payloads that are refused, with a clear error', () => {
  it('javascript:, vbscript: and data: URLs in URL settings, a misspelt raw_html, a base_url or lang with markup', () => {
    const root = variantOf({ raw_html: 'sanitise' });
    const file = path.join(root, 'content', 'site.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('    url: /news/\n', '    url: javascript:alert(1)\n')
      .replace(/^ {2}icp_url: .*$/m, "  icp_url: ' JaVaScRiPt:alert(1)'")
      .replace(/^ {2}police_url: .*$/m, '  police_url: "java\\tscript:alert(1)"')
      .replace(/^base_url: .*$/m, `base_url: 'https://news.example.com/"><script>alert(1)</script>/'`)
      .replace('    path: /zh-hant/\n', `    path: /zh-hant/\n    lang: '"><script>alert(1)</script>'\n`);
    writeFileSync(file, text);
    const result = xinwen(['check', '--root', root]);
    assert.equal(result.status, 1);
    for (const message of [
      'setting `nav.0.url` is a `javascript:` URL, which xinwen never puts on a page; use a path like /news/ or a full https:// URL',
      'setting `filings.icp_url` is a `javascript:` URL',
      'setting `filings.police_url` is a `javascript:` URL',
      'setting `raw_html` must be allow, sanitize or escape (did you mean `sanitize`?)',
      'setting `base_url` must be an http(s) URL like https://www.example.com/, without spaces, quotes or < >',
      'setting `variants.1.lang` must be a language tag like zh-Hant',
    ]) {
      assert.ok(result.stderr.includes(message), `${message}\n---\n${result.stderr}`);
    }
  });

  it('a javascript: or data:text/html cover and a slug with / are errors naming the file', () => {
    const root = copyFixture('xss');
    const news = path.join(root, 'content', 'news');
    writeFileSync(path.join(news, 'bad-cover.md'), '---\ntitle: 封面\ndate: 2022-06-01\ncover: javascript:alert(1)\n---\n正文\n');
    writeFileSync(path.join(news, 'bad-data.md'), "---\ntitle: 封面\ndate: 2022-06-01\ncover: 'data:text/html,<script>alert(1)</script>'\n---\n正文\n");
    writeFileSync(path.join(news, 'bad-slug.md'), "---\ntitle: 路径\ndate: 2022-06-01\nslug: '</title><script>alert(1)</script>'\n---\n正文\n");
    const result = xinwen(['check', '--root', root]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /content\/news\/bad-cover\.md:4: `cover` is a `javascript:` URL, which xinwen never puts on a page; use a path like \/images\/a\.jpg or an https:\/\/ URL/);
    assert.match(result.stderr, /content\/news\/bad-data\.md:4: `cover` is a `data:` URL/);
    assert.match(result.stderr, /content\/news\/bad-slug\.md:4: `slug` cannot be used in a URL/);
  });
});

describe('the Markdown renderer in each raw_html mode', () => {
  const source = [
    '[a](javascript:alert(1)) <a href="javascript:alert(1)">b</a> <a href="&#x6A;avascript:alert(1)">c</a> <A HREF=vbscript:x>d</A>',
    '<img src=x onerror=alert(1)> <img src="data:image/png;base64,AAAA" alt="ok"> ![e](data:image/png;base64,AAAA)',
    '',
    '<script>alert(1)</script>',
    '',
    '| a | b |',
    '|--:|:-:|',
    '| 1 | 2 |',
  ].join('\n');
  const render = (mode: 'allow' | 'sanitize' | 'escape') => createMarkdownRenderer('/', mode).render(source).html;

  it('allow: raw HTML as written, without javascript: and vbscript: URLs; other tags byte for byte', () => {
    const html = render('allow');
    assert.match(html, /<a>b<\/a> <a>c<\/a> <a>d<\/A>/);
    assert.match(html, /<img src=x onerror=alert\(1\)> <img src="data:image\/png;base64,AAAA" alt="ok">/);
    assert.match(html, /^<script>alert\(1\)<\/script>$/m);
    assert.match(html, /\[a\]\(javascript:alert\(1\)\)/);
  });

  it('allow: a tag left open at the end of a body is text, so it cannot take in the page’s own markup', () => {
    const allow = createMarkdownRenderer('/', 'allow');
    assert.equal(allow.render('<div>\n<a href="javascript:alert(1)"').html, '<div>\n&lt;a href="javascript:alert(1)"');
    assert.equal(allow.render('<a href=javascript&colon;alert(1)>y</a>').html, '<p><a>y</a></p>\n');
    assert.equal(allow.render('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">').html, '<meta http-equiv="refresh">');
    assert.equal(allow.render('<a href="https://example.com/" title="联系">x</a>').html, '<p><a href="https://example.com/" title="联系">x</a></p>\n');
  });

  it('sanitize: a safe subset that keeps tables, images and their alignment', () => {
    const html = render('sanitize');
    assert.match(html, /<a>b<\/a> <a>c<\/a> <a>d<\/a>/);
    assert.doesNotMatch(html, /<script|onerror/);
    assert.match(html, /<img src="x" \/> <img src="data:image\/png;base64,AAAA" alt="ok" \/>/);
    assert.match(html, /<th style="text-align:right">a<\/th>/);
  });

  it('escape: raw HTML is text', () => {
    const html = render('escape');
    assert.match(html, /&lt;a href=&quot;javascript:alert\(1\)&quot;&gt;b&lt;\/a&gt;/);
    assert.match(html, /<p>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    assert.match(html, /<img src="data:image\/png;base64,AAAA" alt="e">/);
  });

  it('unsafeUrlScheme reads a URL as a browser does', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:x', 'vbscript:x', 'file:///etc/passwd', 'data:text/html,x']) {
      assert.ok(unsafeUrlScheme(url), JSON.stringify(url));
    }
    for (const url of ['/news/', 'https://example.com/javascript:', 'mailto:a@b.c', 'data:image/png;base64,AAAA', 'javascript', '#javascript:x']) {
      assert.equal(unsafeUrlScheme(url), undefined, url);
    }
  });
});

describe('the checks of this file catch what they look for', () => {
  it('flag markup made by a payload in a page', () => {
    const page =
      '<!DOCTYPE html><html><head><title>a</title></head><body><p>"><img src=x onerror=alert(1)></p>' +
      '<a href=" java&#9;script:alert(1)">x</a><script>alert(1)</script><title>b</title></body></html>';
    assert.deepEqual(liveMarkup(parse(page)), [
      '<img src=x> outside an article body',
      '<img onerror>',
      '<a href=" java\tscript:alert(1)">',
      '<script> ""',
      '2 <title> elements',
    ]);
    assert.deepEqual(liveMarkup(parse('<title>a</title><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')), []);
  });

  it('refuse XML that is not well-formed', () => {
    assert.throws(() => parseXml('<a><![CDATA[x]]]]><![CDATA[>y]]>z]]></a>'), /"\]\]>" is disallowed/);
    assert.throws(() => parseXml('<a b="<script>"/>'), /disallowed character/);
    assert.equal(parseXml('<a b="&lt;">&lt;script&gt;<![CDATA[]]]]><![CDATA[>]]></a>').text, '<script>]]>');
  });
});
