import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Clock, createClock } from '../core/clock.ts';
import { asXinwenErrors, XinwenError } from '../core/errors.ts';
import { siteFolders } from '../core/site-folders.ts';
import { MAX_ARTICLE_BYTES, megabytes } from '../load/content-files.ts';
import { readBytes } from '../load/read-text.ts';
import { loadSettings } from '../load/settings-file.ts';
import type { Settings } from '../settings/settings.ts';
import { ArticleIndex, type KnownArticle } from './article-index.ts';
import { articleFileName, articleFromPage, articleSlug, createArticleValidator, type ImportedArticle, renderArticle } from './article-writer.ts';
import { collectPages, shown } from './collect-pages.ts';
import { cleanPage } from './clean-text.ts';
import { decodePage, displayName } from './decode.ts';
import type { ExtractedPage } from './extracted-page.ts';
import { extractHtml } from './extract-html.ts';
import { extractText } from './extract-text.ts';
import { stripLeakedPinyin } from './pinyin.ts';
import type { DetectedScript } from './script-repair.ts';
import { say } from '../core/language.ts';

export interface ImportOptions {
  /** Site folder, with content/site.yaml. */
  root: string;
  /** Saved pages and folders of them, as given on the command line. */
  inputs: string[];
  /** Where articles are written; default ROOT/content/news. */
  outDir?: string;
  /** Report what would be written, write nothing. */
  dryRun?: boolean;
  /** Replace an article imported before from the same page. */
  force?: boolean;
}

export type PageStatus = 'imported' | 'replaced' | 'skipped' | 'failed';

/** What became of one page: a row of the report. */
export interface PageReport {
  /** The page's path as shown to the user. */
  page: string;
  status: PageStatus;
  /** The article written, replaced, or (skipped) already there. */
  article?: string;
  /** Front-matter fields found on the page. */
  fields: string[];
  /** Encoding the page was read in, and whether it was sniffed. */
  encoding?: string;
  script?: DetectedScript;
  scriptChanged: number;
  pinyinRemoved: number;
  punctuation: number;
  warnings: string[];
  error?: XinwenError;
}

export interface ImportResult {
  outDir: string;
  dryRun: boolean;
  pages: PageReport[];
}

/** Largest page read: a saved news page is rarely over 1 MB. */
const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/**
 * `xinwen import`: turn saved pages of a legacy news center into Markdown
 * articles. One page failing does not stop the others; every page's outcome
 * is in the result.
 */
export function importPages(options: ImportOptions): ImportResult {
  if (options.inputs.length === 0) {
    throw new XinwenError('import/no-input', say('请写出要导入的网页文件', 'name the saved pages to import'), {
      hint: say(
        '这样运行：npm run import -- page.html 网页文件夹/（从浏览器保存的 HTML，或文本文件）。',
        'Run: npm run import -- page.html folder-of-pages/ (HTML as saved from a browser, or text).',
      ),
    });
  }
  const site = siteFolders(options.root);
  const settings = loadSettings(site);
  const clock = createClock(settings.timezone);
  const outDir = path.resolve(options.outDir ?? path.join(site.contentDir, 'news'));
  const context: PageContext = {
    root: site.root,
    outDir,
    settings,
    clock,
    dryRun: options.dryRun ?? false,
    force: options.force ?? false,
    index: ArticleIndex.load([site.contentDir, outDir], site.root, clock),
    validate: createArticleValidator(settings, clock),
  };
  const pages: PageReport[] = [];
  for (const input of collectPages(options.inputs)) {
    pages.push('error' in input ? failed(input.page, input.error) : importOne(input.page, input.full, context));
  }
  return { outDir, dryRun: context.dryRun, pages };
}

interface PageContext {
  root: string;
  outDir: string;
  settings: Settings;
  clock: Clock;
  dryRun: boolean;
  force: boolean;
  index: ArticleIndex;
  validate: (file: string, text: string) => void;
}

function failed(page: string, error: XinwenError, partial: Partial<PageReport> = {}): PageReport {
  return { scriptChanged: 0, pinyinRemoved: 0, punctuation: 0, fields: [], warnings: [], ...partial, page, status: 'failed', error };
}

