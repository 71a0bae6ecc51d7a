import { acceptedDateForms, type Clock } from '../core/clock.ts';
import type { SourceScript } from '../convert/scripts.ts';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { SourceFile } from '../load/content-files.ts';
import { FrontMatterSchema } from './article-schema.ts';
import { readForeignKeys } from './foreign-keys.ts';
import { excerpt, joinParagraphs } from './excerpt.ts';
import { splitFrontMatter } from './front-matter.ts';
import { say } from '../core/language.ts';
import type { ImageRecord } from '../images/image-record.ts';
import { imageFileOf, type ImageUse } from './images.ts';
import type { ArticleLink } from './links.ts';
import type { MarkdownRenderer } from './markdown.ts';
import { dateFromFileName, slugFromFileName, slugify, unsafeSlugReason } from './slug.ts';
import { aliasProblem, normalizeAlias } from './aliases.ts';
import { useZodLanguage } from '../core/zod-language.ts';

/** One article after parsing: everything the model and the templates need. */
export interface Article {
  /** Site-relative path of the Markdown file, with `/` separators. */
  file: string;
  slug: string;
  title: string;
  /** Publication time, epoch milliseconds. */
  time: number;
  /** Year and month of `time` in the site's time zone, for the archive. */
  yearMonth: { year: number; month: number };
  /** Day of the month of `time` in the site's time zone, for permalinks with `:day` (parseArticle always sets it). */
  day?: number;
  /** Last update (front matter `updated`), epoch milliseconds; only when later than `time`. */
  updated?: number;
  /** Old site paths that send the reader here (front matter `aliases`), normalized, each with its line. */
  aliases?: { path: string; line?: number }[];
  author: string;
  source?: string;
  /** 责任编辑. */
  editor?: string;
  views: number;
  tags: string[];
  category?: string;
  /** Front matter `summary`, else the start of the body. */
  summary: string;
  /** Front matter `cover` as written. */
  cover?: string;
  /** The cover when it is one of the site's photos (public/ or beside the article), measured and processed. */
  coverImage?: ImageRecord;
  /** The body shows the cover photo too: the article's page does not show it above the body. */
  coverInBody?: boolean;
  /** Every photo of the site the article shows (cover and body): its pages change when one does. */
  images?: ImageUse[];
  draft: boolean;
  /** 置顶. */
  pinned: boolean;
  /** 推荐. */
  featured: boolean;
  /** Script the article is written in, if its front matter names one. */
  script?: SourceScript;
  /** Rendered body, trusted HTML. */
  bodyHtml: string;
  /** Number of characters of body text, for reading time. */
  textLength: number;
  /** Links and images of the body that stay inside the site. */
  links: ArticleLink[];
}

export interface ParseContext {
  clock: Clock;
  markdown: MarkdownRenderer;
  defaultAuthor: string;
  /** The site's photos by path from the site root (process-images.ts). */
  images?: ReadonlyMap<string, ImageRecord>;
  /** The site's base path, to find the photo an absolute address names. */
  basePath?: string;
}

export interface ParseResult {
  article: Article;
  warnings: Warning[];
  /** The body's text for the search index (headings, paragraphs, lists, tables, code). */
  bodyText: string;
}

