import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './site.ts';

/**
 * Link checker over a built output folder, with no network: every link that points into the site
 * (relative, root-relative, or absolute on the base URL's origin) must name a file of the output,
 * under the base URL's path, with its #fragment present in the target page. Links elsewhere are
 * counted but not followed.
 */

export interface LinkProblem {
  /** Output file the link is in, e.g. `zh-hant/news/index.html`. */
  file: string;
  link: string;
  reason: string;
}

export interface LinkReport {
  /** Files whose links were read: every HTML page, plus the feeds, sitemaps and robots.txt given. */
  files: string[];
  /** How many links pointed into the site (all checked). */
  internal: number;
  /** How many links pointed elsewhere (not followed). */
  external: number;
  problems: LinkProblem[];
  /** HTML pages no chain of links from `index.html` reaches (404 pages excepted). */
  unreachable: string[];
  /** Internal links found in each file, resolved to absolute URLs (for extra assertions). */
  linksByFile: Map<string, URL[]>;
}

/**
 * Attributes that hold one URL. `srcset` is handled apart; any other attribute is checked when its
 * value is an absolute URL on the site, and a `data-*` attribute when its value is a site path.
 */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'longdesc', 'manifest']);
const NEVER_EMITTED = /^(?:javascript|vbscript|file):/i;
const NOT_FOLLOWED = /^(?:mailto|tel|sms|data|blob|about):/i;

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|#39));/gi, (_, dec: string, hex: string, name: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" } as Record<string, string>)[name.toLowerCase()]!;
  });
}

interface Extracted {
  links: string[];
  ids: Set<string>;
}

/** Links and fragment targets (id, a name) of an HTML page; URLs in JSON-LD blocks count as links. */
export function extractHtml(html: string, origin: string): Extracted {
  const links: string[] = [];
  const ids = new Set<string>();
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(/<script\b[^>]*type=["']?application\/ld\+json[^>]*>([\s\S]*?)<\/script>/gi)) {
    links.push(...absoluteUrls(m[1]!, origin));
  }
  const markup = withoutComments.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, (_, tag: string) => `<${tag}>`);
  for (const tag of markup.matchAll(TAG)) {
    const element = tag[1]!.toLowerCase();
    for (const attribute of (tag[2] ?? '').matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      const raw = attribute[2] ?? attribute[3] ?? attribute[4];
      if (raw === undefined) continue;
      const value = decodeEntities(raw);
      if (name === 'id' || (name === 'name' && element === 'a')) ids.add(value);
      if (name === 'srcset') links.push(...value.split(/,\s+/).map((part) => part.trim().split(/\s+/)[0]!).filter(Boolean));
      else if (URL_ATTRIBUTES.has(name)) links.push(value);
      else if (value === origin || value.startsWith(`${origin}/`)) links.push(value);
      // data-* values that are site paths (data-index="/search/index.json") are fetched by scripts;
      // a folder a script reads numbered files from (data-docs="/search/docs/") is the search tests' to check.
      else if (name.startsWith('data-') && /^\/(?!\/)\S*[^/]$/.test(value)) links.push(value);
    }
  }
  return { links, ids };
}

/** Absolute URLs on the site's origin anywhere in a text. */
function absoluteUrls(text: string, origin: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>\\]+/g)].map((m) => m[0]).filter((url) => url === origin || url.startsWith(`${origin}/`));
}

