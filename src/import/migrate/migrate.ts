import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Clock, createClock } from '../../core/clock.ts';
import { asXinwenErrors, XinwenError } from '../../core/errors.ts';
import { say } from '../../core/language.ts';
import { siteFolders } from '../../core/site-folders.ts';
import { loadSettings } from '../../load/settings-file.ts';
import { aliasProblem, normalizeAlias } from '../../parse/aliases.ts';
import type { Settings } from '../../settings/settings.ts';
import { ArticleIndex, type KnownArticle } from '../article-index.ts';
import { articleSlug, createArticleValidator } from '../article-writer.ts';
import { shown } from '../collect-pages.ts';
import type { ImportResult, PageReport } from '../import.ts';
import { cutAtMore, shiftHeadings } from './body-tools.ts';
import { convertLiquid } from './liquid.ts';
import { oldPath, type PostPlace, unfilledToken, xinwenPath, xinwenPattern } from './permalinks.ts';
import { droppedKeys, type PostFields, readFields } from './post-fields.ts';
import { readPost, type SourcePost } from './read-post.ts';
import { coverOf, localImages } from './photos.ts';
import { renderMigrated } from './render.ts';
import { convertShortcodes } from './shortcodes.ts';
import { assetFiles, type Generator, listPosts, openSourceSite, type SourceFile, type SourceSite } from './source-site.ts';
import type { ConvertedBody, TagContext } from './tag-tools.ts';
import { copy, write } from './write-files.ts';

export interface MigrateOptions {
  /** xinwen's site folder. */
  root: string;
  from: Generator;
  /** The old site's folder, or its folder of posts. */
  source: string;
  outDir?: string;
  dryRun?: boolean;
  force?: boolean;
}

/** The page import's result, with the lines that speak of the whole migration. */
export interface MigrateResult extends ImportResult {
  notes: string[];
}

/** A post read and placed, before its body is converted. */
interface Plan {
  file: SourceFile;
  post: SourcePost;
  fields: PostFields;
  place: PostPlace;
  slug: string;
  date: string;
  /** The article file (…/index.md for a post with its own files). */
  target: string;
  existing?: KnownArticle;
  assets: string[];
  warnings: string[];
  report: PageReport;
}

/**
 * `xinwen import --from jekyll|hugo|hexo SOURCE`: another generator's posts
 * become xinwen articles, with the page import's report, idempotence and
 * --dry-run. Every post keeps its old address: an alias (a redirect page)
 * where xinwen's differs, and the report gives the `permalink` setting that
 * would keep them all without redirects.
 */
export function migratePosts(options: MigrateOptions): MigrateResult {
  const site = siteFolders(options.root);
  const settings = loadSettings(site);
  const clock = createClock(settings.timezone);
  const outDir = path.resolve(options.outDir ?? path.join(site.contentDir, 'news'));
  const source = openSourceSite(options.from, path.resolve(options.source));
  const { posts, skipped } = listPosts(source);
  const index = ArticleIndex.load([site.contentDir, outDir], site.root, clock);
  const dryRun = options.dryRun ?? false;
  const permalink = settings.permalink;
  const validate = createArticleValidator(settings, clock);
  const dropped = new Map<string, number>();
  const pages: PageReport[] = [];

  // First every post is read and placed, so links between posts (post_url, post_link, ref) find their articles.
  const plans: Plan[] = [];
  const taken = new Set<string>();
  for (const file of posts) {
    const warnings: string[] = [];
    const report: PageReport = { page: file.shown, status: 'failed', fields: [], encoding: 'UTF-8', scriptChanged: 0, pinyinRemoved: 0, punctuation: 0, warnings };
    try {
      const post = readPost(readFileSync(file.full, 'utf8'), file.shown, source.generator === 'hexo');
      for (const key of droppedKeys(post.data)) dropped.set(key, (dropped.get(key) ?? 0) + 1);
      const plan = planPost(file, post, source, clock, warnings, report);
      placeArticle(plan, index, outDir, taken, clock);
      plans.push(plan);
    } catch (error) {
      pages.push(failed(report, error, file.shown));
    }
  }
  const context = { source, settings, clock, outDir, root: site.root, dryRun, force: options.force ?? false, permalink, posts: indexPosts(plans) };
  for (const plan of plans) {
    try {
      pages.push(writePlan(plan, context, validate, index));
    } catch (error) {
      pages.push(failed(plan.report, error, plan.file.shown));
    }
  }
  pages.sort((a, b) => a.page.localeCompare(b.page));
  return { outDir, dryRun, pages, notes: notes(source, skipped, dropped, plans, permalink) };
}