/** Parse one Markdown file into an Article, or throw every problem it has. */
export function parseArticle(source: SourceFile, context: ParseContext): ParseResult {
  const file = source.file;
  // A BOM and Windows line ends are harmless: drop them before anything counts lines.
  const text = source.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(text, file);
  const { frontMatter, bodyLine } = split;
  // `<!-- more -->` (Jekyll, Hexo, Hugo) ends the summary; the line itself shows nothing (it would show as text with raw_html: escape).
  const more = MORE.exec(split.body);
  const body = more ? split.body.slice(0, more.index) + split.body.slice(more.index + more[0].length) : split.body;
  const { data, keyLines } = frontMatter;
  const at = (key: string) => ({ file, line: keyLines.get(key), source: text });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new XinwenError('front-matter/not-a-map', say('文章开头的设置（front matter）应该是一行一个 `字段: 值`', 'the front matter must be `key: value` lines'), {
      file,
      line: 2,
      source: text,
      hint: say('在两行 `---` 之间分行写上 `title: …` 和 `date: …`。', 'Write `title: …` and `date: …` on their own lines between the two `---` lines.'),
    });
  }

  // Other generators' names for our keys (`lastmod`…) read as ours; their keys that mean nothing here left out.
  const { fields: fieldsIn, writtenAs, ownAddresses, warnings } = readForeignKeys(data as Record<string, unknown>, keyLines, at);

  useZodLanguage();
  const result = FrontMatterSchema.safeParse(fieldsIn);
  const errors: XinwenError[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const ours = String(issue.path[0] ?? '');
      const key = writtenAs.get(ours) ?? ours;
      const missing = !(key in data);
      const { message, hint } = missing
        ? {
            message: say(`缺少 \`${key}\`，这一项必须写`, `\`${key}\` is required`),
            hint: say(`在文章开头的设置里加一行 \`${key}: …\`。`, `Add a line \`${key}: …\` to the front matter.`),
          }
        : describeIssue(key, issue, (data as Record<string, unknown>)[key]);
      errors.push(
        new XinwenError(missing ? 'front-matter/missing' : 'front-matter/invalid', message, {
          ...at(key),
          line: keyLines.get(key) ?? 2,
          hint,
        }),
      );
    }
    throw new XinwenErrors(errors, warnings);
  }
  const fields = result.data;

  // Jekyll and Hexo posts often carry their date in the file name only.
  const dateText = fields.date ?? dateFromFileName(articleName(file));
  if (dateText === undefined) {
    throw new XinwenErrors(
      [
        new XinwenError('front-matter/missing', say('缺少 `date`，这一项必须写', '`date` is required'), {
          ...at('date'),
          line: 2,
          hint: say(
            '在文章开头的设置里加一行 `date: …`，或者让文件名以日期开头（2022-05-17-name.md）。',
            'Add a line `date: …` to the front matter, or start the file name with the date (2022-05-17-name.md).',
          ),
        }),
      ],
      warnings,
    );
  }
  const date = context.clock.parse(dateText);
  if (!date.ok) {
    throw new XinwenError('front-matter/bad-date', say(`\`date\` 不对：${date.reason}`, `\`date\`: ${date.reason}`), {
      ...(fields.date === undefined ? { file } : at('date')),
      hint: say(`日期请写成 ${acceptedDateForms()}。`, `Write the date as ${acceptedDateForms()}.`),
    });
  }
  let updated: number | undefined;
  if (fields.updated !== undefined) {
    const name = writtenAs.get('updated') ?? 'updated';
    const parsed = context.clock.parse(fields.updated);
    if (!parsed.ok) {
      throw new XinwenError('front-matter/bad-date', say(`\`${name}\` 不对：${parsed.reason}`, `\`${name}\`: ${parsed.reason}`), {
        ...at('updated'),
        hint: say(`日期请写成 ${acceptedDateForms()}。`, `Write the date as ${acceptedDateForms()}.`),
      });
    }
    // An update before publication (or at it) says nothing a reader needs.
    if (parsed.time > date.time) updated = parsed.time;
  }
  const aliases: { path: string; line?: number }[] = [];
  const written = [
    ...(fields.aliases ?? []).map((path, index) => ({ path, name: writtenAs.get('aliases') ?? 'aliases', line: itemLine(text, keyLines.get('aliases'), index) })),
    ...ownAddresses.map(({ key, path }) => ({ path, name: key, line: keyLines.get(key) })),
  ];
  for (const { path: alias, name, line } of written) {
    const reason = aliasProblem(alias);
    if (reason) {
      throw new XinwenError('front-matter/bad-alias', say(`\`${name}\` 里的 \`${alias}\` 不能用作旧地址：${reason}`, `\`${alias}\` in \`${name}\` cannot be an old address: ${reason}`), {
        file,
        source: text,
        line,
        hint: say(
          '旧地址写成本站里以 / 开头的路径，例如 /2016/05/16/confoo-cfp/ 或 /posts/old.html。',
          'Write an old address as a path of this site starting with /, e.g. /2016/05/16/confoo-cfp/ or /posts/old.html.',
        ),
      });
    }
    const path = normalizeAlias(alias);
    if (!aliases.some((known) => known.path === path)) aliases.push({ path, line });
  }

  if (fields.slug !== undefined) {
    const reason = unsafeSlugReason(fields.slug);
    if (reason) {
      throw new XinwenError('front-matter/unsafe-slug', say(`\`slug\` 不能用在网址里：${reason}`, `\`slug\` cannot be used in a URL: ${reason}`), {
        ...at('slug'),
        hint: say('只用字母、数字和连字符，例如 `slug: suizhou-news-2022`。', 'Use letters, digits and dashes, e.g. `slug: suizhou-news-2022`.'),
      });
    }
  }
  const baseName = articleName(file);
  const slug = fields.slug !== undefined ? slugify(fields.slug) : slugFromFileName(baseName);
  if (slug === '') {
    throw new XinwenError('article/empty-slug', say('无法从这篇文章的文件名生成网址', 'no URL segment can be made from this article’s name'), {
      ...(fields.slug !== undefined ? at('slug') : { file }),
      hint: say('在文章开头的设置里加上 `slug: some-words`，只用字母、数字和连字符。', 'Add `slug: some-words` to the front matter, using letters, digits and dashes.'),
    });
  }

  const draft = fields.draft || fields.published === false;
  // The first of `categories` is the column (unless `category` names one), the rest are tags.
  const categories = fields.categories ?? [];
  const category = fields.category || categories[0];
  const tags = [...new Set([...fields.tags, ...categories.filter((name) => name !== category)])];

  if (body.trim() === '' && !draft) {
    throw new XinwenError('article/no-text', say('文章开头的设置后面没有正文', 'the article has no text after its front matter'), {
      file,
      line: bodyLine - 1,
      source: text,
      hint: say(
        '在结尾那行 `---` 下面写正文；还没写好的话，先在文章开头的设置里加上 `draft: true`。',
        'Write the article below the closing `---` line, or add `draft: true` to the front matter until it is written.',
      ),
    });
  }

  const coverFile = fields.cover && context.images ? imageFileOf(fields.cover, file, context.basePath ?? '/') : undefined;
  const coverImage = coverFile === undefined ? undefined : context.images?.get(coverFile);
  let rendered = context.markdown.render(body, { file, bodyLine, images: context.images, eagerFirst: coverImage === undefined });
  // A cover that the body shows too is not shown above it (the page would show the photo twice): the body's first photo is the first loaded.
  const coverInBody = coverImage !== undefined && rendered.images.some((use) => use.file === coverImage.file);
  if (coverInBody) rendered = context.markdown.render(body, { file, bodyLine, images: context.images, eagerFirst: true });
  const missing = [
    ...(coverFile !== undefined && !coverImage ? [{ written: fields.cover!, file: coverFile, line: keyLines.get('cover') }] : []),
    ...rendered.missingImages.map((image) => ({ ...image, line: image.line, source: text })),
  ];
  if (missing.length > 0) {
    throw new XinwenErrors(
      missing.map(
        (image) =>
          new XinwenError('image/missing', say(`图片 \`${image.written}\` 不存在：找不到 ${image.file}`, `the image \`${image.written}\` is missing: there is no ${image.file}`), {
            file,
            line: image.line,
            source: text,
            hint: say(
              '把图片放在文章旁边（文章文件夹中，写作 `![说明](1.jpg)`），或放进 public/（写作 `/images/1.jpg`，即 public/images/1.jpg），或改正地址。',
              'Put the photo beside the article (in its folder, written `![alt](1.jpg)`) or in public/ (written `/images/1.jpg` for public/images/1.jpg), or fix the address.',
            ),
          }),
      ),
      warnings,
    );
  }
  const images = [...(coverImage ? [{ file: coverImage.file, hash: coverImage.hash }] : []), ...rendered.images.filter((use) => use.file !== coverImage?.file)];
  const [year, month, day] = context.clock.format(date.time, 'YYYY M D').split(' ').map(Number) as [number, number, number];
  return {
    article: {
      file,
      slug,
      title: fields.title,
      time: date.time,
      yearMonth: { year, month },
      day,
      updated,
      aliases: aliases.length > 0 ? aliases : undefined,
      author: fields.author || context.defaultAuthor,
      source: fields.source || undefined,
      editor: fields.editor || undefined,
      views: fields.views,
      tags,
      category: category || undefined,
      summary: fields.summary || (more ? summaryBefore(split.body.slice(0, more.index), context) : excerpt(rendered.text)),
      cover: fields.cover || undefined,
      coverImage,
      coverInBody: coverInBody || undefined,
      images,
      draft,
      pinned: fields.pinned,
      featured: fields.featured,
      script: fields.script as SourceScript | undefined,
      bodyHtml: rendered.html,
      textLength: rendered.text.replace(/\s/g, '').length,
      links: rendered.links,
    },
    warnings,
    bodyText: rendered.searchText,
  };
}

