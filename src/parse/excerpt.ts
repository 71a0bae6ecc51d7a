/** Characters a list-page summary aims for when the article gives none. */
export const SUMMARY_LENGTH = 80;

/** Where a cut text is marked: the Chinese ellipsis (GB/T 15834), two of U+2026. */
export const ELLIPSIS = '……';

const SENTENCE_END = /[。！？!?]/u;
/** What ends a clause: after one of these (and any closing quote) a section label may start. */
const CLAUSE_END = /[。！？!?；;：:]/u;
const CLOSING = /[”’」』）)》〉】〕\]]/u;
const OPENING = /[“‘「『（(《〈【〔[]/u;
const WORD_CHAR = /[\p{Script=Latin}\p{Nd}_'’-]/u;

/**
 * The labels Chinese documents number their sections with: 一、 （一） (1)
 * 1. 1、 第一条 第二章 ① …, at the start of a clause. `1.5亿` is no label.
 */
const SECTION_LABEL = /^(?:[一二三四五六七八九十百零〇两]+、|[（(][一二三四五六七八九十百零〇两\d]{1,3}[）)]|\d{1,2}(?:[.．](?!\d)|、)|第[一二三四五六七八九十百零〇两\d]+[条章节款项部分编]|[①-⑳⑴-⒇㈠-㈩])/u;
/** A label's heading is short and has no clause inside it: 放假时间, 总体要求. */
const HEADING_MAX = 15;

/**
 * The first `limit` characters of plain text, cut after the last sentence end
 * (。！？, with the quote or bracket it closes) when there is one in the later
 * part, otherwise before any Latin word or number it would split, and marked
 * with …… where cut. It never ends on a section label: `…通知如下。一、放假时间。`
 * becomes `…通知如下。`, since a label promises a section the summary leaves
 * out. Works on code points, so nothing is cut in half; the result is still
 * plain text, escaped by the template, so no HTML entity can be cut either.
 */
export function excerpt(text: string, limit = SUMMARY_LENGTH): string {
  // Only the start matters; never walk a whole long article (but never cut a surrogate pair).
  let prefixEnd = Math.min(text.length, limit * 4);
  if (prefixEnd < text.length && /[\uD800-\uDBFF]/.test(text[prefixEnd - 1]!)) prefixEnd--;
  // A sentence never starts with a stop or a comma (an import's leftover `。 `): the summary starts at a character.
  const flat = joinParagraphs(text.slice(0, prefixEnd)).replace(/^[，。、；：,.;:!?！？…\s]+/u, '');
  const chars = Array.from(flat);
  if (chars.length <= limit && prefixEnd === text.length) return flat;
  const starts = clauseStarts(chars, CLAUSE_END);

  // After a sentence end outside any quote, unless that sentence is a section label.
  let depth = 0;
  const closedAt: boolean[] = [];
  for (let i = 0; i < limit + 2 && i < chars.length; i++) {
    if (OPENING.test(chars[i]!)) depth++;
    else if (CLOSING.test(chars[i]!) && depth > 0) depth--;
    closedAt[i + 1] = depth === 0;
  }
  const ends: number[] = [];
  for (let i = Math.min(limit, chars.length) - 1; i >= Math.floor(limit * 0.4); i--) {
    if (!SENTENCE_END.test(chars[i]!)) continue;
    let end = i + 1;
    // A closing quote or bracket right after may pass the limit by a character or two.
    while (end < chars.length && end < limit + 2 && CLOSING.test(chars[end]!)) end++;
    if (closedAt[end]) ends.push(end);
  }
  // Rather before a numbered list (the lead-in: …通知如下。) than after its first item; never after a bare label.
  const sentences = clauseStarts(chars, SENTENCE_END);
  const beforeList = ends.find((end) => !hasLabel(chars, starts, lastClauseStart(sentences, end), end));
  const notOnLabel = beforeList ?? ends.find((end) => !endsOnLabel(chars, starts, end));
  if (notOnLabel !== undefined) return chars.slice(0, notOnLabel).join('');

  // Otherwise at the limit, before a word it would split and before a label it would end on.
  let end = Math.min(limit, chars.length);
  const following = chars[end];
  if (following !== undefined && WORD_CHAR.test(following) && WORD_CHAR.test(chars[end - 1]!)) {
    while (end > 0 && WORD_CHAR.test(chars[end - 1]!)) end--;
    if (end === 0) end = Math.min(limit, chars.length);
  }
  while (endsOnLabel(chars, starts, end)) end = lastClauseStart(starts, end);
  const kept = chars.slice(0, end).join('').replace(/\s+$/u, '');
  if (/[。！？!?][”’」』）)》]*$/u.test(kept)) return kept;
  return `${kept.replace(/[\s，、；：,;:]+$/u, '')}${ELLIPSIS}`;
}

/** Paragraphs (one a line) as one line: Chinese needs no space where a sentence ends, other text a space. */
export function joinParagraphs(text: string): string {
  const paragraphs = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  let flat = paragraphs[0] ?? '';
  for (const next of paragraphs.slice(1)) {
    // A heading-like line without closing punctuation (（一）总体要求) keeps a space before the text it heads.
    const joined = /[\p{P}]$/u.test(flat) && /^[\p{Script=Han}\p{P}]/u.test(next);
    flat += (joined ? '' : ' ') + next;
  }
  return flat;
}

/** For each index, whether a clause starts there: the start, and after `ends` (。！？；：) and their closing quotes, or a paragraph's space. */
function clauseStarts(chars: readonly string[], ends: RegExp): boolean[] {
  const starts = [true];
  let afterEnd = false;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (afterEnd && !CLOSING.test(char) && char !== ' ') {
      starts[i] = true;
      afterEnd = false;
    }
    if (ends.test(char)) afterEnd = true;
    // A space between Chinese paragraphs (see joinParagraphs) also starts one.
    if (char === ' ' && i > 0 && /[\p{Script=Han}）)]/u.test(chars[i - 1]!)) afterEnd = true;
  }
  return starts;
}

function lastClauseStart(starts: readonly boolean[], end: number): number {
  let at = end - 1;
  while (at > 0 && !starts[at]) at--;
  return at;
}

/** Whether a clause starting in `chars[from, end)` (after the text's start) starts with a section label. */
function hasLabel(chars: readonly string[], starts: readonly boolean[], from: number, end: number): boolean {
  for (let at = Math.max(from, 1); at < end; at++) {
    if (starts[at] && SECTION_LABEL.test(chars.slice(at, at + 12).join(''))) return true;
  }
  return false;
}

/** Whether `chars[0, end)` ends with a clause that is only a section label and its short heading. */
function endsOnLabel(chars: readonly string[], starts: readonly boolean[], end: number): boolean {
  const start = lastClauseStart(starts, end);
  if (start === 0) return false; // the text itself starts with it: nothing before to keep
  const clause = chars.slice(start, end).join('');
  const label = SECTION_LABEL.exec(clause);
  if (!label) return false;
  const heading = clause.slice(label[0].length).replace(/[\s。！？!?；;：:”’」』）)》]+$/u, '').trim();
  return Array.from(heading).length <= HEADING_MAX && !/[，,；;]/u.test(heading);
}