function failed(report: PageReport, error: unknown, page: string): PageReport {
  const [first] = asXinwenErrors(error);
  const named = first!.file ? first! : new XinwenError(first!.code, first!.message, { file: page, hint: first!.hint, cause: error });
  return { ...report, status: 'failed', error: named };
}


const FILE_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})-/;

function planPost(file: SourceFile, post: SourcePost, source: SourceSite, clock: Clock, warnings: string[], report: PageReport): Plan {
  const fields = readFields(post.data, source.generator, clock, warnings);
  const baseName = path.posix.basename(file.relative);
  const named = FILE_DATE.exec(baseName);
  let date = fields.date;
  if (date === undefined && named && source.generator !== 'hugo') {
    date = `${named[1]}-${named[2]!.padStart(2, '0')}-${named[3]!.padStart(2, '0')}`;
    if (!clock.parse(date).ok) date = undefined;
  }
  if (date === undefined) {
    date = clock.format(statSync(file.full).mtimeMs, 'YYYY-MM-DD HH:mm:ss');
    warnings.push(say(`没有日期：日期暂定为 ${date}（文件的修改时间），存为草稿`, `no date: dated ${date} (the file's time), saved as a draft`));
    fields.draft = true;
  }
  const nameSlug = baseName.replace(FILE_DATE, '');
  if (fields.title === undefined) {
    fields.title = nameSlug.replace(/[-_]+/g, ' ').trim() || baseName;
    warnings.push(say(`没有标题：标题暂定为“${fields.title}”（文件名）`, `no title: titled “${fields.title}” (the file name)`));
  }
  if (file.draft) fields.draft = true;
  if (file.categories && file.categories.length > 0) {
    fields.categories = [...new Set([...file.categories, ...fields.categories])];
    fields.category = fields.categories[0];
    fields.tags = [...new Set([...fields.categories.slice(1), ...fields.tags])];
  }
  const [year, month, day, hour = 0, minute = 0, second = 0] = date.split(/[- :]/).map(Number) as [number, number, number, number?, number?, number?];
  // Hexo's :title is the path under _posts; a date in the name is part of it unless new_post_name put it there.
  const hexoTitle = source.hexoDatedNames ? file.relative.replace(/(^|\/)\d{4}-\d{1,2}-\d{1,2}-/, '$1') : file.relative;
  const sections = file.relative.split('/').slice(0, -1);
  const place: PostPlace = {
    date: { year, month, day, hour, minute, second },
    title: source.generator === 'hexo' ? hexoTitle : source.generator === 'hugo' ? baseName : nameSlug,
    headline: fields.title,
    slug: fields.slug,
    categories: fields.categories,
    sections,
    language: hugoLanguage(file, source),
  };
  const slug = articleSlug(fields.slug ?? nameSlug);
  const assets = file.assetDir ? assetFiles(file.assetDir) : [];
  return { file, post, fields, place, slug, date, target: '', assets, warnings, report };
}

/** The /lang/ prefix of a Hugo post's address, on a multilingual site. */
function hugoLanguage(file: SourceFile, source: SourceSite): string | undefined {
  if (source.generator !== 'hugo' || source.languages.length < 2) return undefined;
  // A language the site does not list is its default one (Hugo since 0.146).
  const language = file.language !== undefined && source.languages.includes(file.language) ? file.language : source.defaultLanguage;
  if (language === undefined) return undefined;
  return language !== source.defaultLanguage || source.defaultLanguageInSubdir ? language : undefined;
}

/**
 * The article's file: `DATE-SLUG.md`, or `DATE-SLUG/index.md` with the
 * post's own files beside it. An article imported before (same slug and
 * date) is found wherever it was moved; another post whose name gives the
 * same slug gets `-2`, `-3`…
 */