/** The line of item `index` of a block list (`- item` lines) whose key is on `keyLine`; the key's line for a list in brackets. */
function itemLine(text: string, keyLine: number | undefined, index: number): number | undefined {
  if (keyLine === undefined) return undefined;
  const lines = text.split('\n');
  let seen = -1;
  for (let at = keyLine; at < lines.length && /^\s*(-\s|#|$)/.test(lines[at]!); at++) {
    if (/^\s*-\s/.test(lines[at]!) && ++seen === index) return at + 1;
  }
  return keyLine;
}

/** A line of its own with `<!-- more -->` (or `<!--more-->`). */
const MORE = /^[ \t]*<!--\s*more\s*-->[ \t]*$/m;

/** The summary an author marked with `<!-- more -->`: the text of the body before it, as one paragraph. */
function summaryBefore(markdown: string, context: ParseContext): string {
  return joinParagraphs(context.markdown.render(markdown).text);
}

/**
 * The name an article's slug comes from: its file's, or its folder's for an
 * article folder (`content/news/2024-05-01-expo/index.md`, its photos beside it).
 */
export function articleName(file: string): string {
  const parts = file.split('/');
  const base = parts[parts.length - 1]!;
  return base.toLowerCase() === 'index.md' && parts.length > 2 ? `${parts[parts.length - 2]!}.md` : base;
}

/** What is wrong with a front-matter value that is there but not valid, and how to fix it. */
function describeIssue(key: string, issue: { code: string; message: string }, value: unknown): { message: string; hint: string } {
  if (value === null) {
    return {
      message: say(`\`${key}\` 没有填值`, `\`${key}\` has no value`),
      hint: say(`在 \`${key}:\` 后面写上值，或者删掉这一行。`, `Write a value after \`${key}:\`, or delete the line.`),
    };
  }
  if (key === 'title' && issue.code === 'custom') {
    return {
      message: about('title', issue.message),
      hint: say('把标题改短；较长的文字请写在 `summary:` 里或正文中。', 'Shorten the headline; longer text belongs in `summary:` or in the article itself.'),
    };
  }
  if (typeof value === 'object' && key !== 'tags' && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    // "must be text; put it in quotes…" → "must be text, not a list": the quoting advice is for numbers.
    const expected = issue.message.split(/;| \(|；|（/)[0]!;
    return {
      message: say(
        `\`${key}\` ${expected}，不能是${Array.isArray(value) ? '列表' : '一组 `字段: 值`'}`,
        `\`${key}\` ${expected}, not ${Array.isArray(value) ? 'a list' : 'a `key: value` map'}`,
      ),
      hint: say(
        `把 \`${key}:\` 和一个值写在同一行；方括号 [ ]、以 - 开头的行、\`${key}:\` 下面缩进的行，都会把它变成列表或映射。`,
        `Write \`${key}:\` and one value on the same line; brackets [ ], lines starting with - and indented lines below \`${key}:\` make a list or a map.`,
      ),
    };
  }
  return { message: about(key, issue.message), hint: hintFor(key) };
}

/** `` `key` `` followed by what the schema says of its value (already in the user's language, see article-schema.ts). */
function about(key: string, said: string): string {
  return `\`${key}\` ${said}`;
}

function hintFor(key: string): string {
  switch (key) {
    case 'title':
      return say('标题要写成文字；如果只是一个数字，请加引号：title: "2022"', 'Write the headline as text, in quotes if it is only a number: title: "2022"');
    case 'date':
      return say(`日期请加引号，写成 ${acceptedDateForms()}。`, `Write the date in quotes as ${acceptedDateForms()}.`);
    case 'views':
      return say('只写数字：views: 190', 'Write the number alone: views: 190');
    case 'tags':
      return say('标签写成列表 [党建, 基层治理]，或者写成一段文字 "党建，基层治理"。', 'Write tags as a list, [党建, 基层治理], or as one text, "党建，基层治理".');
    case 'draft':
    case 'pinned':
    case 'featured':
      return say(`写 ${key}: true 或 ${key}: false。`, `Write ${key}: true or ${key}: false.`);
    default:
      return say('参见 README 里文章开头设置（front matter）的说明。', 'See the front-matter reference in the README.');
  }
}
