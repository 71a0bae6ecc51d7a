// Site search with Pagefind. The page's own index holds this script's text;
// the reader's query is first converted into this script with opencc-js, so
// 随州 and 隨州 find the same articles. Words shown come from the page's
// <template id="search-messages">, which is already in the page's script.
const root = document.getElementById('search');
const form = root.querySelector('form');
const input = root.querySelector('input[name="q"]');
const status = root.querySelector('.search-status');
const list = root.querySelector('.search-results');
const messages = {};
for (const node of document.getElementById('search-messages').content.querySelectorAll('[data-message]')) {
  messages[node.dataset.message] = node.textContent;
}

let pagefind;
let convert;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function ready() {
  if (!pagefind) {
    pagefind = await import(root.dataset.bundle);
    await pagefind.options({ baseUrl: root.dataset.base });
  }
  if (!convert) {
    await loadScript(root.dataset.converter);
    convert = globalThis.OpenCC.Converter({ from: root.dataset.from, to: root.dataset.to });
  }
}

function resultItem(data) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'result-title';
  link.href = data.url;
  link.textContent = data.meta.title;
  item.append(link);
  if (data.meta.date) {
    const date = document.createElement('time');
    date.dateTime = data.meta.date;
    date.textContent = ` ${data.meta.date}`;
    item.append(date);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'result-excerpt';
  // Pagefind's excerpt is escaped text with <mark> around the matched words.
  excerpt.innerHTML = data.excerpt;
  item.append(excerpt);
  return item;
}

async function search(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = '';
    return;
  }
  status.textContent = messages.searching;
  try {
    await ready();
    const found = await pagefind.search(convert(query.trim()));
    const results = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
    list.replaceChildren(...results.map(resultItem));
    status.textContent = results.length ? messages.found.replace('{n}', String(found.results.length)) : messages.none;
  } catch {
    status.textContent = messages.failed;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('q', input.value);
  history.replaceState(null, '', url);
  search(input.value);
});

input.value = new URLSearchParams(location.search).get('q') ?? '';
search(input.value);