function placeArticle(plan: Plan, index: ArticleIndex, outDir: string, taken: Set<string>, clock: Clock): void {
  const time = plan.fields.draft ? undefined : timeOf(plan.date, clock);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? plan.slug : `${plan.slug}-${n}`;
    const name = `${plan.date.slice(0, 10)}-${slug}`;
    const file = path.join(outDir, plan.assets.length > 0 ? path.join(name, 'index.md') : `${name}.md`);
    const known = index.get(slug);
    if (known && !taken.has(slug)) {
      const same = time !== undefined && known.time !== undefined ? known.time === time : known.title === plan.fields.title;
      if (same) {
        Object.assign(plan, { slug, target: known.path, existing: known });
        taken.add(slug);
        return;
      }
    } else if (!known && !taken.has(slug) && !existsSync(file) && !existsSync(path.join(outDir, name))) {
      Object.assign(plan, { slug, target: file });
      taken.add(slug);
      return;
    }
  }
}

/** Epoch of a written date, as the article index compares them. */
function timeOf(date: string, clock: Clock): number | undefined {
  const parsed = clock.parse(date);
  return parsed.ok ? parsed.time : undefined;
}

interface WriteContext {
  source: SourceSite;
  settings: Settings;
  clock: Clock;
  outDir: string;
  root: string;
  dryRun: boolean;
  force: boolean;
  permalink: string;
  posts: PostIndex;
}

function writePlan(plan: Plan, context: WriteContext, validate: (file: string, text: string) => void, index: ArticleIndex): PageReport {
  const { fields, warnings, file } = plan;
  const { source } = context;
  const previous = oldPath(source.generator, plan.place, source.permalinks, fields.permalink);
  const converted = convertBody(plan, context);
  for (const [tag, lines] of groupLines(converted.unknown.map((each) => ({ key: each.tag, line: each.line + plan.post.bodyLine - 1 })))) {
    warnings.push(say(`${tag} 不能转换，已删除（第 ${lines} 行）`, `${tag} cannot be converted and was removed (line ${lines})`));
  }
  for (const [reference, lines] of groupLines(converted.unresolved.map((each) => ({ key: each.reference, line: each.line + plan.post.bodyLine - 1 })))) {
    warnings.push(say(`链接的文章 ${reference} 不在这次导入的文章里，链接已去掉（第 ${lines} 行）`, `the post ${reference} linked to is not among the posts imported; the link was removed (line ${lines})`));
  }
  let body = converted.body;
  const more = cutAtMore(body);
  body = more.body;
  const summary = fields.summary ?? more.summary;
  body = shiftHeadings(body).body;
  const photos = { assets: plan.assets, source, root: context.root, dryRun: context.dryRun };
  body = localImages(body, photos, warnings);
  const cover = coverOf(fields.cover, photos, warnings);

  const here = xinwenPath(context.permalink, { date: plan.place.date, slug: plan.slug, category: fields.category });
  const aliases: string[] = [];
  const unfilled = unfilledToken(previous);
  if (unfilled) warnings.push(say(`原网站的地址算不出来（permalink 里的 ${unfilled} 只有原生成器知道），没有写进 aliases`, `the old address cannot be worked out (${unfilled} in the permalink is known only to the old generator): not among the aliases`));
  const known = [...(unfilled ? [] : [previous]), ...fields.aliases.map((each) => aliasPath(each, previous))];
  for (const alias of new Set(known)) {
    const problem = aliasProblem(alias);
    if (problem !== undefined) warnings.push(say(`旧地址 ${alias} 不能做转向：${problem}`, `the old address ${alias} cannot redirect: ${problem}`));
    else if (normalizeAlias(alias) !== here) aliases.push(alias);
  }
  const markdown = renderMigrated({
    title: fields.title!,
    date: plan.date,
    updated: fields.updated,
    author: fields.author,
    tags: fields.tags,
    category: fields.category,
    summary,
    cover,
    pinned: fields.pinned,
    featured: fields.featured,
    draft: fields.draft,
    aliases,
    body,
  });
  plan.report.fields = renderedKeys({ ...fields, summary, cover, aliases });
  if (plan.existing && !context.force) {
    warnings.push(say('以前导入过（slug 和日期相同）：已跳过；加 --force 可以覆盖', 'imported before (same slug and date): skipped; --force replaces it'));
    return { ...plan.report, status: 'skipped', article: shown(plan.existing.path) };
  }
  const siteFile = path.relative(context.root, plan.target).split(path.sep).join('/');
  try {
    validate(siteFile, markdown);
  } catch (error) {
    const [first] = asXinwenErrors(error);
    throw new XinwenError('import/invalid-article', say(`由这篇文章生成的 xinwen 文章无法通过生成：${first!.message}`, `the article made from the post would not build: ${first!.message}`), {
      file: file.shown,
      hint: first!.hint ?? say('参见 README 里文章开头设置（front matter）的说明。', 'See the front-matter reference in the README.'),
      cause: error,
    });
  }
  if (!context.dryRun) {
    write(plan.target, markdown, plan.existing === undefined);
    for (const asset of plan.assets) copy(path.join(file.assetDir!, asset), path.join(path.dirname(plan.target), asset));
  }
  index.add(plan.slug, { path: plan.target, title: fields.title, time: fields.draft ? undefined : timeOf(plan.date, context.clock) });
  return { ...plan.report, status: plan.existing ? 'replaced' : 'imported', article: shown(plan.target) };
}

