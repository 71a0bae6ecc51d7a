import { DomUtils, Parser, parseDocument } from 'htmlparser2';
import { XinwenError } from '../core/errors.ts';
import { prepareBody } from './body-markup.ts';
import { chooseSource, type ExtractedPage } from './extracted-page.ts';
import { bodyContainer } from './find-body.ts';
import { elementMatchingHead, headTitles } from './find-title.ts';
import { readMetaZone } from './meta-zone.ts';
import {
  attribute,
  collapse,
  contains,
  deepest,
  deepestAll,
  elements,
  type HtmlElement,
  type HtmlNode,
  hasChildren,
  isElement,
  isLine,
  isTextNode,
  removeUpTo,
  TextIndex,
  wrapInlineRuns,
} from './html-dom.ts';
import { htmlToMarkdown } from './html-markdown.ts';
import { type Credit, isChromeBlock, parseCredit } from './credit-lines.ts';
import {
  columnFromBreadcrumb,
  isAfterArticle,
  isBreadcrumb,
  isChromeLine,
  isGenericSource,
  isPageControl,
  isPersonName,
  type MetaFields,
  normalizeDate,
  parseMetaLine,
  parseSourceLine,
  parseTagsLine,
  splitTags,
} from './page-patterns.ts';
import { say } from '../core/language.ts';

export interface HtmlOptions {
  /** Applied to the text of every text node and of titles and `alt`s, e.g. to remove leaked pinyin. */
  cleanText?: (text: string) => string;
}

/** Elements that are never article text. `form` is not one: ASP.NET pages wrap the whole page in a form. */
const JUNK = new Set('script style noscript template iframe frame frameset object embed applet svg canvas input select textarea button link meta rt rp map area audio video source'.split(' '));

/**
 * A legacy news page saved from a browser → its article. The body is the
 * element holding the most prose (paragraph text with punctuation, few
 * links), so navigation, sidebars and footers fall away whatever their
 * markup; the title is the heading just above the meta line, the column
 * comes from the breadcrumb, and the meta line, 标签 and trailing 来源
 * lines are read with the same patterns as plain-text pages.
 */
export function extractHtml(html: string, options: HtmlOptions = {}): ExtractedPage {
  assertReadableDepth(html);
  const clean = options.cleanText ?? ((text: string) => text);
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const pageUrl = findPageUrl(html, document);
  const headTitle = headTitleOf(document, clean);
  const heads = headTitles(document, clean);
  const publishedMeta = publishedDateOf(document);
  // TRS and other government CMSes name the source in the head: the fallback when the page prints it nowhere readable.
  const sourceMeta = metaContent(document, /^contentsource$/i);
  const warnings: string[] = [];

  removeJunk(document);
  wrapInlineRuns(document);
  for (const node of DomUtils.filter(isTextNode, document) as (HtmlNode & { data: string })[]) node.data = normalizeText(clean(node.data));
  for (const image of DomUtils.getElementsByTagName('img', document)) {
    const alt = attribute(image, 'alt');
    if (alt !== undefined) image.attribs.alt = clean(alt);
  }

  const index = new TextIndex(document);
  const meta = metaElement(document, index);
  const crumb = deepest(document, index, isBreadcrumb, 200);
  const container = bodyContainer(document, index);
  const bodyStart = container ? firstProse(container, index) : Number.POSITIVE_INFINITY;
  const headline = elementMatchingHead(document, index, heads, bodyStart);
  const titleElement = headline?.element ?? findTitleElement(document, index, meta ?? container);
  const title = headline?.text ?? (titleElement ? index.text(titleElement) : headTitle);
  const tagsElement = findTagsElement(document, index, meta ?? titleElement);
  const tags = tagsElement ? tagsOf(tagsElement, index) : [];
  const zone = titleElement ? readMetaZone(document, index, titleElement, bodyStart) : { fields: {}, elements: [] };
  const labelled = meta ? parseMetaLine(index.text(meta))! : {};
  if (titleElement) fillFromLaterLines(labelled, document, titleElement, index);
  // The fields under the headline first: a line elsewhere with more labels may be a sidebar's.
  const fields: MetaFields = {
    date: zone.fields.date ?? labelled.date,
    author: zone.fields.author ?? labelled.author,
    source: zone.fields.source ?? labelled.source,
    views: zone.fields.views ?? labelled.views,
  };
  if (!meta && Object.values(zone.fields).every((value) => value === undefined)) warnings.push(say('没有找到作者、来源、日期、人气那一行', 'no meta line (作者 / 来源 / 日期 / 人气) found'));

  let body = '';
  let trailingSource: string | undefined;
  let trailingAuthor: string | undefined;
  let editor: string | undefined;
  if (container) {
    // The container may hold the title and the meta line: the body starts after them,
    // unless prose comes first (a meta line under the article): then only the line goes.
    for (const element of [meta, titleElement, headline?.next, crumb, tagsElement, ...zone.elements]) {
      if (!element || element === container || !contains(container, element)) continue;
      if ((element === meta || element === titleElement) && !proseBefore(container, element, index)) removeUpTo(container, element);
      else DomUtils.removeElement(element);
    }
    const lede = titleElement && ledeBefore(document, container, titleElement, index);
    if (lede) DomUtils.prependChild(container, lede);
    const images = prepareBody(container, pageUrl);
    if (images > 0) {
      warnings.push(
        say(
          `有 ${images} 张图片用的是相对路径：请把图片文件复制到 public/，并改正路径`,
          `${images} image${images > 1 ? 's' : ''} with a relative path: copy the files into public/ and correct the paths`,
        ),
      );
    }
    const blocks = trimBlocks(htmlToMarkdown(DomUtils.getInnerHTML(container, { encodeEntities: 'utf8' })).split(/\n{2,}/), title);
    trailingSource = blocks.trailing.source;
    trailingAuthor = blocks.trailing.author;
    editor = blocks.trailing.editor;
    body = blocks.blocks.join('\n\n');
  }

  return {
    title,
    author: fields.author ?? trailingAuthor,
    source: chooseSource(fields.source, trailingSource, isGenericSource) ?? sourceMeta,
    date: fields.date ?? publishedMeta,
    views: fields.views,
    editor,
    tags,
    category: crumb ? columnFromBreadcrumb(index.text(crumb), title) : undefined,
    body,
    warnings,
  };
}

