/** Characters a list-page summary aims for when the article gives none. */
export const SUMMARY_LENGTH = 80;

const SENTENCE_END = /[。！？!?]/u;
const WORD_CHAR = /[\p{Script=Latin}\p{Nd}_'’-]/u;

/**
 * The first `limit` characters of plain text, cut after the last sentence end
 * (。！？) when there is one in the later part, otherwise before any Latin
 * word or number it would split, and marked with an ellipsis. Works on code
 * points, so nothing is cut in half; the result is still plain text, escaped
 * by the template, so no HTML entity can be cut either.
 */
export function excerpt(text: string, limit = SUMMARY_LENGTH): string {
  // Only the start matters; never walk a whole long article (but never cut a surrogate pair).
  let prefixEnd = Math.min(text.length, limit * 4);
  if (prefixEnd < text.length && /[\uD800-\uDBFF]/.test(text[prefixEnd - 1]!)) prefixEnd--;
  const prefix = text.slice(0, prefixEnd);
  // Paragraphs come joined by line breaks: Chinese needs no space where they meet.
  const flat = prefix
    .replace(/(?<=[\p{Script=Han}\p{P}])\s*\n\s*(?=[\p{Script=Han}\p{P}])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  if (chars.length <= limit && prefixEnd === text.length) return flat;
  const head = chars.slice(0, limit);
  for (let i = head.length - 1; i >= Math.floor(limit * 0.4); i--) {
    if (SENTENCE_END.test(head[i]!)) return head.slice(0, i + 1).join('');
  }
  let end = head.length;
  const following = chars[end];
  if (following !== undefined && WORD_CHAR.test(following) && WORD_CHAR.test(head[end - 1]!)) {
    while (end > 0 && WORD_CHAR.test(head[end - 1]!)) end--;
    if (end === 0) end = head.length;
  }
  return `${head.slice(0, end).join('').replace(/[\s，、；：,;:]+$/u, '')}…`;
}
