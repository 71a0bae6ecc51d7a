import type { Warning } from '../core/errors.ts';
import { type Guess, isListedWord } from './lattice.ts';
import type { Locale } from './opencc.ts';
import type { ScriptConverter } from './script-converter.ts';
import { say } from '../core/language.ts';

/**
 * The conversion lint: where a character with several forms in the other
 * script was converted with no word around it to decide it, the converter
 * guessed. Each guess is shown to the editor with the sentence, the form
 * chosen, the others, and the one-line fix; guesses that are the same (the
 * same character between the same neighbours) are counted together, most
 * frequent first, so fixing the top few once fixes most of the site.
 */

export interface GuessSite {
  file: string;
  line: number;
  /** The sentence, as written. */
  sentence: string;
}

export interface ConversionGuess {
  /** The character and a neighbour as written, e.g. 余华: the key guesses are counted by. */
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
    // Most lines hold none of these: the checks are cheaper than the replacements.
    if (line.includes('`')) line = line.replace(/`[^`]*`/g, blank);
    if (line.includes('-{')) line = line.replace(/-\{[\s\S]*?\}-/g, blank);
    if (line.includes('](')) line = line.replace(/\]\([^)]*\)/g, blank);
    if (line.includes('<')) line = line.replace(/<[^>]*>/g, blank);
    if (line.includes('://')) line = line.replace(/https?:\/\/\S+/g, blank);
    return line;
  });
}

const blank = (text: string) => ' '.repeat(text.length);
const HANZI = /[\u3400-\u4dbf\u4e00-\u9fff]/;
const SENTENCE_END = /[。！？；\n]/;

/**
 * Code of the warning a parsed article carries when it has guesses (its
 * message is how many): never shown as it is, the build sums them into one
 * line (`guessSummary`).
 */
export const GUESSES_IN_FILE = 'convert/guesses-in-file';

/** The one line a build prints about guesses, in place of each article's count; undefined when there are none. */
export function guessSummary(warnings: readonly Warning[]): Warning | undefined {
  let guesses = 0;
  let files = 0;
  for (const warning of warnings) {
    if (warning.code !== GUESSES_IN_FILE) continue;
    guesses += Number(warning.message);
    files++;
  }
  if (guesses === 0) return undefined;
  return {
    code: 'convert/guesses',
    message: say(
      `${guesses} 处一对多的字没有词语可依，转换时按默认字形处理（${files} 篇文章）`,
      `${guesses} characters with several traditional forms had no word to decide by and took the default form (${files} articles)`,
    ),
    hint: say('运行 npm run check 查看每一处和改法。', 'Run npm run check to see each one and how to fix it.'),
  };
}

/** The guesses of one file's source, each with its line (1-based) and offset in that line. */
export function fileGuesses(source: string, converter: ScriptConverter, from: Locale): { line: number; text: string; guess: Guess }[] {
  const lines = proseLines(source);
  // One call for the whole file: a line break is where no word goes on.
  const prose = lines.join('\n');
  if (!HANZI.test(prose)) return [];
  const found: { line: number; text: string; guess: Guess }[] = [];
  let line = 0;
  let lineStart = 0;
  for (const guess of converter.guesses(prose, from)) {
    while (guess.index >= lineStart + lines[line]!.length + 1) lineStart += lines[line++]!.length + 1;
    found.push({ line: line + 1, text: lines[line]!, guess: { ...guess, index: guess.index - lineStart } });
  }
  return found;
}

/** The guesses of many files, counted together: the same character between the same neighbours is one guess. */
export class ConversionLint {
  private readonly guesses = new Map<string, ConversionGuess>();

  constructor(private readonly converter: ScriptConverter) {}

  /** Look for guesses in one file's source, written in the script `from` reads as. */
  add(file: string, source: string, from: Locale): void {
    for (const { line, text, guess } of fileGuesses(source, this.converter, from)) {
      const at = guess.index;
      // The character with one neighbour: the one it makes a known word with (冷链, 签批), else the next.
      const before = HANZI.test(text[at - 1] ?? '') ? text.slice(at - 1, at + 1) : undefined;
      const after = HANZI.test(text[at + 1] ?? '') ? text.slice(at, at + 2) : undefined;
      const start = before && (!after || (isListedWord(before) && !isListedWord(after))) ? at - 1 : at;
      const end = start === at && after ? at + 2 : at + 1;
      const context = text.slice(start, end);
      let entry = this.guesses.get(context);
      if (!entry) {
        const converted = this.converter.guessTarget(context, from);
        const chosen = converted[at - start]!;
        // OpenCC's forms, as the variant writes them (麪 is 麵 in Taiwan).
        const alternatives = [...new Set(guess.candidates.map((form) => this.converter.guessForm(form, from)))].filter((form) => form !== chosen);
        const fixed = converted.slice(0, at - start) + (alternatives[0] ?? chosen) + converted.slice(at - start + 1);
        entry = { context, char: guess.source, chosen, alternatives, fix: `${context} ${fixed}`, sites: [] };
        this.guesses.set(context, entry);
      }
      entry.sites.push({ file, line, sentence: sentenceAround(text, at) });
    }
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
      say(
        `「${guess.context}」中的「${guess.char}」转换为「${guess.chosen}」，也可能是「${guess.alternatives.join('」「')}」（共 ${guess.sites.length} 处）`,
        `「${guess.char}」 in 「${guess.context}」 became 「${guess.chosen}」; it may be 「${guess.alternatives.join('」「')}」 (${guess.sites.length} places)`,
      ),
      `  ${site.file}:${site.line}  ${site.sentence}`,
      say(
        `  如需改正：在 content/dictionary.txt 加一行「${guess.fix}」，或在正文写 -{${guess.char}}- 保持原字`,
        `  to correct it: add the line 「${guess.fix}」 to content/dictionary.txt, or write -{${guess.char}}- in the text to keep the character as written`,
      ),
    );
  }
  if (guesses.length > limit) lines.push(say(`……另有 ${guesses.length - limit} 组，加 --all 查看全部`, `… ${guesses.length - limit} more; --all shows them all`));
  return lines.join('\n');
}
