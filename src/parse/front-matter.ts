import matter from 'gray-matter';
import { XinwenError } from '../core/errors.ts';
import { type ParsedYaml, parseYaml } from '../core/yaml.ts';

export interface SplitFile {
  /** Front matter as parsed YAML, with the line of each key. */
  frontMatter: ParsedYaml;
  /** Markdown after the closing `---`. */
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

/** Front-matter languages that would run code; gray-matter evaluates `---js` blocks unless told otherwise. */
const CODE_LANGUAGES = ['javascript', 'js', 'coffee', 'coffeescript', 'cson'];

/**
 * Split an article into front matter and Markdown body. Only YAML is read;
 * a `---js` block is refused rather than executed.
 */
export function splitFrontMatter(text: string, file: string): SplitFile {
  const lines = text.split('\n');
  if (!/^---[a-z]*\s*$/i.test(lines[0] ?? '')) {
    throw new XinwenError('front-matter/missing', 'the article has no front matter', {
      file,
      line: 1,
      source: text,
      hint: 'Start the file with a `---` line, then `title: …` and `date: …`, then another `---` line, then the text.',
    });
  }
  const closing = lines.findIndex((line, index) => index > 0 && /^---\s*$/.test(line));
  if (closing === -1) {
    throw new XinwenError('front-matter/unclosed', 'the front matter is never closed', {
      file,
      line: 1,
      source: text,
      hint: 'Add a line with only `---` after the last front-matter line, before the article text.',
    });
  }
  const refuse = (language: string) => () => {
    throw new XinwenError('front-matter/language', `front matter in \`${language}\` is not allowed`, {
      file,
      line: 1,
      source: text,
      hint: 'Write front matter in YAML: a plain `---` line, `key: value` lines, then `---`.',
    });
  };
  let frontMatter: ParsedYaml = { data: {}, keyLines: new Map() };
  const engines: Record<string, (input: string) => object> = {
    yaml: (input) => {
      frontMatter = parseYaml(input, { file, source: text });
      return {};
    },
  };
  for (const language of CODE_LANGUAGES) engines[language] = refuse(language);
  let result: matter.GrayMatterFile<string>;
  try {
    // Passing options also keeps gray-matter from caching results by content.
    result = matter(text, { engines: engines as never, excerpt: false });
  } catch (error) {
    if (error instanceof XinwenError) throw error;
    throw new XinwenError('front-matter/language', `front matter could not be read: ${(error as Error).message}`, {
      file,
      line: 1,
      source: text,
      hint: 'Write front matter in YAML between two `---` lines.',
    });
  }
  return { frontMatter, body: result.content, bodyLine: closing + 2 };
}
