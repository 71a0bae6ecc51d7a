import path from 'node:path';
import type { MarkdownIt, Token } from 'markdown-it';
import { imageView, type ImageRecord, pictureHtml, PROCESSED_IMAGE } from '../images/image-record.ts';

/** A photo an article shows (in its body or as its cover), by the original's path and hash: the article's page changes when it does. */
export interface ImageUse {
  file: string;
  hash: string;
}

/** A body's photo whose file is not there, as written, with its line. */
export interface MissingImage {
  written: string;
  file: string;
  line: number;
}

/** What the image rules need to know of the body being parsed, and where they leave what they found. */
export interface ImageEnv {
  file: string;
  bodyLine: number;
  /** The site's photos by path from the site root. */
  images?: ReadonlyMap<string, ImageRecord>;
  /** The first photo is loaded at once (the article's cover, when it has one, is the first). */
  eagerFirst?: boolean;
  uses: ImageUse[];
  missing: MissingImage[];
}

/** How wide a body photo is shown: the whole column on a phone, at most the article column (760 px) elsewhere. */
export const BODY_IMAGE_SIZES = '(max-width: 800px) calc(100vw - 32px), 760px';

/** How wide an article's cover is shown (the same column). */
export const COVER_IMAGE_SIZES = BODY_IMAGE_SIZES;

/**
 * The original a local image address names, by its path from the site root,
 * when it is a photo xinwen processes: `/images/a.jpg` is public/images/a.jpg,
 * `1.jpg` or `./1.jpg` is beside the article's file (an article folder:
 * content/news/2024-05-01-expo/index.md and its photos). Undefined for an
 * address of another site, a data: URL, or a file type published as it is (SVG, GIF).
 */
export function imageFileOf(address: string, articleFile: string, basePath: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(address) || address.startsWith('//') || address.startsWith('#')) return undefined;
  let written = address;
  try {
    written = decodeURI(address);
  } catch {
    // Kept as written.
  }
  const pathPart = written.replace(/[?#].*$/, '');
  if (!PROCESSED_IMAGE.test(pathPart)) return undefined;
  if (pathPart.startsWith('/')) {
    const inSite = pathPart.startsWith(basePath) ? pathPart.slice(basePath.length) : pathPart.slice(1);
    return path.posix.normalize(`public/${inSite}`);
  }
  return path.posix.normalize(path.posix.join(path.posix.dirname(articleFile), pathPart));
}

/**
 * markdown-it rules for the body's photos: each local photo becomes a
 * `<picture>` of its renditions (image-record.ts); a photo alone in its
 * paragraph becomes a `<figure>`, captioned by its title
 * (`![alt](1.jpg "图为……")`) or else by a paragraph right under it that
 * starts with 图为 (the usual way of Chinese news pages). A photo whose file
 * is missing is noted with its line (the article's error).
 */
export function renderImages(md: MarkdownIt, basePath: string): void {
  md.core.ruler.push('xinwen_images', (state) => {
    const env = state.env as Partial<ImageEnv>;
    // Without the site's photos (a unit test, the importer), images stay plain <img>s and are not checked.
    if (!env.uses || env.file === undefined || !env.images) return;
    const lines = state.src.split('\n');
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      for (const token of block.children) {
        if (token.type !== 'image') continue;
        const address = String(token.attrGet('src') ?? '');
        const file = imageFileOf(address, env.file, basePath);
        if (file === undefined) continue;
        const record = env.images.get(file);
        token.meta = { ...(token.meta as object), imageFile: file, image: record };
        if (record) {
          if (!env.uses.some((use) => use.file === file)) env.uses.push({ file, hash: record.hash });
        } else {
          const start = block.map?.[0] ?? 0;
          const end = block.map?.[1] ?? start + 1;
          let at = start;
          while (at < end - 1 && !lines[at]!.includes(address)) at++;
          env.missing!.push({ written: address, file, line: (env.bodyLine ?? 1) + at });
        }
      }
    }
    makeFigures(state.tokens, state.Token);
  });

  const fallback = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, index, options, rendering, self) => {
    const env = (rendering ?? {}) as Partial<ImageEnv>;
    const token = tokens[index]!;
    const record = (token.meta as { image?: ImageRecord } | null)?.image;
    if (!record) return fallback(tokens, index, options, env, self);
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const eager = env.eagerFirst === true;
    env.eagerFirst = false;
    return pictureHtml(imageView(record, basePath, alt), { sizes: BODY_IMAGE_SIZES, eager });
  };
}

/** Paragraphs of one processed photo become figures, with a caption from the photo's title or the 图为 paragraph under it. */
function makeFigures(tokens: Token[], TokenClass: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1]!;
    const close = tokens[i + 2]!;
    if (open.type !== 'paragraph_open' || open.hidden || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
    const children = inline.children ?? [];
    const image = children[0];
    if (!image || image.type !== 'image' || !(image.meta as { image?: unknown } | null)?.image) continue;
    // The photo alone, or the photo and a 图为 line right under it in the same paragraph.
    const rest = children.slice(1);
    const alone = rest.every((child) => child.type === 'text' && child.content.trim() === '');
    const captionInLine = !alone && rest[0]?.type === 'softbreak' && rest[1]?.type === 'text' && rest[1].content.startsWith('图为');
    if (!alone && !captionInLine) continue;
    open.type = 'figure_open';
    open.tag = 'figure';
    open.attrSet('class', 'article-image');
    close.type = 'figure_close';
    close.tag = 'figure';
    const title = image.attrGet('title') === null ? undefined : String(image.attrGet('title'));
    let caption: Token[] | undefined;
    if (captionInLine) {
      inline.children = [image];
      caption = captionTokens(TokenClass, rest.slice(1), inline.map);
    } else if (title) {
      const text = new TokenClass('text', '', 0);
      text.content = title;
      caption = captionTokens(TokenClass, [text], inline.map);
    } else {
      const [nextOpen, nextInline, nextClose] = [tokens[i + 3], tokens[i + 4], tokens[i + 5]];
      if (nextOpen?.type === 'paragraph_open' && !nextOpen.hidden && nextInline?.type === 'inline' && nextInline.content.startsWith('图为') && nextClose?.type === 'paragraph_close') {
        nextOpen.type = 'figcaption_open';
        nextOpen.tag = 'figcaption';
        nextClose.type = 'figcaption_close';
        nextClose.tag = 'figcaption';
        // figure_open, photo, figcaption…, figure_close
        tokens.splice(i + 2, 4, nextOpen, nextInline, nextClose, close);
      }
    }
    if (caption) tokens.splice(i + 2, 0, ...caption);
    // Shown as the caption: a tooltip would say it twice.
    if (caption && title) image.attrs = (image.attrs ?? []).filter(([name]) => name !== 'title');
  }
}

function captionTokens(TokenClass: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token, children: Token[], map: [number, number] | null): Token[] {
  const open = new TokenClass('figcaption_open', 'figcaption', 1);
  const inline = new TokenClass('inline', '', 0);
  inline.children = children;
  inline.content = children.map((child) => child.content).join('');
  inline.map = map;
  const close = new TokenClass('figcaption_close', 'figcaption', -1);
  return [open, inline, close];
}
