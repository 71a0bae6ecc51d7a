/**
 * Chinese text takes full-width punctuation: legacy CMSes (and the people
 * who typed into them) often left ASCII `,` `:` `;` `?` `!` between Chinese
 * characters, and stray spaces beside full-width marks (`活力—— 党建`).
 * Parentheses are left as written: 街道(乡镇) is how many editors write it.
 */

const FULL_WIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！' };
/** Full-width marks, quotes, brackets, dashes and ellipses of Chinese text. */
const CJK_MARK = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u201c\u201d\u2018\u2019\u00b7]/u;
const HAN = /\p{Script=Han}/u;

function isChinese(char: string | undefined): boolean {
  return char !== undefined && (HAN.test(char) || CJK_MARK.test(char));
}

/** Half-width marks beside Chinese made full-width, spaces beside full-width marks removed; `changed` counts both. */
export function normalizePunctuation(text: string): { text: string; changed: number } {
  let changed = 0;
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const prev = out.at(-1);
    const next = chars[i + 1];
    const wide = FULL_WIDTH[char];
    // `![` starts a Markdown image; `1,000`, `8:10` and `http:` are not Chinese punctuation.
    if (wide && !(char === '!' && next === '[') && (isChinese(prev) || (HAN.test(next ?? '') && !/[A-Za-z0-9]/.test(prev ?? '')))) {
      out.push(wide);
      changed++;
      continue;
    }
    if (char === ' ' || char === '\t') {
      let end = i;
      while (chars[end + 1] === ' ' || chars[end + 1] === '\t') end++;
      const after = chars[end + 1];
      if ((CJK_MARK.test(prev ?? '') && isChinese(after)) || (isChinese(prev) && CJK_MARK.test(after ?? ''))) {
        changed++;
        i = end;
        continue;
      }
    }
    out.push(char);
  }
  return { text: changed === 0 ? text : out.join(''), changed };
}
