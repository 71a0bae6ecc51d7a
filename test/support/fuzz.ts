import fc from 'fast-check';
import { stringify } from 'yaml';
import { SOURCE_SCRIPT_NAMES } from '../../src/convert/scripts.ts';

/**
 * Arbitraries for the fuzz tests (test/fuzz.test.ts): article files made of
 * random front matter and random Markdown, from plausible to hostile.
 */

/** `XINWEN_FUZZ_RUNS=5000 npm test` (or any number) runs that many cases of the fast property; the slower ones scale with it. */
export const FUZZ_RUNS = Number(process.env.XINWEN_FUZZ_RUNS) || 0;
/** `XINWEN_FUZZ_SEED=n` replays a run (fast-check prints the seed and path of a failure). */
export const FUZZ_SEED = process.env.XINWEN_FUZZ_SEED ? Number(process.env.XINWEN_FUZZ_SEED) : undefined;

/** Characters that break naive code: C0 controls, DEL, NEL, line and paragraph separators, BOM, lone surrogates, zero-width. */
const nastyChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '\u200b', '\u202e', '\r\n', '\u{1f600}', 'e\u0301'),
);
/** Words that OpenCC converts, and that pinyin spells. */
const chinese = fc.constantFrom('联系', '发布', '随州', '於', '后', '乾', '台', '头发', '致富', '聯繫', '釋出', '〇', '𠀀', '亿联');
const syntax = fc.constantFrom('-{', '}-', '&amp;', '&#0;', '&#xD800;', '&', '<', '>', '"', "'", '`', '\\', '*', '_', '~', '|', '#', ':', ' ', '\t', '{{ site.name }}', '{%', '%}', '${x}');
/** Names that collide with Object.prototype when code keys plain objects by them. */
const protoName = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');

/** Short text from all of the above, plus any code point. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.oneof(chinese, syntax, nastyChar, fc.string({ unit: 'binary', maxLength: 3 })), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: protoName },
);

/** A JSON-like value of any type, nested a few levels. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;

const digits = (max: number) => fc.integer({ min: 0, max }).map(String);
/** Dates from year 0 to 9999, in the site's zone or with an offset. */
export const wideDate = fc
  .tuple(fc.date({ min: new Date('0000-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('', 'Z', '+08:00', '-12:00', '+14:00'))
  .map(([date, zone]) => `${date.toISOString().slice(0, 19).replace('T', zone ? 'T' : ' ')}${zone}`);
/** Dates in every accepted form, and near misses: month 13, day 0, year 99999, odd offsets. */
const dateText = fc.oneof(
  wideDate,
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(digits(99999), digits(14), digits(32), digits(25), digits(61), digits(61), fc.constantFrom('', 'Z', '+08:00', '-1400', '+99:99', ' ', '.999999'), fc.constantFrom('-', '/', '.'))
    .map(([y, mo, d, h, mi, s, zone, sep]) => `${y}${sep}${mo}${sep}${d} ${h}:${mi}:${s}${zone}`),
  text,
);

/** Names of files and folders the build itself writes: a slug, tag or column of that name must not clash with them. */
export const outputName = fc.constantFrom('index.html', 'INDEX.HTML', 'index', 'page', '2', '404.html', 'feed.xml', 'sitemap.xml', 'pagefind', 'assets', 'zh-hant', 'news', 'tags', '.xinwen-output', 'index.html/x');

/** Slugs that try to leave the output folder or to break a path. */
const hostileSlug = fc.oneof(
  fc.constantFrom('../../x', '..', '.', '/etc/passwd', 'a/b', 'a\\b', 'C:\\x', '%2e%2e', '%2e%2e%2fx', '..%2f..%2fx', '....//', 'index.html', 'CON', ' ', '', '-', '.hidden', 'a\u0000b', '随州/..', '\u202e'),
  outputName,
  fc.integer({ min: 1, max: 400 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 1, max: 200 }).map((n) => '随'.repeat(n)),
  fc.integer({ min: 1, max: 100 }).map((n) => '../'.repeat(n)),
  text,
);

/** Links with the schemes markdown-it must refuse, disguised, and harmless ones. */
const url = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:x',
    'java\tscript:x',
    '&#106;avascript:x',
    '%6Aavascript:x',
    'vbscript:x',
    'file:///etc/passwd',
    'data:text/html,<script>1</script>',
    'data:image/png;base64,AAAA',
    '//evil.example',
    '/images/a.jpg',
    '../../etc/passwd',
    'mailto:a@b',
    'https://例子.中国/路径?q=联系#锚',
    '<>',
    '',
  ),
  text,
);

/** The front matter as an object: every known key with a plausible or a random value, sometimes left out, plus unknown keys. */
export const frontMatter = fc
  .record(
    {
      title: fc.oneof({ weight: 8, arbitrary: text.filter((t) => t.trim() !== '') }, { weight: 1, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(undefined) }),
      date: fc.oneof({ weight: 8, arbitrary: dateText }, { weight: 1, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(undefined) }),
      author: fc.oneof(text, anyValue),
      source: fc.oneof(text, anyValue),
      views: fc.oneof(fc.nat(), fc.integer(), fc.double(), digits(1e9), fc.constantFrom('190人', ' 7 ', '1e3', '-1', '9007199254740993'), anyValue),
      tags: fc.oneof(fc.array(fc.oneof(text, fc.integer()), { maxLength: 5 }), text, fc.array(text, { maxLength: 3 }).map((t) => t.join('，')), anyValue),
      category: fc.oneof(text, anyValue),
      summary: fc.oneof(text, anyValue),
      cover: fc.oneof(url, anyValue),
      draft: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.boolean(), anyValue),
      pinned: fc.oneof(fc.boolean(), anyValue),
      featured: fc.oneof(fc.boolean(), anyValue),
      script: fc.oneof(fc.constantFrom(...SOURCE_SCRIPT_NAMES, 'zh-hant', 'en'), anyValue),
      slug: fc.oneof(hostileSlug, anyValue),
    },
    { requiredKeys: ['title', 'date'] },
  )
  .chain((known) => fc.dictionary(text, anyValue, { maxKeys: 2 }).map((unknown) => ({ ...unknown, ...known })))
  .map((data) => Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)));

