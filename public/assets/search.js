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
let more;

async function show(query) {
  const run = ++current;
  list.replaceChildren();
  more?.remove();
  if (!query.trim()) {
    status.textContent = '';
    return;
  }
  status.textContent = messages.searching;
  try {
    const { tokens, ids } = await search.find(query.trim());
    if (run !== current) return;
    status.textContent = ids.length ? messages.found.replace('{n}', String(ids.length)) : messages.none;
    let shown = 0;
    const next = async () => {
      const page = await search.listings(ids.slice(shown, shown + PAGE));
      const items = await Promise.all(page.map((doc) => resultItem(doc, tokens)));
      if (run !== current) return;
      list.append(...items);
      shown += page.length;
      if (shown >= ids.length) more?.remove();
    };
    await next();
    if (shown < ids.length && run === current) {
      more = document.createElement('button');
      more.type = 'button';
      more.className = 'search-more';
      more.textContent = messages.more;
      more.addEventListener('click', () => next().catch(() => (status.textContent = messages.failed)));
      list.after(more);
    }
  } catch {
    if (run === current) status.textContent = messages.failed;
  }
}

function remember(query) {
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  remember(input.value);
  show(input.value);
});

let pause;
input.addEventListener('input', () => {
  clearTimeout(pause);
  pause = setTimeout(() => {
    remember(input.value);
    show(input.value);
  }, 250);
});

input.value = new URLSearchParams(location.search).get('q') ?? '';
show(input.value);