/**
 * The meta line: of the elements that hold one line of text, the one whose
 * text gives the most fields (`<span>日期：…</span>` alone gives one), the
 * first of equals.
 */
/**
 * Deepest nesting of elements a page may have. Real pages stay under a few
 * dozen levels (browsers flatten anything past 512); the reading of a page
 * walks its tree, and a tree thousands of levels deep would exhaust the stack.
 */
const MAX_DEPTH = 1_000;

/** Refuse a page nested too deeply to read, counting levels as the parser meets them (no tree, no recursion). */
function assertReadableDepth(html: string): void {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser(
    {
      onopentag() {
        deepest = Math.max(deepest, ++depth);
        if (deepest > MAX_DEPTH) parser.pause();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  if (deepest > MAX_DEPTH) {
    throw new XinwenError('import/too-deep', say(`网页的元素嵌套超过 ${MAX_DEPTH} 层，太深了，无法读取`, `the page nests its elements more than ${MAX_DEPTH} levels deep, too deep to read`), {
      hint: say(
        '在浏览器里重新保存文章的网页（文件 → 网页另存为…，选“仅 HTML”），或者保存为文本（“文本文件”）再导入。',
        'Save the article’s page again from the browser (File → Save Page As…, “HTML only”), or save it as text (“Text Files”) and import that.',
      ),
    });
  }
}

function metaElement(document: HtmlNode, index: TextIndex): HtmlElement | undefined {
  let best: HtmlElement | undefined;
  let most = 0;
  for (const element of elements(document)) {
    const text = index.text(element);
    if (text.length > 300 || !isLine(element)) continue;
    const fields = Object.values(parseMetaLine(text) ?? {}).filter((value) => value !== undefined).length;
    if (fields > most) {
      best = element;
      most = fields;
    }
  }
  return best;
}

/**
 * An author the meta line lacks, from a labelled line after the headline
 * that names a person: `作者：宋怡 杨志华` in a cell of its own beside
 * `来源：…`, `[作者: 刘满仓 责任编辑: 杨丹宇 ]` under the text.
 */
function fillFromLaterLines(fields: MetaFields, document: HtmlNode, title: HtmlElement, index: TextIndex): void {
  for (const element of elements(document)) {
    if (fields.author !== undefined) return;
    if (index.position(element) <= index.position(title) || !isLine(element) || index.text(element).length > 120) continue;
    const author = parseMetaLine(index.text(element))?.author;
    if (author !== undefined && isPersonName(author)) fields.author = author;
  }
}

/** Class names of a standfirst: the lead paragraph a template prints between the headline and the text. */
const LEDE = /(^|[\s_-])(chapo|lede|lead|standfirst|summary|intro|abstract|dek)($|[\s_-])/i;

/**
 * The standfirst, when the template prints it outside the text's block,
 * between the headline and the text: a sentence of prose, not already the
 * text's beginning (some templates print the first sentence as a summary too).
 */
function ledeBefore(document: HtmlNode, container: HtmlElement, title: HtmlElement, index: TextIndex): HtmlElement | undefined {
  const start = index.position(container);
  const opening = index.text(container).replace(/\s+/g, '');
  return elements(document).find((element) => {
    const at = index.position(element);
    if (at <= index.position(title) || at >= start || contains(element, container) || !LEDE.test(attribute(element, 'class') ?? '')) return false;
    const text = index.text(element);
    return text.length >= 20 && /[。！？]/.test(text) && !opening.includes(text.replace(/\s+/g, '').slice(0, 20));
  });
}

/** Position of the container's first paragraph of prose (30 characters with a full stop), else of the container. */
function firstProse(container: HtmlElement, index: TextIndex): number {
  const first = elements(container).find((element) => isLine(element) && index.text(element).length >= 30 && /[。！？]/.test(index.text(element)));
  return index.position(first ?? container);
}

/** Whether a paragraph of text comes before `element` inside `container`. */
function proseBefore(container: HtmlElement, element: HtmlElement, index: TextIndex): boolean {
  const at = index.position(element);
  return elements(container).some(
    (other) => index.position(other) < at && !contains(other, element) && isLine(other) && index.text(other).length >= 30 && /[。！？]/.test(index.text(other)),
  );
}

function removeJunk(root: HtmlNode): void {
  const junk = DomUtils.filter((node) => node.type === 'comment' || node.type === 'directive' || (isElement(node) && JUNK.has(node.name)), root);
  for (const node of junk) DomUtils.removeElement(node as Parameters<typeof DomUtils.removeElement>[0]);
  // Hidden elements (display:none) are menus and templates, not text; advertisements are not text either.
  for (const element of elements(root)) {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribute(element, 'style') ?? '') || attribute(element, 'hidden') !== undefined || isAdvert(element)) {
      DomUtils.removeElement(element);
    }
  }
}

/** Names CMSes give advertisements and self-promotion: `class="ad"`, `id="ad_2"`, `adv-box`, `guanggao`, `o-self-promo`; images served from an ad folder or an ad server. */
const AD_NAME = /(^|[\s_-])(ad|ads|adv|advert|advertisement|gg|guanggao|adsbygoogle|promo|newsletter)(\d*|[_-][\w-]*)?($|\s)/i;
const AD_URL = /\/(ad|ads|adv|advert|guanggao|gg|adimg|adfile)\/|[?&](ad|adid|adv)=|doubleclick\.net|googlesyndication/i;

function isAdvert(element: HtmlElement): boolean {
  if (AD_NAME.test(`${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`)) return true;
  if (element.name !== 'img') return false;
  const link = element.parent && isElement(element.parent) && element.parent.name === 'a' ? (attribute(element.parent, 'href') ?? '') : '';
  return AD_URL.test(attribute(element, 'src') ?? '') || AD_URL.test(link);
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2026\\u201c\\u201d\\u2018\\u2019';
/** A line break between two Chinese characters in the HTML source is not a space in the text. */
const CJK_BREAK = new RegExp(`(?<=[${CJK}])[ \\t\\r]*\\n\\s*(?=[${CJK}])`, 'gu');

function normalizeText(text: string): string {
  return text.replace(CJK_BREAK, '').replace(/\u3000/g, ' ');
}

/** The address the page was saved from: browsers note it (`<!-- saved from url=… -->`), CMSes name it in canonical or og:url. */
function findPageUrl(html: string, document: HtmlNode): URL | undefined {
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1];
  const base = DomUtils.getElementsByTagName('base', document, true, 1)[0];
  const canonical = DomUtils.findOne((element) => element.name === 'link' && /\bcanonical\b/i.test(attribute(element, 'rel') ?? ''), hasChildren(document) ? document.children : []);
  const ogUrl = DomUtils.findOne((element) => element.name === 'meta' && attribute(element, 'property') === 'og:url', hasChildren(document) ? document.children : []);
  for (const candidate of [base && attribute(base, 'href'), saved, canonical && attribute(canonical, 'href'), ogUrl && attribute(ogUrl, 'content')]) {
    if (!candidate || !/^https?:\/\//i.test(candidate)) continue;
    try {
      return new URL(candidate);
    } catch {
      // not a URL: try the next
    }
  }
  return undefined;
}

/** `<title>` without the site name CMSes append (`标题 - 公司名`, `标题_新闻中心`), or og:title. */
function headTitleOf(document: HtmlNode, clean: (text: string) => string): string | undefined {
  const children = hasChildren(document) ? document.children : [];
  const og = DomUtils.findOne((element) => element.name === 'meta' && attribute(element, 'property') === 'og:title', children);
  const ogTitle = og && collapse(clean(attribute(og, 'content') ?? ''));
  if (ogTitle) return ogTitle;
  const element = DomUtils.getElementsByTagName('title', document, true, 1)[0];
  const text = element ? collapse(clean(DomUtils.textContent(element))) : '';
  const first = text.split(/\s+[-|–｜]\s+|_|\s*｜\s*/)[0]?.trim();
  return first || undefined;
}

function metaContent(document: HtmlNode, name: RegExp): string | undefined {
  const children = hasChildren(document) ? document.children : [];
  const meta = DomUtils.findOne((element) => element.name === 'meta' && name.test(attribute(element, 'name') ?? ''), children);
  const content = meta && collapse(attribute(meta, 'content') ?? '');
  return content || undefined;
}

function publishedDateOf(document: HtmlNode): string | undefined {
  const children = hasChildren(document) ? document.children : [];
  const meta = DomUtils.findOne(
    (element) =>
      element.name === 'meta' &&
      /^(publishdate|pubdate|publish_date|article:published_time|og:release_date|date)$/i.test(attribute(element, 'name') ?? attribute(element, 'property') ?? ''),
    children,
  );
  const time = DomUtils.findOne((element) => element.name === 'time' && attribute(element, 'datetime') !== undefined, children);
  const text = (meta && attribute(meta, 'content')) ?? (time && attribute(time, 'datetime'));
  return text ? normalizeDate(text) : undefined;
}

const TITLE_NAME = /title|tit\b|biaoti|headline/i;

/** The heading nearest above `anchor` (the meta line, else the body); else the first `<h1>`. */
function findTitleElement(document: HtmlNode, index: TextIndex, anchor: HtmlElement | undefined): HtmlElement | undefined {
  const candidates = elements(document).filter((element) => {
    const text = index.text(element);
    const length = [...text].length;
    if (length < 2 || length > 200 || isChromeLine(text) || parseMetaLine(text) !== undefined) return false;
    if (/^h[1-4]$/.test(element.name)) return true;
    const names = `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`;
    return TITLE_NAME.test(names) && !DomUtils.existsOne((child) => /^(p|div|ul|table)$/.test(child.name), element.children);
  });
  if (anchor) {
    const before = candidates.filter((element) => index.position(element) < index.position(anchor) && !contains(element, anchor));
    if (before.length > 0) return before.at(-1);
  }
  return candidates.find((element) => element.name === 'h1');
}

/**
 * The 标签 line after the article's start (a search box's 关键词 label in a
 * sidebar above is not it): one that names tags, else an empty one (to drop).
 */
function findTagsElement(document: HtmlNode, index: TextIndex, start: HtmlElement | undefined): HtmlElement | undefined {
  const after = (element: HtmlElement) => !start || index.position(element) > index.position(start);
  const named = deepestAll(document, index, (text) => (parseTagsLine(text) ?? []).length > 0, 200).find(after);
  return named ?? deepestAll(document, index, (text) => parseTagsLine(text) !== undefined, 200).find(after);
}

function tagsOf(element: HtmlElement, index: TextIndex): string[] {
  const links = DomUtils.getElementsByTagName('a', element)
    .map((link) => index.text(link))
    .filter((text) => text !== '');
  return links.length > 0 ? [...new Set(links.flatMap(splitTags))] : (parseTagsLine(index.text(element)) ?? []);
}

/**
 * Blocks of the body's Markdown with the page chrome taken out: everything
 * from the first 上一篇 / 相关新闻 / 标签 / footer block on, repeated titles,
 * meta lines, reader controls and chrome between paragraphs; then, from the
 * end, the lines that credit the text (byline, editor, 来源, print reference,
 * reprint notice), whose author and source are returned.
 */
function trimBlocks(blocks: string[], title: string | undefined): { blocks: string[]; trailing: Credit } {
  const plain = blocks.map(plainText);
  // A table of related links starts with its heading: `相关报道： ·…`.
  const end = plain.findIndex((text, index) => isAfterArticle(text) || parseTagsLine(text) !== undefined || (/^<table/i.test(blocks[index]!) && isAfterArticle(text.slice(0, 24))));
  const squeezedTitle = title?.replace(/\s+/g, '');
  const kept = (end === -1 ? blocks : blocks.slice(0, end)).filter((block, index) => {
    const text = plain[index]!;
    // Empty blocks go, and so do tables without text (layout leftovers); a picture stays.
    if (text.replace(/<[^>]*>/g, '').trim() === '' && !/!\[|<img/i.test(block)) return false;
    if (text.replace(/\s+/g, '') === squeezedTitle || isPageControl(text) || isBreadcrumb(text) || isChromeBlock(text) || isLinkList(block)) return false;
    return parseMetaLine(text) === undefined || parseSourceLine(text) !== undefined || parseCredit(text) !== undefined;
  });
  const trailing: Credit = {};
  for (let last = kept.at(-1); last !== undefined; last = kept.at(-1)) {
    // A credit may share the last paragraph, after a line break: `…效果。\n#大家健康# @大家健康`.
    const lines = last.split('\n');
    if (lines.length > 1) {
      const credit = parseCredit(plainText(lines.at(-1)!));
      if (credit !== undefined) {
        trailing.author ??= credit.author;
        trailing.source ??= credit.source;
        trailing.editor ??= credit.editor;
        kept[kept.length - 1] = lines.slice(0, -1).join('\n').replace(/ {2}$|\\$/, '');
        continue;
      }
    }
    const text = plainText(last);
    // Headlines of other articles, a link a line, after the text.
    if (isLoneLink(last)) {
      kept.pop();
      continue;
    }
    const source = parseSourceLine(text);
    const credit = source !== undefined ? { source } : parseCredit(text);
    if (credit === undefined) break;
    trailing.author ??= credit.author;
    trailing.source ??= credit.source;
    trailing.editor ??= credit.editor;
    kept.pop();
  }
  return { blocks: kept, trailing };
}

/** A block that is one link and nothing else. */
function isLoneLink(block: string): boolean {
  return /^(?:\[(?:\\.|[^\]\\])+\]\([^)]*\)|<a\b[^>]*>[^<]*<\/a>)$/.test(block.trim()) && !/^!/.test(block.trim());
}

/** Two links or more and next to no text besides: a list of other articles or promotions, not a paragraph. */
function isLinkList(block: string): boolean {
  const links = [...block.matchAll(/(?<!!)\[((?:\\.|[^\]\\])*)\]\([^)]*\)|<a\b[^>]*>([\s\S]*?)<\/a>/gi)];
  if (links.length < 2) return false;
  const count = (text: string) => text.replace(/[\s\p{P}\p{S}]/gu, '').length;
  const linked = links.reduce((sum, link) => sum + count(plainText(link[1] ?? link[2] ?? '')), 0);
  const total = count(plainText(block));
  return total > 0 && linked / total >= 0.85;
}

/** Roughly what a Markdown block reads as: no marks, links as their text. */
function plainText(block: string): string {
  return collapse(
    block
      .replace(/!\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')
      .replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')
      .replace(/^(#{1,6}|[-*+]|\d+\.)\s+/gm, '')
      // Tables stay HTML in the Markdown: their text is what counts.
      .replace(/(?<!\\)<\/?[a-z][^>]*>/gi, ' ')
      .replace(/(?<!\\)&(nbsp|lt|gt|amp|quot);/g, (_entity, name: string) => ({ nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"' })[name] ?? ' ')
      .replace(/\\([\\`*_{}[\]()#+\-.!<>&|])/g, '$1')
      .replace(/\*\*|__|(?<!\w)[*_](?!\s)|`/g, ''),
  );
}
