import type { DictionaryEntry } from './dictionary.ts';
import { createLatticeConverter, type LatticeConverter } from './lattice.ts';
import type { Locale } from './opencc.ts';

/**
 * The conversion lint: where a character with several forms in the other
 * script was converted with no word around it to decide it, the converter
 * guessed. Each guess is shown to the editor with the sentence, the form
 * chosen, the others, and the one-line fix; guesses that are the same (the
 * same character between the same neighbours) are counted together, most
 * frequent first, so fixing the top few once fixes most of the site.
 */

/**
 * Characters whose other forms live only inside words (了 → 瞭 in 瞭解, 向 →
 * 嚮 in 嚮導, 并 → 併 in 合併…): alone, the default is right, and listing
 * every 了 of a site would drown the real questions.
 */
const SETTLED_ALONE = new Set([...'了向并个后发着于么回借准尽采占']);

export interface GuessSite {
  file: string;
  line: number;
  /** The sentence, as written. */
  sentence: string;
}

export interface ConversionGuess {
  /** The character and its neighbours as written, e.g. 伊朗里亚: the key guesses are counted by. */
  context: string;
  char: string;
  /** The form chosen, and the others. */
  chosen: string;
  alternatives: string[];
  /** A dictionary line that settles it (the context, converted, with the first alternative). */
  fix: string;
  /** Every place it occurs, in file order. */
  sites: GuessSite[];
}

/** What a file's text is checked as: its lines, with code, URLs, HTML tags and `-{ }-` spans blanked out. */
export function proseLines(source: string): string[] {
  const lines = source.split(/\r?\n/);
  let fence: string | undefined;
  let frontMatter = lines[0] === '---';
  return lines.map((line, index) => {
    if (frontMatter) {
      if (index > 0 && line === '---') frontMatter = false;
      // Of the front matter only what readers see: the title and the summary.
      return /^(title|summary):/.test(line) ? line.replace(/^\w+:/, (key) => ' '.repeat(key.length)) : '';
    }
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line
      .replace(/`[^`]*`/g, blank)
      .replace(/-\{[\s\S]*?\}-/g, blank)
      .replace(/\]\([^)]*\)/g, blank)
      .replace(/<[^>]*>/g, blank)
      .replace(/https?:\/\/\S+/g, blank);
  });
}

const blank = (text: string) => ' '.repeat(text.length);
const HANZI = /[\u3400-\u4dbf\u4e00-\u9fff]/;
const SENTENCE_END = /[。！？；\n]/;

/** A builder of guesses over many files, for one conversion (e.g. cn → tw). */
export class ConversionLint {
  private readonly converter: LatticeConverter;
  private readonly guesses = new Map<string, ConversionGuess>();

  constructor(from: Locale, to: Locale, dictionary: readonly DictionaryEntry[]) {
    const custom = dictionary.map((entry) => (to === 'cn' ? { source: entry.target, target: entry.source } : { source: entry.source, target: entry.target }));
    this.converter = createLatticeConverter(from, to, custom)!;
  }

  /** Look for guesses in one file's source. */
  add(file: string, source: string): void {
    proseLines(source).forEach((line, index) => {
      if (!HANZI.test(line)) return;
      const { text, guesses } = this.converter.withGuesses(line);
      for (const guess of guesses) {
        if (SETTLED_ALONE.has(guess.source)) continue;
        const at = guess.index;
        const start = HANZI.test(line[at - 1] ?? '') ? at - 1 : at;
        const end = HANZI.test(line[at + 1] ?? '') ? at + 2 : at + 1;
        const context = line.slice(start, end);
        let entry = this.guesses.get(context);
        if (!entry) {
          const chosen = text[at]!;
          const alternatives = guess.candidates.filter((form) => form !== chosen);
          const converted = text.slice(start, end);
          const fixed = converted.slice(0, at - start) + (alternatives[0] ?? chosen) + converted.slice(at - start + 1);
          entry = { context, char: guess.source, chosen, alternatives, fix: `${context} ${fixed}`, sites: [] };
          this.guesses.set(context, entry);
        }
        entry.sites.push({ file, line: index + 1, sentence: sentenceAround(line, at) });
      }
    });
  }

  /** Every guess, the most frequent first (then by context, so the order never varies). */
  list(): ConversionGuess[] {
    return [...this.guesses.values()].sort((a, b) => b.sites.length - a.sites.length || (a.context < b.context ? -1 : a.context > b.context ? 1 : 0));
  }
}

function sentenceAround(line: string, at: number): string {
  let start = at;
  while (start > 0 && !SENTENCE_END.test(line[start - 1]!)) start--;
  let end = at;
  while (end < line.length && !SENTENCE_END.test(line[end]!)) end++;
  return line
    .slice(start, end + 1)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The guesses as an editor reads them: Chinese, one block per guess, the fix last. */
export function formatGuesses(guesses: readonly ConversionGuess[], limit = 20): string {
  const lines: string[] = [];
  for (const guess of guesses.slice(0, limit)) {
    const site = guess.sites[0]!;
    lines.push(
      `「${guess.context}」中的「${guess.char}」转换为「${guess.chosen}」，也可能是「${guess.alternatives.join('」「')}」（共 ${guess.sites.length} 处）`,
      `  ${site.file}:${site.line}  ${site.sentence}`,
      `  如需改正：在 content/dictionary.txt 加一行「${guess.fix}」，或在正文写 -{${guess.char}}- 保持原字`,
    );
  }
  if (guesses.length > limit) lines.push(`……另有 ${guesses.length - limit} 处，加 --all 查看全部`);
  return lines.join('\n');
}