/** The same object written as YAML in one of several styles. */
export const frontMatterYaml = fc.tuple(frontMatter, fc.constantFrom('block', 'flow', 'json', 'plain')).map(([data, style]) => {
  switch (style) {
    case 'block':
      return stringify(data).trimEnd();
    case 'flow':
      return stringify(data, { collectionStyle: 'flow' }).trimEnd();
    case 'json':
      return JSON.stringify(data);
    default:
      // Unquoted `key: value` lines, as an editor would type them: many are not valid YAML.
      return Object.entries(data)
        .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
        .join('\n');
  }
});

const deep = (min: number, max: number, make: (n: number) => string) => fc.integer({ min, max }).map(make);

/** Pieces of raw YAML text: syntax, anchors and aliases, tags, and nesting thousands deep. */
const yamlPiece = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: nastyChar },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '---', '--- ', '---x', '...', 'title: ', 'date: ', 'title: t\ndate: 2022-05-17', '&a ', '*a', '&b [*a, *a, *a]', '<<: *a', '<<: {title: t}',
      '!!binary ', '!!js/function ', '!!python/object ', '!<tag:yaml.org,2002:str> ', '!foo ', '? ', ': ', '- ', '  ', '\t', '# ', '|', '>-', '"', "'",
      '{', '}', '[', ']', ',', '%YAML 1.2', '%TAG ! tag:x,2000:', '__proto__: {title: x}', 'constructor: 1', '"\\u0000"', '"\\uD800"', '"\\x"', '\\',
      '2022-05-17', '0x1F', '.inf', '.nan', '~', 'null', 'yes', 'no', '1e400', '-0',
    ),
  },
  { weight: 1, arbitrary: deep(1, 12000, (n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: deep(1, 6000, (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`) },
  { weight: 1, arbitrary: deep(1, 8000, (n) => '['.repeat(n)) },
  { weight: 1, arbitrary: deep(1, 800, (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}- `).join('\n')) },
  { weight: 1, arbitrary: deep(1, 800, (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')) },
  { weight: 1, arbitrary: deep(1, 30, (n) => Array.from({ length: n }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n').replace('*a0', '0')) },
  { weight: 1, arbitrary: deep(10_000, 300_000, (n) => `x: ${'长'.repeat(n)}`) },
);

/** Front matter as raw text: mostly a valid map, sometimes with random lines mixed in, sometimes pure noise. */
export const frontMatterText = fc.oneof(
  { weight: 3, arbitrary: frontMatterYaml },
  {
    weight: 2,
    arbitrary: fc
      .tuple(frontMatterYaml, fc.array(fc.array(yamlPiece, { maxLength: 5 }).map((pieces) => pieces.join('')), { maxLength: 4 }), fc.nat())
      .map(([yaml, noise, at]) => {
        const lines = yaml.split('\n');
        lines.splice(at % (lines.length + 1), 0, ...noise);
        return lines.join('\n');
      }),
  },
  { weight: 2, arbitrary: fc.array(fc.array(yamlPiece, { maxLength: 6 }).map((pieces) => pieces.join('')), { maxLength: 10 }).map((lines) => lines.join('\n')) },
);

const inline = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: chinese },
  { weight: 1, arbitrary: fc.tuple(text, url).map(([label, target]) => `[${label}](${target})`) },
  { weight: 1, arbitrary: fc.tuple(text, url, text).map(([alt, target, title]) => `![${alt}](${target} "${title}")`) },
  { weight: 1, arbitrary: url.map((target) => `<${target}>`) },
  { weight: 1, arbitrary: fc.constantFrom('www.example.com', 'https://example.com/a_(b)', '**', '__', '~~', '`', '``', '[', ']', '![', '-{联系}-', '-{', '}-', '<br>', '<span translate="no">联系</span>', '<kbd>联系</kbd>', '\\', '&nbsp;', '&#x1F600;', '&#99999999;') },
  { weight: 1, arbitrary: fc.constantFrom('<a href="javascript:x">', '<img src=x onerror=alert(1)>', '<script>联系</script>', '<style>联系{}</style>', '<!--', '-->', '<![CDATA[', '<?php', '</div>', '<pre>', '<textarea>', '<svg><foreignObject>') },
);
const line = fc.array(inline, { maxLength: 8 }).map((pieces) => pieces.join(''));

/** Markdown blocks: paragraphs, headings, lists and quotes hundreds deep, raw HTML, code fences, tables, link references. */
const block = fc.oneof(
  { weight: 5, arbitrary: line },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), line).map(([n, title]) => `${'#'.repeat(n)} ${title}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 400 }), line).map(([n, item]) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- ${item}`).join('\n')) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('> ', '- ', '1. ', '* ', '> - ', '+ '), line).map(([n, marker, item]) => marker.repeat(n) + item) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('<div>', '<span>', '<table><tr><td>', '<a href="#">', '<pre>', '<code>', '<p>')).map(([n, tag]) => `${tag.repeat(n)}联系`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 20000 }), fc.constantFrom('*', '_', '[', '](', '`', '~', '<', '\\', '*a ', '[a](', '![', '-{', '}-', '&')).map(([n, piece]) => piece.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~', '````', '    '), text, fc.array(line, { maxLength: 3 }), fc.boolean()).map(([fence, info, lines, closed]) => fence === '    ' ? lines.map((l) => fence + l).join('\n') : `${fence}${info}\n${lines.join('\n')}${closed ? `\n${fence}` : ''}`) },
  { weight: 1, arbitrary: fc.array(line, { minLength: 1, maxLength: 4 }).map((cells) => `| ${cells.join(' | ')} |\n|${cells.map(() => ' --- ').join('|')}|\n| ${cells.reverse().join(' | ')} |`) },
  { weight: 1, arbitrary: fc.tuple(text, url).map(([label, target]) => `[${label}]: ${target}\n\n[${label}]`) },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '===', '- - -', '<!-- unclosed', '<div>\n\n**联系**\n\n</div>', '<script>\n联系\n\n</script>') },
);