function groupLines(items: { key: string; line: number }[]): Map<string, string> {
  const groups = new Map<string, number[]>();
  for (const { key, line } of items) groups.set(key, [...(groups.get(key) ?? []), line]);
  return new Map([...groups].map(([key, lines]) => [key, [...new Set(lines)].join(', ')]));
}

/** An alias the old generator had: a path from the old root; a relative one is under the post's own folder. */
function aliasPath(alias: string, postPath: string): string {
  const absolute = alias.startsWith('/') ? alias : `${postPath.replace(/[^/]*$/, '')}${alias}`;
  const clean = absolute.replace(/\/{2,}/g, '/');
  return /\.[a-z0-9]+$/i.test(clean) || clean.endsWith('/') ? clean : `${clean}/`;
}

function convertBody(plan: Plan, context: WriteContext): ConvertedBody {
  const tags: TagContext = {
    linkToPost: (reference) => {
      const other = findPost(reference, context.posts);
      if (!other) return undefined;
      const link = path.relative(path.dirname(plan.target), other.target).split(path.sep).join('/');
      return link.startsWith('.') ? link : `./${link}`;
    },
    asset: (name) => {
      const clean = name.replace(/^\.\//, '');
      return plan.assets.includes(clean) ? clean : undefined;
    },
  };
  const body = plan.post.body;
  return context.source.generator === 'hugo' ? convertShortcodes(body, tags) : convertLiquid(body, context.source.generator, tags);
}

/** The posts by the names links use: their path under the posts folder, and their name alone (when only one has it). */
interface PostIndex {
  byPath: Map<string, Plan>;
  byName: Map<string, Plan | null>;
}

function indexPosts(plans: Plan[]): PostIndex {
  const byPath = new Map<string, Plan>();
  const byName = new Map<string, Plan | null>();
  for (const plan of plans) {
    const relative = plan.file.relative.toLowerCase();
    byPath.set(relative, plan);
    const name = relative.split('/').at(-1)!;
    // Two posts of one name (en/FAQ, zh-CN/FAQ): the name alone names neither.
    byName.set(name, byName.has(name) ? null : plan);
  }
  return { byPath, byName };
}

/** The post a post_url / post_link / ref names: by its path under the posts folder, else by its name alone. */
function findPost(reference: string, index: PostIndex): Plan | undefined {
  const wanted = reference
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .replace(/^(_posts|content)\//, '')
    .replace(/\.(md|markdown)$/i, '')
    .replace(/\/(_?index)(\.[\w-]+)?$/, '')
    .toLowerCase();
  if (wanted === '') return undefined;
  const exact = index.byPath.get(wanted);
  if (exact) return exact;
  // A bare name (Hexo's post_link Getting-Started) may stand for a post in a folder; a path must match whole.
  if (wanted.includes('/')) return undefined;
  return index.byName.get(wanted) ?? undefined;
}

function renderedKeys(fields: PostFields & { aliases: string[] }): string[] {
  const keys: [string, unknown][] = [
    ['title', fields.title],
    ['date', true],
    ['updated', fields.updated],
    ['author', fields.author],
    ['tags', fields.tags.length > 0 ? true : undefined],
    ['category', fields.category],
    ['summary', fields.summary],
    ['cover', fields.cover],
    ['pinned', fields.pinned || undefined],
    ['featured', fields.featured || undefined],
    ['draft', fields.draft || undefined],
    ['aliases', fields.aliases.length > 0 ? true : undefined],
  ];
  return keys.filter(([, value]) => value !== undefined).map(([key]) => key);
}

/** The first few of a list of files, and how many more. */
function few(files: string[]): string {
  const shownFiles = files.slice(0, 5).join(' ');
  return files.length <= 5 ? shownFiles : say(`${shownFiles} 等 ${files.length} 个`, `${shownFiles} and ${files.length - 5} more`);
}

/** Lines about the whole migration: settings read, what was left out, keys dropped, how old addresses are kept. */
function notes(source: SourceSite, skipped: ReturnType<typeof listPosts>['skipped'], dropped: Map<string, number>, plans: Plan[], permalink: string): string[] {
  const lines: string[] = [];
  if (source.configFile) lines.push(say(`读了原网站的设置：${shown(source.configFile)}`, `read the old site's settings: ${shown(source.configFile)}`));
  if (skipped.sections > 0) lines.push(say(`${skipped.sections} 个栏目页（_index.md）不是文章，没有导入`, `${skipped.sections} section page(s) (_index.md) are not posts: not imported`));
  if (skipped.topPages.length > 0) {
    lines.push(say(`${skipped.topPages.length} 个放在 content/ 最上层的页面不是文章，没有导入：${few(skipped.topPages)}`, `${skipped.topPages.length} page(s) at the top of content/ are pages of the site, not posts: not imported: ${few(skipped.topPages)}`));
  }
  if (skipped.otherLanguages.length > 0) {
    lines.push(say(`${skipped.otherLanguages.length} 个其他语言的版本没有导入：${few(skipped.otherLanguages)}`, `${skipped.otherLanguages.length} version(s) in other languages not imported: ${few(skipped.otherLanguages)}`));
  }
  for (const [key, count] of [...dropped].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(say(`\`${key}\`：xinwen 不用这个字段，已从 ${count} 篇文章里去掉`, `\`${key}\` means nothing to xinwen: dropped from ${count} post${count === 1 ? '' : 's'}`));
  }
  if (plans.length === 0) return lines;
  const sections = [...new Set(plans.map((plan) => plan.file.relative.split('/').slice(0, -1).join('/')))];
  const pattern = xinwenPattern(source.generator, source.permalinks, sections.length === 1 && sections[0] !== '' ? sections : []);
  const moved = plans.filter((plan) => oldPath(source.generator, plan.place, source.permalinks, plan.fields.permalink) !== xinwenPath(permalink, { date: plan.place.date, slug: plan.slug, category: plan.fields.category }));
  if (moved.length === 0) {
    lines.push(say(`${plans.length} 篇文章的地址和原网站一样`, `${plans.length} post(s) keep the same address as on the old site`));
    return lines;
  }
  lines.push(say(`${moved.length} 篇文章的旧地址写进了 aliases：旧地址会转到新地址`, `${moved.length} post(s) keep their old address through \`aliases\` (a redirect to the new one)`));
  if (pattern !== undefined && pattern !== permalink) {
    const kept = plans.filter((plan) => oldPath(source.generator, plan.place, source.permalinks, plan.fields.permalink) === xinwenPath(pattern, { date: plan.place.date, slug: plan.slug, category: plan.fields.category }));
    if (kept.length > 0) {
      lines.push(
        say(
          `要让地址和原网站一样（不用转向）：在 content/site.yaml 里写 permalink: "${pattern}"，再用 --force 导入一次（${plans.length} 篇里有 ${kept.length} 篇的地址会完全相同）`,
          `to keep the old addresses without redirects, put permalink: "${pattern}" in content/site.yaml and import again with --force (${kept.length} of ${plans.length} posts get exactly their old address)`,
        ),
      );
    }
  }
  return lines;
}
