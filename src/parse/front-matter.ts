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

/**
 * Split an article into front matter and Markdown body. Only YAML is read:
 * any other language tag (`---js`, which gray-matter would evaluate, `---json`,
 * `---toml`) is refused before gray-matter sees the text.
 */
export function splitFrontMatter(text: string, file: string): SplitFile {
  if (text.trim() === '') {
    throw new XinwenError('article/empty', 'the file is empty', {
      file,
      hint: 'Write front matter (a `---` line, `title: …`, `date: …`, a `---` line) and the article text, or delete the file.',
    });
  }
  const lines = text.split('\n');
  const opening = /^---([A-Za-z]*)\s*$/.exec(lines[0] ?? '');
  if (!opening) {
    throw new XinwenError('front-matter/missing', 'the article has no front matter', {
      file,
      line: 1,
      source: text,
      hint: 'Start the file with a `---` line, then `title: …` and `date: …`, then another `---` line, then the text.',
    });
  }
  const language = opening[1]!.toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    throw new XinwenError('front-matter/language', `front matter in \`${opening[1]}\` is not allowed`, {
      file,
      line: 1,
      source: text,
      hint: 'Write front matter in YAML: a plain `---` line, `key: value` lines, then `---`.',
    });
  }
  // gray-matter ends the front matter at the first line starting with `---`; so do we, and insist it is exactly `---`.
  const closing = lines.findIndex((line, index) => index > 0 && line.startsWith('---'));
  if (closing !== -1 && !/^---\s*$/.test(lines[closing]!)) {
    throw new XinwenError('front-matter/bad-delimiter', `the front matter must end with a line of exactly \`---\`, not \`${lines[closing]!.trim()}\``, {
      file,
      line: closing + 1,
      source: text,
      hint: 'Make the closing line three dashes and nothing else.',
    });
  }
  if (closing === -1) {
    throw new XinwenError('front-matter/unclosed', 'the front matter is never closed', {
      file,
      line: 1,
      source: text,
      hint: 'Add a line with only `---` after the last front-matter line, before the article text.',
    });
  }
  let frontMatter: ParsedYaml = { data: {}, keyLines: new Map() };
  // gray-matter reads the file; the YAML between the lines is read by xinwen's one YAML parser,
  // which knows the line of every key. The block starts right after the opening `---`: its line n is file line n.
  const engines: Record<string, (input: string) => object> = {
    yaml: (input) => {
      frontMatter = parseYaml(input, { file, source: text });
      return {};
    },
  };
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