/** A Markdown body. */
export const markdown = fc.array(block, { maxLength: 8 }).chain((blocks) => fc.constantFrom('\n', '\n\n', '\r\n', '\r').map((sep) => blocks.join(sep)));

/** A whole article file, with the usual shape most of the time and a broken one sometimes. */
export const articleText = fc
  .tuple(frontMatterText, markdown, fc.constantFrom('plain', 'plain', 'plain', 'plain', 'bom', 'crlf', 'unclosed', 'yaml-tag', 'js', 'none', 'open-dashes', 'nested-dashes'))
  .map(([yaml, body, shape]) => {
    switch (shape) {
      case 'bom':
        return `\ufeff---\n${yaml}\n---\n${body}`;
      case 'crlf':
        return `---\n${yaml}\n---\n${body}`.replace(/\n/g, '\r\n');
      case 'unclosed':
        return `---\n${yaml}\n${body}`;
      case 'yaml-tag':
        return `---yaml\n${yaml}\n---\n${body}`;
      case 'js':
        return `---js\n{ title: (() => { throw new Error('ran') })() }\n---\n${body}`;
      case 'none':
        return body;
      case 'open-dashes':
        return `----\n${yaml}\n---\n${body}`;
      case 'nested-dashes':
        return `---\n${yaml}\n---\n---\n${yaml}\n---\n${body}`;
      default:
        return `---\n${yaml}\n---\n${body}`;
    }
  });

/** File and folder names: dots, spaces, controls, unicode, percent-escapes, 255 bytes. */
export const fileName = fc
  .oneof(
    fc.constantFrom('a', '2022-05-17-a', '2022-05-17-', '.', '..', '...', ' ', '-', '%2e%2e', '..%2f..', '随州香菇', '2022-01-15-随州香菇出口', 'CON', 'index', 'A', 'a b', '-rf', '\u202etxt', 'a\nb', 'a\tb', '\u0001', '~', '$HOME', '`id`'),
    outputName,
    fc.integer({ min: 1, max: 252 }).map((n) => 'a'.repeat(n)),
    fc.integer({ min: 1, max: 84 }).map((n) => '随'.repeat(n)),
    text,
  )
  .map((name) => name.replace(/[/\u0000]/g, '_'))
  .map((name) => {
    // At most 255 bytes with `.md`, never a whole code point cut.
    let out = '';
    for (const char of name) {
      if (Buffer.byteLength(out + char) > 252) break;
      out += char;
    }
    return out;
  });
