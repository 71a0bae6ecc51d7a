import type { ImageView } from '../render/view-model.ts';

/**
 * A photo of the site as xinwen publishes it: found in public/ or beside an
 * article, measured, and made into renditions named by its content hash
 * (process-images.ts). Plain data: it crosses to worker threads and is kept
 * in the caches with the articles that show it.
 */
export interface ImageRecord {
  /** The original, by its path from the site root (`public/images/a.jpg`, `content/news/2024-05-01-expo/1.jpg`). */
  file: string;
  /** Hash of the original's bytes and of how renditions are made: names the renditions. */
  hash: string;
  /** Size as shown, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** Widths of the renditions, smallest first; the last one is the largest published. */
  widths: number[];
  /** The format every browser shows: PNG for pictures with transparency, else JPEG. */
  fallback: 'jpeg' | 'png';
}

/** Widths made of a photo, when it is wider: a phone, a column at 2x, a wide screen at 2x. */
export const RENDITION_WIDTHS = [480, 960, 1440];

/** File types xinwen processes; others (SVG, GIF, ICO) are published as they are. */
export const PROCESSED_IMAGE = /\.(jpe?g|png|webp|avif|tiff?)$/i;

/** Folder of the output where renditions are published, named by content hash so browsers can keep them for ever. */
export const MEDIA_FOLDER = 'media';

/** The modern format served beside the fallback (AVIF is not: 2–3 times slower to make even at effort 2, see README). */
export const MODERN_FORMATS = [{ format: 'webp', type: 'image/webp', extension: 'webp' }] as const;

/** Widths to make of a photo `width` pixels wide: never wider than the original. */
export function renditionWidths(width: number): number[] {
  const smaller = RENDITION_WIDTHS.filter((each) => each < width);
  return smaller.length === RENDITION_WIDTHS.length ? smaller : [...smaller, width];
}

/** Height of a rendition `width` pixels wide. */
export function renditionHeight(record: Pick<ImageRecord, 'width' | 'height'>, width: number): number {
  return Math.max(1, Math.round((record.height * width) / record.width));
}

export function fallbackExtension(record: Pick<ImageRecord, 'fallback'>): string {
  return record.fallback === 'png' ? 'png' : 'jpg';
}

/** A rendition's file name, e.g. `3f2a…-960.webp`. */
export function renditionName(hash: string, width: number, extension: string): string {
  return `${hash}-${width}.${extension}`;
}

/** What templates and bodies show of a photo: its renditions' addresses under `basePath`, and its size. */
export function imageView(record: ImageRecord, basePath: string, alt: string): ImageView {
  const url = (width: number, extension: string) => `${basePath}${MEDIA_FOLDER}/${renditionName(record.hash, width, extension)}`;
  const srcsetOf = (extension: string) => record.widths.map((width) => `${url(width, extension)} ${width}w`).join(', ');
  const largest = record.widths[record.widths.length - 1]!;
  const fallback = fallbackExtension(record);
  return {
    src: url(largest, fallback),
    width: largest,
    height: renditionHeight(record, largest),
    alt,
    srcset: srcsetOf(fallback),
    sources: MODERN_FORMATS.map(({ type, extension }) => ({ type, srcset: srcsetOf(extension) })),
  };
}

/** How a picture is laid out: `sizes` for the browser, a class, and whether it is loaded at once (the first on a page). */
export interface PictureOptions {
  sizes: string;
  className?: string;
  eager?: boolean;
}

/**
 * Share of the viewport's height a portrait photo may take: a 590×765
 * portrait at full column width would be taller than a phone's screen.
 */
const PORTRAIT_MAX_VH = 85;

/**
 * `<picture>` for a photo: the modern formats as `<source>`s, the fallback as
 * `<img>` with its width and height (no layout shift), lazy unless `eager`,
 * decoded off the main thread. The same markup as templates/partials/picture.njk.
 */
export function pictureHtml(image: ImageView, options: PictureOptions): string {
  const sizes = escapeAttribute(options.sizes);
  const sources = image.sources.map((source) => `<source type="${escapeAttribute(source.type)}" srcset="${escapeAttribute(source.srcset)}" sizes="${sizes}">`).join('');
  const attributes = [
    `src="${escapeAttribute(image.src)}"`,
    image.srcset ? `srcset="${escapeAttribute(image.srcset)}" sizes="${sizes}"` : '',
    image.width > 0 ? `width="${image.width}" height="${image.height}"` : '',
    `alt="${escapeAttribute(image.alt)}"`,
    options.className ? `class="${escapeAttribute(options.className)}"` : '',
    `loading="${options.eager ? 'eager' : 'lazy'}"`,
    'decoding="async"',
    portraitStyle(image),
  ].filter((attribute) => attribute !== '');
  return `<picture>${sources}<img ${attributes.join(' ')}></picture>`;
}

/** A portrait photo is kept within the screen's height: its width at most the height allowed times its aspect ratio. */
export function portraitStyle(image: Pick<ImageView, 'width' | 'height'>): string {
  if (!(image.height > image.width) || image.width <= 0) return '';
  const vh = Math.round((PORTRAIT_MAX_VH * 10 * image.width) / image.height) / 10;
  return `style="max-width:min(100%,${vh}vh)"`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