function importOne(page: string, full: string, context: PageContext): PageReport {
  const report: Partial<PageReport> = {};
  try {
    return { ...convertAndWrite(page, full, context, report), page };
  } catch (error) {
    const [first] = asXinwenErrors(error);
    // Every failure names its page, also one found deep inside (which knows no file).
    const named = first!.file ? first! : new XinwenError(first!.code, first!.message, { file: page, hint: first!.hint, cause: error });
    return failed(page, named, report);
  }
}

/** Read, decode, extract, clean, check and write one page. Fills `report` as it goes, so a failure still says what was found. */
function convertAndWrite(page: string, full: string, context: PageContext, report: Partial<PageReport>): PageReport {
  const size = statSync(full).size;
  if (size > MAX_PAGE_BYTES) {
    throw new XinwenError('import/too-large', say(
        `这个网页有 ${(size / 1024 / 1024).toFixed(1)} MB，太大了，不像是一篇新闻的网页`,
        `the page is ${(size / 1024 / 1024).toFixed(1)} MB: too large to be a news page`,
      ), {
      file: page,
      hint: say('请导入文章本身的网页，保存为 HTML 或文本。', 'Import the article’s own page, saved as HTML or text.'),
    });
  }
  const decoded = decodePage(readBytes(full, page), page);
  const warnings: string[] = [...decoded.warnings];
  report.encoding = displayName(decoded.encoding) + (decoded.by === 'sniffed' && decoded.encoding !== 'utf-8' ? ' (sniffed)' : '');
  report.warnings = warnings;

  let pinyinRemoved = 0;
  const strip = (text: string) => {
    const result = stripLeakedPinyin(text);
    pinyinRemoved += result.removed;
    return result.text;
  };
  const text = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const extracted: ExtractedPage = looksLikeHtml(text) ? extractHtml(text, { cleanText: strip }) : extractText(strip(text));
  report.pinyinRemoved = pinyinRemoved;
  report.fields = foundFields(extracted);
  warnings.push(...extracted.warnings);
  if (!hasProse(extracted.body)) {
    throw new XinwenError('import/no-body', say('网页上没有找到文章正文', 'no article text found on the page'), {
      file: page,
      hint: say(
        '请导入一篇文章的网页（有标题、作者日期那一行和正文），从浏览器保存为 HTML 或文本；列表页和空白页不能导入。',
        'Import the page of one article (title, meta line, text), saved from the browser as HTML or as text; list pages and empty pages cannot be imported.',
      ),
    });
  }

  const { page: clean, stats } = cleanPage(extracted, context.settings.sourceLocale);
  Object.assign(report, { script: stats.detected, scriptChanged: stats.scriptChanged, punctuation: stats.punctuation });
  const article = articleFromPage(clean, { fileName: path.basename(full), mtime: statSync(full).mtimeMs }, context.clock, warnings);
  const time = context.clock.parse(article.date);
  const identity = { title: article.title, time: article.draft || !time.ok ? undefined : time.time };
  const place = placeArticle(articleSlug(article.title), identity, article, context);
  if (place.existing && !context.force) {
    const same = identity.time === undefined ? say('slug 和标题相同', 'same slug and title') : say('slug 和日期相同', 'same slug and date');
    warnings.push(say(`以前导入过（${same}）：已跳过；加 --force 可以覆盖`, `imported before (${same}): skipped; --force replaces it`));
    return { ...(report as PageReport), status: 'skipped', article: shown(place.existing.path), warnings };
  }
  const target = place.existing?.path ?? place.path;
  const markdown = renderArticle(article);
  const siteFile = path.relative(context.root, target).split(path.sep).join('/');
  assertBuildableSize(markdown, page);
  try {
    context.validate(siteFile, markdown);
  } catch (error) {
    const [first] = asXinwenErrors(error);
    throw new XinwenError('import/invalid-article', say(`从这个网页生成的文章无法通过生成：${first!.message}`, `the article made from the page would not build: ${first!.message}`), {
      file: page,
      hint: first!.hint ?? say('参见 README 里文章开头设置（front matter）的说明。', 'See the front-matter reference in the README.'),
      cause: error,
    });
  }
  if (!context.dryRun) write(target, markdown, place.existing === undefined);
  context.index.add(place.slug, { path: target, ...identity });
  return { ...(report as PageReport), status: place.existing ? 'replaced' : 'imported', article: shown(target), warnings };
}