/** Links of an RSS/Atom feed or a sitemap: every href/src (also in escaped HTML content) and every absolute URL on the site. */
export function extractXml(xml: string, origin: string): string[] {
  const text = decodeEntities(xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'));
  const attributes = [...text.matchAll(/\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => decodeEntities(m[1] ?? m[2]!));
  return [...new Set([...attributes, ...absoluteUrls(text, origin)])];
}

/** Links of a JSON feed or manifest: URL-named fields, absolute URLs on the site, and links inside `content_html`. */
export function extractJson(json: string, origin: string): string[] {
  const links: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (/html$/i.test(key)) links.push(...extractHtml(value, origin).links);
      else if (/(?:url|href|src|^image|^icon|^favicon|^banner_image)$/i.test(key) || value === origin || value.startsWith(`${origin}/`)) links.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(JSON.parse(json), '');
  return links;
}

/** The site URL of an output file: `news/a/index.html` → `BASE/news/a/`. */
export function urlOfFile(file: string, base: URL): URL {
  const name = file.endsWith('/index.html') || file === 'index.html' ? file.slice(0, -'index.html'.length) : file;
  return new URL(name.split('/').map(encodeURIComponent).join('/'), base);
}

/**
 * Check every HTML page of `out`, plus `extraFiles` (feeds and sitemaps as `.xml` or `.json`; any
 * other text file, such as robots.txt, for its absolute URLs on the site), against
 * the site at `baseUrl` (the site.yaml `base_url`, ending in `/`).
 */
export function checkLinks(out: string, baseUrl: string, extraFiles: string[] = []): LinkReport {
  const base = new URL(baseUrl);
  const files = listFiles(out);
  const existing = new Set(files);
  const htmlFiles = files.filter((file) => file.endsWith('.html'));
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

  const idCache = new Map<string, Set<string>>();
  const idsOf = (file: string): Set<string> => {
    let ids = idCache.get(file);
    if (!ids) idCache.set(file, (ids = extractHtml(read(file), base.origin).ids));
    return ids;
  };

  const problems: LinkProblem[] = [];
  const linksByFile = new Map<string, URL[]>();
  const edges = new Map<string, Set<string>>();
  let internal = 0;
  let external = 0;

  const checkFile = (file: string, links: string[]): void => {
    const from = urlOfFile(file, base);
    const resolved: URL[] = [];
    const targets = new Set<string>();
    edges.set(file, targets);
    for (const link of links) {
      const problem = (reason: string) => problems.push({ file, link, reason });
      if (link.trim() === '') {
        problem('empty link');
        continue;
      }
      if (NEVER_EMITTED.test(link.trim())) {
        problem('javascript:, vbscript: and file: links are never to be emitted');
        continue;
      }
      if (NOT_FOLLOWED.test(link.trim())) continue;
      if (link === '#') {
        problem('a bare "#" leads nowhere');
        continue;
      }
      let url: URL;
      try {
        url = new URL(link, from);
      } catch {
        problem('not a valid URL');
        continue;
      }
      if (url.hostname !== base.hostname) {
        external++;
        continue;
      }
      internal++;
      resolved.push(url);
      if (url.origin !== base.origin) {
        problem(`points at the site with ${url.protocol}//${url.host} instead of ${base.origin}`);
        continue;
      }
      if (!url.pathname.startsWith(base.pathname)) {
        problem(`is outside the base URL's path ${base.pathname}`);
        continue;
      }
      let target: string;
      try {
        target = decodeURIComponent(url.pathname.slice(base.pathname.length));
      } catch {
        problem('has a malformed %-escape');
        continue;
      }
      if (target === '' || target.endsWith('/')) target += 'index.html';
      if (!existing.has(target)) {
        problem(existing.has(`${target}/index.html`) ? 'names a folder without its trailing slash' : `no such file in the output: ${target}`);
        continue;
      }
      targets.add(target);
      const fragment = url.hash.slice(1);
      if (fragment && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(fragment))) {
        problem(`${target} has no element with id "${decodeURIComponent(fragment)}"`);
      }
    }
    linksByFile.set(file, resolved);
  };

  for (const file of htmlFiles) checkFile(file, extractHtml(read(file), base.origin).links);
  for (const file of extraFiles) {
    if (file.endsWith('.json')) {
      let links: string[];
      try {
        links = extractJson(read(file), base.origin);
      } catch (error) {
        problems.push({ file, link: '', reason: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      checkFile(file, links);
    } else {
      checkFile(file, extractXml(read(file), base.origin));
    }
  }

  const reached = new Set<string>(['index.html']);
  const queue = ['index.html'];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const target of edges.get(file) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  const unreachable = htmlFiles.filter((file) => !reached.has(file) && path.posix.basename(file) !== '404.html');

  return { files: [...htmlFiles, ...extraFiles], internal, external, problems, unreachable, linksByFile };
}

/** One line per broken link and reason, with the files it is in (the same template link breaks on every page). */
export function formatProblems(problems: LinkProblem[]): string {
  const groups = new Map<string, string[]>();
  for (const p of problems) {
    const key = `${JSON.stringify(p.link)} ${p.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), p.file]);
  }
  return [...groups]
    .map(([key, files]) => {
      const shown = files.slice(0, 4).join(', ') + (files.length > 4 ? `, … (${files.length} files)` : '');
      return `  ${key}
      in ${shown}`;
    })
    .join('\n');
}
