import { decodeIds, type SearchDoc, termFileCount, termFileName, termLine, termShard } from './search-index.ts';
import { gramText, type SearchTokens } from './tokens.ts';

/**
 * The term files of an index after a few articles changed, made from the
 * index the last build wrote instead of from every article: only the lines
 * of tokens that an edited article gained or lost change. The result is
 * exactly what termFiles() would make (the same lines, in the same files,
 * sorted the same way), or undefined when patching cannot promise that
 * (articles removed or moved in the order; the number of files would
 * change; too many edits), and the caller makes the index anew. New
 * articles are new documents at the end (documents are numbered oldest
 * first), so a new article is patched like an edited one.
 */

/** The index a previous build wrote, as that build recorded it. */
export interface WrittenIndex {
  /** Its documents' keys, in index order. */
  keys: readonly string[];
  /** Its documents' search data by key (undefined when not kept: then no patch). */
  docOf(key: string): SearchDoc | undefined;
  /** The text of each of its term files; undefined when they cannot all be read. */
  termFiles(): string[] | undefined;
}

/** Beyond this many changed documents, making the index anew is about as cheap and far simpler. */
const MAX_PATCHED_DOCS = 64;

export function patchTermFiles(written: WrittenIndex, keys: readonly string[], docs: readonly SearchDoc[]): string[] | undefined {
  if (keys.length < written.keys.length) return undefined;
  // Per token: documents to add to (true) or take from (false) its lists.
  const allChanges = new Map<string, Map<number, boolean>>();
  const titleChanges = new Map<string, Map<number, boolean>>();
  let changed = 0;
  for (let id = 0; id < keys.length; id++) {
    if (keys[id] === written.keys[id]) continue;
    const before = id < written.keys.length ? written.docOf(written.keys[id]!) : NO_DOC;
    if (!before || ++changed > MAX_PATCHED_DOCS) return undefined;
    compare(tokenSet(before.all), tokenSet(docs[id]!.all), id, allChanges);
    compare(tokenSet(before.title), tokenSet(docs[id]!.title), id, titleChanges);
  }
  const files = written.termFiles();
  if (!files) return undefined;
  if (changed === 0) return files;

  const touched = new Set([...allChanges.keys(), ...titleChanges.keys()]);
  const byFile = new Map<number, string[]>();
  for (const token of touched) {
    const shard = termShard(token, files.length);
    byFile.set(shard, [...(byFile.get(shard) ?? []), token]);
  }
  let bytes = 0;
  for (const text of files) bytes += Buffer.byteLength(text);
  const patched = new Map<number, string>();
  for (const [shard, tokens] of byFile) {
    const lines = linesByToken(files[shard]!);
    for (const token of tokens) {
      const line = lines.get(token);
      const fields = line === undefined ? [] : line.slice(token.length + 1, -1).split('\t');
      const all = apply(decodeIds(fields[0] ?? ''), allChanges.get(token));
      const titles = apply(decodeIds(fields[1] ?? ''), titleChanges.get(token));
      const next = all.length || titles.length ? termLine(token, all, titles) : undefined;
      bytes += (next === undefined ? 0 : Buffer.byteLength(next)) - (line === undefined ? 0 : Buffer.byteLength(line));
      if (next === undefined) lines.delete(token);
      else lines.set(token, next);
    }
    // Sorted as termFiles sorts all lines (by UTF-16 code units), so the file comes out the same.
    patched.set(shard, [...lines.keys()].sort((a, b) => (a < b ? -1 : 1)).map((token) => lines.get(token)!).join(''));
  }
  // The number of files follows the index's size; when that moves, every token changes file.
  if (termFileCount(bytes) !== files.length) return undefined;
  return files.map((text, shard) => patched.get(shard) ?? text);
}

const NO_DOC: SearchDoc = { all: { grams: new Uint32Array(0), words: [] }, title: { grams: new Uint32Array(0), words: [] } };

/** The term files among an index's `files`, in order, read with `read`; undefined when there are none or one cannot be read. */
export function readTermFiles(files: Iterable<string>, read: (file: string) => string | undefined): string[] | undefined {
  let count = 0;
  for (const file of files) if (file.startsWith('search/terms/')) count++;
  const texts: string[] = [];
  for (let shard = 0; shard < count; shard++) {
    const text = read(termFileName(shard));
    if (text === undefined) return undefined;
    texts.push(text);
  }
  return count > 0 ? texts : undefined;
}

/** A term file's lines (each with its newline) by token. */
function linesByToken(text: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start) + 1;
    const line = text.slice(start, end);
    lines.set(line.slice(0, line.indexOf('\t')), line);
    start = end;
  }
  return lines;
}

function tokenSet(tokens: SearchTokens): Set<string> {
  const set = new Set(tokens.words);
  for (const gram of tokens.grams) set.add(gramText(gram));
  return set;
}

/** Record that document `id` leaves the tokens only `before` has and joins those only `after` has. */
function compare(before: Set<string>, after: Set<string>, id: number, changes: Map<string, Map<number, boolean>>): void {
  const note = (token: string, add: boolean) => {
    let forToken = changes.get(token);
    if (!forToken) changes.set(token, (forToken = new Map()));
    forToken.set(id, add);
  };
  for (const token of before) if (!after.has(token)) note(token, false);
  for (const token of after) if (!before.has(token)) note(token, true);
}

/** A sorted list of documents with some added and some taken out, still sorted. */
function apply(ids: number[], changes: Map<number, boolean> | undefined): number[] {
  if (!changes) return ids;
  const set = new Set(ids);
  for (const [id, add] of changes) {
    if (add) set.add(id);
    else set.delete(id);
  }
  return [...set].sort((a, b) => a - b);
}
