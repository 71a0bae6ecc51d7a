import type { Locale } from '../convert/opencc.ts';
import type { ExtractedPage } from './extracted-page.ts';
import { normalizePunctuation } from './punctuation.ts';
import { type DetectedScript, repairScript } from './script-repair.ts';

/** What cleaning changed on one page. */
export interface CleanStats {
  /** The page's script before repair. */
  detected: DetectedScript;
  /** Characters that script repair changed. */
  scriptChanged: number;
  /** Punctuation marks made full-width and spaces removed beside them. */
  punctuation: number;
}

/** Separates the fields while they are repaired as one text, so the page's script is judged on all of it. */
const FIELD_BREAK = '\n\uE000\n';
/** Link and image addresses stand in the text as `\uE001n\uE002` while it is converted: URLs are never converted. */
const URL_IN_MARKDOWN = /(\]\()(<[^>\n]*>|[^)\s]+)/g;
const PLACEHOLDER = /\uE001(\d+)\uE002/g;

/**
 * The page's texts in the site's source script (`target`), converted at
 * phrase level as one text, with Chinese punctuation made full-width.
 * Addresses of links and images are kept as written.
 */
export function cleanPage(page: ExtractedPage, target: Locale): { page: ExtractedPage; stats: CleanStats } {
  const urls: string[] = [];
  const masked = page.body.replace(URL_IN_MARKDOWN, (_match, open: string, url: string) => `${open}\uE001${urls.push(url) - 1}\uE002`);
  const fields = [page.title ?? '', page.author ?? '', page.source ?? '', page.category ?? '', page.tags.join('\n'), masked];
  const repaired = repairScript(fields.join(FIELD_BREAK), target);
  let parts = repaired.text.split(FIELD_BREAK);
  if (parts.length !== fields.length) parts = fields.map((field) => repairScript(field, target).text);
  let punctuation = 0;
  const tidy = (text: string) => {
    const result = normalizePunctuation(text);
    punctuation += result.changed;
    return result.text;
  };
  const [title, author, source, category, tags, body] = parts.map((part, index) => (index === 4 ? part : tidy(part))) as [string, string, string, string, string, string];
  return {
    page: {
      ...page,
      title: page.title === undefined ? undefined : title,
      author: page.author === undefined ? undefined : author,
      source: page.source === undefined ? undefined : source,
      category: page.category === undefined ? undefined : category,
      tags: tags === '' ? [] : [...new Set(tags.split('\n'))],
      body: body.replace(PLACEHOLDER, (_match, n: string) => urls[Number(n)]!),
    },
    stats: { detected: repaired.detected, scriptChanged: repaired.changed, punctuation },
  };
}
