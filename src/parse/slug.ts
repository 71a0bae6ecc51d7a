import { createRequire } from 'node:module';
import { say } from '../core/language.ts';

// pinyin-pro carries a large dictionary; load it only when a name has Chinese in it.
const requireLazily = createRequire(import.meta.url);
type Pinyin = typeof import('pinyin-pro').pinyin;

/** A leading `2022-05-17-` in a file name is the date, not part of the slug. */
const LEADING_DATE = /^\d{4}-\d{1,2}-\d{1,2}-?/;
const HAN = /\p{Script=Han}/u;
const UNSAFE = /[/\\\u0000-\u001f\u007f]|^\.{1,2}$/;

/** Why a slug cannot be a URL path segment, or undefined when it can. */
export function unsafeSlugReason(slug: string): string | undefined {
  if (slug.trim() === '') return say('它是空的', 'it is empty');
  if (UNSAFE.test(slug)) return say('里面有 `/`、`\\` 或控制字符，或者它是 `.` 或 `..`', 'it contains `/`, `\\`, a control character, or is `.` or `..`');
  return undefined;
}

/** The date a file name starts with (`2016-05-16-confoo-cfp.md`, as Jekyll and Hexo name posts), as `2016-05-16`. */
export function dateFromFileName(fileName: string): string | undefined {
  const found = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:-|\.md$)/i.exec(fileName);
  return found ? `${found[1]}-${found[2]!.padStart(2, '0')}-${found[3]!.padStart(2, '0')}` : undefined;
}

/** Slug from a file name: drop the extension and a leading date. */
export function slugFromFileName(fileName: string): string {
  return slugify(fileName.replace(/\.md$/i, '').replace(LEADING_DATE, ''));
}

/**
 * Lower-case ASCII slug: Chinese becomes toneless pinyin (随州 → sui-zhou),
 * anything else that is not a letter or digit becomes a dash.
 */
export function slugify(text: string): string {
  const spelled = HAN.test(text)
    ? (requireLazily('pinyin-pro') as { pinyin: Pinyin }).pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('-')
    : text;
  const slug = spelled
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  // Every page is a folder's index.html: a folder of that name beside it cannot be written.
  if (slug === 'index.html') return 'index-html';
  return slug.length <= MAX_SLUG_LENGTH ? slug : shorten(slug);
}

/**
 * Longest slug, in characters (all ASCII). A slug is a folder name, and file
 * systems refuse names over 255 bytes; pinyin spells each Chinese character
 * with up to seven, so a legal file name or a long tag can give a slug of 600.
 */
export const MAX_SLUG_LENGTH = 200;

/** Cut a long slug after its last whole word that fits. */
function shorten(slug: string): string {
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const end = cut.lastIndexOf('-');
  return (end > MAX_SLUG_LENGTH / 2 ? cut.slice(0, end) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/[-.]+$/, '');
}
