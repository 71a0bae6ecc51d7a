// xinwen's site search, the part without a page: fold a query into the
// index's one script, cut it into tokens, fetch the few term files those
// tokens are in, and rank. src/search/ writes the files read here (see
// search-index.ts for their layout); both sides fold and cut text the same
// way, and test/search.test.ts holds them to it.

const FORMAT = 2;
const WORD = /[\p{L}\p{N}]/u;
const MAX_WORD = 32;

function isCjk(unit) {
  return (unit >= 0x3400 && unit <= 0x4dbf) || (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0xf900 && unit <= 0xfaff) || (unit >= 0x3040 && unit <= 0x30ff) || (unit >= 0xac00 && unit <= 0xd7af);
}

function foldUnit(table, unit) {
  if (unit >= 0x41 && unit <= 0x5a) return unit + 0x20;
  if (unit >= 0xff01 && unit <= 0xff5e) return foldUnit(table, unit - 0xfee0);
  if (unit === 0x3000) return 0x20;
  return table.get(unit) ?? unit;
}

/** `text` folded unit for unit, with the index's table (a Map of UTF-16 units). */
export function foldText(table, text) {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldUnit(table, text.charCodeAt(i)));
  return out;
}

/**
 * A query's tokens: character pairs of its CJK runs (a single character
 * alone) and its words. Every token must be found.
 */
export function queryTokens(folded) {
  const tokens = new Set();
  let run = '';
  let word = '';
  const endRun = () => {
    if (run.length === 1) tokens.add(run);
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
    run = '';
  };
  for (let i = 0; i <= folded.length; i++) {
    const unit = i < folded.length ? folded.charCodeAt(i) : 0x20;
    const char = String.fromCharCode(unit);
    if (isCjk(unit)) {
      if (word) tokens.add(word), (word = '');
      run += char;
    } else {
      endRun();
      if (unit < 0xd800 || unit > 0xdfff ? WORD.test(char) : false) {
        if (word.length < MAX_WORD) word += char;
      } else if (word) tokens.add(word), (word = '');
    }
  }
  return [...tokens];
}

export function termShard(token, shards) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/** The document numbers of an encoded list (see encodeIds in search-index.ts). */
export function decodeIds(text) {
  const ids = [];
  if (!text) return ids;
  let last = -1;
  for (const item of text.split(',')) {
    const plus = item.indexOf('+');
    last += parseInt(plus < 0 ? item : item.slice(0, plus), 36);
    ids.push(last);
    const run = plus < 0 ? 0 : parseInt(item.slice(plus + 1), 36);
    for (let k = 0; k < run; k++) ids.push(++last);
  }
  return ids;
}

/**
 * A search over one site's index. `fetchText(url)` gets a file's text;
 * `indexUrl` is search/index.json, `docsUrl` the tree's docs folder (ending in /).
 */
export function createSearch({ indexUrl, docsUrl, fetchText }) {
  let index;
  const terms = new Map();
  const docs = new Map();
  const base = new URL('.', new URL(indexUrl, 'http://x/')).pathname;

  async function loadIndex() {
    index ??= fetchText(indexUrl).then((text) => {
      const data = JSON.parse(text);
      if (data.format !== FORMAT) throw new Error(`search index format ${data.format}`);
      const table = new Map();
      for (let i = 0; i + 1 < data.fold.length; i += 2) table.set(data.fold.charCodeAt(i), data.fold.charCodeAt(i + 1));
      return { ...data, table };
    });
    return index;
  }

  function termFile(shard) {
    let file = terms.get(shard);
    if (!file) terms.set(shard, (file = fetchText(`${base}terms/${shard}.txt`).then((text) => `\n${text}`)));
    return file;
  }

  async function lookup(token, shards) {
    const text = await termFile(termShard(token, shards));
    const at = text.indexOf(`\n${token}\t`);
    if (at < 0) return { all: [], title: [] };
    const end = text.indexOf('\n', at + 1);
    const fields = text.slice(at + 1, end < 0 ? undefined : end).split('\t');
    return { all: decodeIds(fields[1]), title: decodeIds(fields[2]) };
  }

  function docFile(n) {
    let file = docs.get(n);
    if (!file) docs.set(n, (file = fetchText(`${docsUrl}${n}.json`).then(JSON.parse)));
    return file;
  }

  return {
    /** Fold a text as the index does (for highlighting). */
    async fold(text) {
      return foldText((await loadIndex()).table, text);
    },

    /**
     * Documents holding every token of `query`: those with more tokens in
     * their title first, then newest first (documents are numbered oldest first).
     */
    async find(query) {
      const data = await loadIndex();
      const tokens = queryTokens(foldText(data.table, query));
      if (tokens.length === 0) return { tokens, ids: [] };
      const found = await Promise.all(tokens.map((token) => lookup(token, data.shards)));
      let ids = found[0].all;
      for (const lists of found.slice(1)) {
        const has = new Set(lists.all);
        ids = ids.filter((id) => has.has(id));
      }
      const inTitle = new Map();
      for (const lists of found) for (const id of lists.title) inTitle.set(id, (inTitle.get(id) ?? 0) + 1);
      ids = [...ids].sort((a, b) => (inTitle.get(b) ?? 0) - (inTitle.get(a) ?? 0) || b - a);
      return { tokens, ids };
    },

    /** What results show of documents `ids`: { path, title, date, summary }. */
    async listings(ids) {
      const data = await loadIndex();
      return Promise.all(
        ids.map(async (id) => {
          const rows = await docFile(Math.floor(id / data.docsPerFile));
          const [path, title, date, summary] = rows[id % data.docsPerFile];
          return { id, path, title, date, summary };
        }),
      );
    },
  };
}
