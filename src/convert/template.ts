import { convertHtml } from './html.ts';
import type { TextConverter } from './text-converter.ts';

const NUNJUCKS_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/**
 * Convert a template's own words (上一篇, 没有了, 热门文章…) once, when it is
 * loaded, instead of converting every finished page. Nunjucks tags are set
 * aside as private-use placeholders that no dictionary contains, so
 * expressions and variable names are never touched; the rest is converted
 * as HTML (so a template's <script> and <code> stay as written), then given
 * to `then` (the variant's quotation marks) while the tags are still set aside.
 */
export function convertTemplate(source: string, converter: TextConverter, then?: (html: string) => string): string {
  if (converter.identity && !then && !source.includes('-{')) return source;
  const tags: string[] = [];
  const masked = source.replace(NUNJUCKS_TAG, (tag) => `\uE000${tags.push(tag) - 1}\uE001`);
  const converted = convertHtml(masked, converter);
  return (then ? then(converted) : converted).replace(PLACEHOLDER, (_, index: string) => tags[Number(index)]!);
}
