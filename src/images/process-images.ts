import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type Sharp from 'sharp';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import { say } from '../core/language.ts';
import type { ImageFile } from '../load/image-files.ts';
import {
  fallbackExtension,
  type ImageRecord,
  MODERN_FORMATS,
  renditionName,
  renditionWidths,
} from './image-record.ts';
import { type MediaSet, mediaSet } from './media-set.ts';

// libvips takes a while to load: a build whose photos are all in the cache never loads it.
const requireLazily = createRequire(import.meta.url);
let loaded: typeof Sharp | undefined;
function sharp(): typeof Sharp {
  if (!loaded) {
    loaded = requireLazily('sharp') as typeof Sharp;
    loaded.cache(false);
  }
  return loaded;
}

/**
 * How renditions are made. It is part of every photo's hash, so changing a
 * quality or the widths names new renditions instead of reusing old ones.
 */
const RECIPE = 'xinwen-images-2 from-largest jpeg80 png9 webp80 widths480/960/1440 rotate strip';

/** Above either, an original earns a warning: it is slow to process and was probably not meant to be published as it is. */
export const LARGE_IMAGE_BYTES = 5 * 1024 * 1024;
export const LARGE_IMAGE_PIXELS = 6000;

/** The site's photos, measured and with their renditions made, and the renditions to publish. */
export interface PreparedImages {
  records: ImageRecord[];
  /** Every rendition, published as `media/<hash>-<width>.<ext>`. */
  media: MediaSet;
  warnings: Warning[];
  /** Photos whose renditions were made in this build (the others came from the cache). */
  processed: number;
}

/**
 * Measure every photo and make the renditions it lacks, in `cacheDir`
 * (`ROOT/.cache/images`): `<hash>-<width>.<ext>`, a few widths (never wider
 * than the original) in WebP and in JPEG (PNG when it has transparency),
 * turned upright by its EXIF orientation, with every metadata (GPS, camera)
 * left out. A photo whose stamp is the one in the cache's index is not read
 * at all; a changed one is read, hashed, and processed only when its
 * content is new. Photos are processed a few at a time: libvips runs one
 * thread per pipeline here.
 *
 * The cache folder is listed only when it changed since the index was
 * written (its modification time is recorded in the index) or a photo is
 * new: listing 60,000 renditions (10,000 photos) takes a tenth of a second.
 */
export async function prepareImages(files: readonly ImageFile[], cacheDir: string): Promise<PreparedImages> {
  const { index, listed } = readIndex(cacheDir);
  // Every indexed photo's renditions were in the folder when the index was written; unchanged since, they still are.
  const trusted = listed !== undefined && listed === folderTime(cacheDir);
  let listing: Set<string> | undefined;
  const made = (known: boolean) => (trusted && known ? ALL : (listing ??= listFolder(cacheDir)));
  const records: ImageRecord[] = new Array(files.length);
  const errors: XinwenError[] = [];
  let processed = 0;
  await eachAtOnce(files, Math.min(availableParallelism(), 4), async (image, i) => {
    try {
      const known = index.get(image.file);
      let record = known && known.stamp === image.stamp ? known.record : undefined;
      let bytes: Buffer | undefined;
      if (!record) {
        bytes = readFileSync(image.full);
        record = await measure(image.file, bytes);
      }
      const present = made(record === known?.record);
      const missing = renditionsOf(record).filter((name) => !present.has(name.name));
      if (missing.length > 0) {
        bytes ??= readFileSync(image.full);
        await makeRenditions(bytes, record, cacheDir, missing);
        processed++;
      }
      records[i] = record;
    } catch (error) {
      errors.push(unreadable(image.file, error));
    }
  });
  if (errors.length > 0) throw new XinwenErrors(errors);
  writeIndex(cacheDir, files, records, index, trusted && processed === 0);
  const media = mediaSet(cacheDir, records.flatMap((record) => renditionsOf(record).map((rendition) => rendition.name)));
  const warnings = files.flatMap((image, i) => largeImageWarning(image, records[i]!));
  return { records, media, warnings, processed };
}

/**
 * What `check` says of the photos without making anything: each measured
 * (from the cache's index when it knows the photo; otherwise its header is
 * read), an unreadable one an error, a very large one a warning.
 */
