// The search page: results while typing (after a short pause), in this
// tree's script whatever script the query is typed in (search-core.js folds
// both into one index). Words shown come from the page's
// <template id="search-messages">, which is already in the page's script.
import { createSearch } from './search-core.js';

const root = document.getElementById('search');
const form = root.querySelector('form');
const input = root.querySelector('input[name="q"]');
const status = root.querySelector('.search-status');
const list = root.querySelector('.search-results');
const messages = {};
for (const node of document.getElementById('search-messages').content.querySelectorAll('[data-message]')) {
  messages[node.dataset.message] = node.textContent;
}

const PAGE = 10;

const search = createSearch({
  indexUrl: root.dataset.index,
  docsUrl: root.dataset.docs,
  fetchText: async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.text();
  },
});

/** `text` as nodes, each place where a token occurs (compared folded) in <mark>. */
async function marked(text, tokens) {
  const folded = await search.fold(text);
  const hit = new Uint8Array(text.length);
  for (const token of tokens) {
    for (let at = folded.indexOf(token); at >= 0; at = folded.indexOf(token, at + 1)) hit.fill(1, at, at + token.length);
  }
  const nodes = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && hit[j] === hit[i]) j++;
    const part = text.slice(i, j);
    if (hit[i]) {
      const mark = document.createElement('mark');
      mark.textContent = part;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(part));
    i = j;
  }
  return nodes;
}

async function resultItem(doc, tokens) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'result-title';
  link.href = doc.path;
  link.append(...(await marked(doc.title, tokens)));
  item.append(link);
  if (doc.date) {
    const date = document.createElement('time');
    date.dateTime = doc.date;
    date.textContent = doc.date;
    item.append(' ', date);
  }
  // The article's summary, as its list item shows it.
  const summary = document.createElement('p');
  summary.className = 'result-excerpt';
  summary.append(...(await marked(doc.summary, tokens)));
  item.append(summary);
  return item;
}

let current = 0;
/** The query whose results are shown or on their way: the same query again (Enter after typing) costs nothing. */
let shown;
let more;

async function show(query) {
  const wanted = query.trim();
  if (wanted === shown) return;
  shown = wanted;
  const run = ++current;
  if (!wanted) {
    list.replaceChildren();
    more?.remove();
    status.textContent = '';
    return;
  }
  // The results shown stay until the new ones are ready (no blank flash while typing); a slow network gets a word.
  const slow = setTimeout(() => run === current && (status.textContent = messages.searching), 300);
  try {
    const { tokens, ids } = await search.find(wanted);
    let shownCount = 0;
    const nextPage = async () => {
      const page = await search.listings(ids.slice(shownCount, shownCount + PAGE));
      const items = await Promise.all(page.map((doc) => resultItem(doc, tokens)));
      shownCount += page.length;
      return items;
    };
    const items = await nextPage();
    if (run !== current) return;
    status.textContent = ids.length ? messages.found.replace('{n}', String(ids.length)) : messages.none;
    list.replaceChildren(...items);
    more?.remove();
    more = undefined;
    if (shownCount < ids.length) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'search-more';
      button.textContent = messages.more;
      button.addEventListener('click', async () => {
        try {
          const page = await nextPage();
          if (run !== current) return;
          list.append(...page);
          if (shownCount >= ids.length) button.remove();
        } catch {
          status.textContent = messages.failed;
        }
      });
      list.after(button);
      more = button;
    }
  } catch {
    if (run === current) {
      status.textContent = messages.failed;
      shown = undefined; // so the same query can be tried again
    }
  } finally {
    clearTimeout(slow);
  }
}

function remember(query) {
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
}

function searchNow() {
  clearTimeout(pause);
  remember(input.value);
  show(input.value);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  searchNow();
});

// Results while typing, once the reader pauses: typing a word costs one search, not one per key.
// While an input method is composing (pinyin letters before they become 随州), nothing is searched.
const PAUSE_MS = 200;
let pause;
const later = () => {
  clearTimeout(pause);
  pause = setTimeout(searchNow, PAUSE_MS);
};
input.addEventListener('input', (event) => {
  if (!event.isComposing) later();
});
input.addEventListener('compositionend', later);

input.value = new URLSearchParams(location.search).get('q') ?? '';
show(input.value);