/** The build refuses an article over MAX_ARTICLE_BYTES; refuse it here, before it is written, with the same limit. */
function assertBuildableSize(markdown: string, page: string): void {
  const size = Buffer.byteLength(markdown, 'utf8');
  if (size <= MAX_ARTICLE_BYTES) return;
  throw new XinwenError('import/article-too-large', say(
      `从这个网页生成的文章有 ${megabytes(size)} MB，一篇文章最多 ${megabytes(MAX_ARTICLE_BYTES)} MB，生成时会被拒绝：没有写入`,
      `the article made from the page would be ${megabytes(size)} MB; an article may be at most ${megabytes(MAX_ARTICLE_BYTES)} MB, so the build would refuse it: not written`,
    ), {
    file: page,
    hint: say(
      '这样大的文章多半是图片以 data: 网址嵌在了网页里，或者粘贴了大段数据：把图片另存为文件放进 public/ 再链接，删掉嵌入的数据或把很长的文字分成几篇，再导入。',
      'An article this large is usually images embedded in the page as data: URLs, or pasted data: save the images as files in public/ and link them, remove the embedded data or split a very long text into several pages, and import again.',
    ),
  });
}

function write(file: string, text: string, isNew: boolean): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // A new article never replaces a file, even one that appeared since the folder was read.
    writeFileSync(file, text, isNew ? { flag: 'wx' } : {});
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new XinwenError('import/unwritable', say(`无法写入 ${shown(file)}（${code ?? (error as Error).message}）`, `cannot write ${shown(file)} (${code ?? (error as Error).message})`), {
      file: shown(file),
      hint:
        code === 'EEXIST'
          ? say('再导入一次：导入过程中这个文件刚好出现了。', 'Run the import again: the file appeared while it ran.')
          : say('确认文件夹存在，而且你有权限往里面写文件。', 'Check that the folder exists and that you may write in it.'),
    });
  }
}

/**
 * An article's text has sentences: at least ten characters outside links,
 * with punctuation. A list page (titles and dates, all links) has none.
 */
function hasProse(markdown: string): boolean {
  const text = markdown.replace(/!?\[[^\]]*\]\([^)]*\)/g, '').replace(/[\s#*_\\>|-]/g, '');
  return [...text].length >= 10 && /[。！？，；!?,;]/.test(text);
}

/** Markers of an HTML page near its start; anything else is read as text. */
export function looksLikeHtml(text: string): boolean {
  return /<(!doctype\s+html|html|head|body|meta|title|div|p|table)\b/i.test(text.slice(0, 4096));
}

function foundFields(page: ExtractedPage): string[] {
  const fields: [string, unknown][] = [
    ['title', page.title],
    ['date', page.date],
    ['author', page.author],
    ['source', page.source],
    ['views', page.views],
    ['tags', page.tags.length > 0 ? page.tags : undefined],
    ['category', page.category],
  ];
  return fields.filter(([, value]) => value !== undefined && value !== '').map(([name]) => name);
}

/**
 * Where an article goes: its slug, unless an article with that slug is
 * already there. If that one is the same page (same date, or same title when
 * the page has no date), it is `existing` (skipped, or replaced with
 * --force); else this is another article whose title gives the same slug,
 * and it gets `slug-2`, `slug-3`…
 */
function placeArticle(
  slug: string,
  identity: { title: string; time?: number },
  article: ImportedArticle,
  context: PageContext,
): { slug: string; path: string; existing?: KnownArticle } {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`;
    const file = path.join(context.outDir, articleFileName(article, candidate));
    const known = context.index.get(candidate);
    if (known) {
      const same = identity.time !== undefined && known.time !== undefined ? known.time === identity.time : known.title === identity.title;
      if (same) return { slug: candidate, path: known.path, existing: known };
    } else if (!existsSync(file)) {
      return { slug: candidate, path: file };
    }
  }
}