export async function inspectImages(files: readonly ImageFile[], cacheDir: string): Promise<{ records: ImageRecord[]; warnings: Warning[]; errors: XinwenError[] }> {
  const { index } = readIndex(cacheDir);
  const records: ImageRecord[] = [];
  const warnings: Warning[] = [];
  const errors: XinwenError[] = [];
  await eachAtOnce(files, Math.min(availableParallelism(), 4), async (image) => {
    try {
      const known = index.get(image.file);
      const record = known && known.stamp === image.stamp ? known.record : await measure(image.file, readFileSync(image.full));
      records.push(record);
      warnings.push(...largeImageWarning(image, record));
    } catch (error) {
      errors.push(unreadable(image.file, error));
    }
  });
  const byFile = (a: { file?: string }, b: { file?: string }) => ((a.file ?? '') < (b.file ?? '') ? -1 : (a.file ?? '') > (b.file ?? '') ? 1 : 0);
  return { records: records.sort(byFile), warnings: warnings.sort(byFile), errors: errors.sort(byFile) };
}

/** One rendition: its width, its format and its file name. */
interface Rendition {
  width: number;
  format: 'jpeg' | 'png' | 'webp';
  name: string;
}

function renditionsOf(record: ImageRecord): Rendition[] {
  const fallback = { format: record.fallback, extension: fallbackExtension(record) };
  return record.widths.flatMap((width) =>
    [fallback, ...MODERN_FORMATS].map(({ format, extension }) => ({ width, format, name: renditionName(record.hash, width, extension) })),
  );
}

/** Hash, upright size and renditions of an original. */
async function measure(file: string, bytes: Buffer): Promise<ImageRecord> {
  const hash = createHash('sha256').update(RECIPE).update('\0').update(bytes).digest('hex').slice(0, 20);
  const metadata = await sharp()(bytes).metadata();
  if (!metadata.width || !metadata.height) throw new Error('no width or height');
  // Orientations 5 to 8 turn the picture a quarter: its width is the stored height.
  const turned = (metadata.orientation ?? 1) >= 5;
  const width = turned ? metadata.height : metadata.width;
  const height = turned ? metadata.width : metadata.height;
  return { file, hash, width, height, widths: renditionWidths(width), fallback: metadata.hasAlpha ? 'png' : 'jpeg' };
}

/**
 * The photo is decoded, turned upright and resized to its largest rendition
 * once; the smaller ones are made from those pixels (2.5 times faster than
 * decoding the original for each, measured on the corpus's T-45A photo), and
 * always so, whichever are missing: a rendition's bytes never depend on
 * what the cache held.
 */
async function makeRenditions(bytes: Buffer, record: ImageRecord, dir: string, wanted: readonly Rendition[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const largest = record.widths[record.widths.length - 1]!;
  // Upright, resized, in sRGB; sharp writes no metadata unless asked (no GPS, no camera, no EXIF orientation).
  const { data, info } = await sharp()(bytes).rotate().resize({ width: largest, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  for (const width of new Set(wanted.map((rendition) => rendition.width))) {
    const resized = width === info.width ? sharp()(data, raw) : sharp()(data, raw).resize({ width });
    for (const rendition of wanted.filter((each) => each.width === width)) {
      const encoded =
        rendition.format === 'webp'
          ? resized.clone().webp({ quality: 80 })
          : rendition.format === 'png'
            ? resized.clone().png({ compressionLevel: 9 })
            : resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 80 });
      const out = await encoded.toBuffer();
      const temp = path.join(dir, `${rendition.name}.${process.pid}.tmp`);
      writeFileSync(temp, out);
      renameSync(temp, path.join(dir, rendition.name));
    }
  }
}

function largeImageWarning(image: ImageFile, record: ImageRecord): Warning[] {
  if (image.bytes <= LARGE_IMAGE_BYTES && Math.max(record.width, record.height) <= LARGE_IMAGE_PIXELS) return [];
  const mb = image.bytes >= 1024 * 1024 ? `${(image.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(image.bytes / 1024)} KB`;
  return [
    {
      code: 'image/large',
      message: say(
        `图片原件很大：${mb}，${record.width}×${record.height} 像素`,
        `the original is very large: ${mb}, ${record.width}×${record.height} pixels`,
      ),
      file: image.file,
      hint: say(
        '网页只发布缩小后的版本，但这么大的原件处理很慢。请先把长边缩小到 2560 像素以内、文件小于 5 MB 再放入网站。',
        'Pages show only resized copies, but an original this large is slow to process. Resize it to at most 2560 pixels on its longest side and under 5 MB first.',
      ),
    },
  ];
}

function unreadable(file: string, error: unknown): XinwenError {
  return new XinwenError('image/unreadable', say(`无法读取这张图片（${(error as Error).message}）`, `this image cannot be read (${(error as Error).message})`), {
    file,
    hint: say('用看图软件打开并另存为 JPEG 或 PNG，或删除这个文件。', 'Open it in an image viewer and save it again as JPEG or PNG, or delete the file.'),
    cause: error,
  });
}

/** Stands for a listing that has every rendition (see `trusted`). */
const ALL: Pick<Set<string>, 'has'> = { has: () => true };

/** The cache's index: each original's stamp and record, so an unchanged photo is not read again. */
type Index = Map<string, { stamp: string; record: ImageRecord }>;

const INDEX_FILE = 'index.txt';
const INDEX_VERSION = `xinwen-image-index-2 ${RECIPE}`;

/**
 * Read back as untrusted: a line with the version, a line with the cache
 * folder's modification time when the index was written and the checksum
 * of the rest, then the entries (JSON); entries of the wrong shape are left
 * out, and anything else is an empty index.
 */
function readIndex(dir: string): { index: Index; listed?: number } {
  try {
    const text = readFileSync(path.join(dir, INDEX_FILE), 'utf8');
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    const body = text.slice(second + 1);
    const [listed, sum] = text.slice(first + 1, second).split(' ');
    if (first === -1 || second === -1 || text.slice(0, first) !== INDEX_VERSION || sum !== checksum(`${listed}\n${body}`)) return { index: new Map() };
    const entries = JSON.parse(body) as unknown;
    if (!Array.isArray(entries)) return { index: new Map() };
    const index: Index = new Map();
    for (const entry of entries as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string' || !isRecord(entry[2], entry[0])) continue;
      index.set(entry[0], { stamp: entry[1], record: entry[2] });
    }
    return { index, listed: Number(listed) };
  } catch {
    return { index: new Map() };
  }
}

/**
 * Written in place, not renamed into place: the folder's modification time,
 * recorded in it, then changes only when a rendition comes or goes. A torn
 * write fails its checksum: the next build lists and measures again.
 */
function writeIndex(dir: string, files: readonly ImageFile[], records: readonly ImageRecord[], before: Index, unchanged: boolean): void {
  if (unchanged && files.length === before.size && files.every((image, i) => before.get(image.file)?.stamp === image.stamp && before.get(image.file)?.record === records[i])) return;
  const entries = files.map((image, i) => [image.file, image.stamp, records[i]]);
  const body = JSON.stringify(entries);
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, INDEX_FILE);
    closeSync(openSync(file, 'a')); // made first, so that making it does not change the time recorded
    const listed = folderTime(dir);
    writeFileSync(file, `${INDEX_VERSION}\n${listed} ${checksum(`${listed}\n${body}`)}\n${body}`);
  } catch {
    // A read-only disk still builds; the next build measures the photos again.
  }
}

/** The cache folder's modification time, which changes when an entry comes, goes or is renamed in it. */
function folderTime(dir: string): number | undefined {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
}

function checksum(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function isRecord(value: unknown, file: string): value is ImageRecord {
  const record = value as Partial<ImageRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    record.file === file &&
    typeof record.hash === 'string' &&
    /^[0-9a-f]{20}$/.test(record.hash) &&
    Number.isInteger(record.width) &&
    Number.isInteger(record.height) &&
    Array.isArray(record.widths) &&
    record.widths.every((width) => Number.isInteger(width) && width > 0) &&
    (record.fallback === 'jpeg' || record.fallback === 'png')
  );
}

function listFolder(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

/** Run `work` on every item, at most `limit` at once. */
async function eachAtOnce<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}
