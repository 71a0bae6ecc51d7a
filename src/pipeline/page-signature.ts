import { type ArticleEntry, type ArticleMeta, listKeyOf, type PageSpec } from '../model/site-model.ts';

/**
 * A number standing for everything a page shows (for a given site view and
 * template): equal numbers, equal pages. The dev server compares one per
 * page on every rebuild, and a build with the ones it recorded for the
 * output before, ten thousands of them, so it hashes what it needs
 * instead of building strings: two 32-bit FNV-1a lanes folded into 53 bits,
 * so a missed change is a one-in-2^53 chance.
 */
export function pageSignature(spec: PageSpec, seed: Fnv): number {
  const hash = seed.copy();
  hash.text(spec.path);
  switch (spec.kind) {
    case 'home':
      for (const article of spec.latest) hash.number(listId(article));
      hash.text('slides');
      for (const article of spec.slides) hash.number(listId(article));
      // A column's block shows its name as its first article writes it, and links its page.
      for (const { term, items } of spec.columns) {
        hash.text(term.slug);
        for (const article of items) hash.number(listId(article));
      }
      break;
    case 'news-list':
    case 'tag':
    case 'column':
    case 'archive-month':
      // A tag's or column's heading shows its name as the term's first article writes it, on every page.
      if (spec.kind === 'tag' || spec.kind === 'column') hash.number(listId(spec.term.items[0]!));
      hash.number(spec.page.total);
      for (const article of spec.page.items) hash.number(listId(article));
      break;
    case 'article': {
      const { article, newer, older } = spec;
      hash.text(article.contentKey ?? article.file).number(article.readingMinutes).number(listId(article));
      hash.number(newer ? listId(newer) : -1).number(older ? listId(older) : -1);
      hash.text(spec.columnPath ?? '-');
      for (const tagPath of spec.tagPaths) hash.text(tagPath);
      hash.text('related');
      for (const other of spec.related) hash.number(listId(other));
      hash.text('links');
      for (const target of spec.linkPaths) hash.text(target ?? '-');
      break;
    }
    case 'redirect':
      hash.text(spec.article.path).number(listId(spec.article));
      break;
    case 'tag-index':
      for (const term of spec.tags) hash.text(term.slug).number(term.items.length).number(listId(term.items[0]!));
      break;
    case 'archive-index':
      for (const month of spec.months) hash.text(month.path).number(month.count);
      break;
    default:
      break;
  }
  return hash.value();
}

/**
 * Small numbers for what lists show of an article (its list key, which
 * covers its slug and so its URL), given as articles arrive: hashing a
 * number costs far less than hashing the key. A number is never given to two
 * keys, so signatures made with these numbers can be compared across
 * rebuilds (the dev server's) and across builds (kept with the output state).
 */
export class ListIds {
  private readonly ids = new Map<string, number>();
  private next = 0;

  /** Start from numbers given before: the list key and number of each article of an earlier build, and the next number to give. */
  constructor(kept?: { articles: Iterable<ArticleMeta>; next: number }) {
    if (!kept) return;
    for (const article of kept.articles) if (article.listId !== undefined) this.ids.set(listKeyOf(article), article.listId);
    this.next = kept.next;
  }

  /** Number the article's list key (on its `listId`). */
  assign(article: ArticleMeta): void {
    const key = listKeyOf(article);
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.next++));
    article.listId = id;
  }

  /** The number the next new key gets; a later build starts from it. */
  get nextId(): number {
    return this.next;
  }
}

function listId(article: ArticleEntry): number {
  if (article.listId === undefined) throw new Error(`no list id for ${article.file}`);
  return article.listId;
}

/** A hash being made: start one per signature from a seed with `copy`. */
export class Fnv {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  text(text: string): this {
    let { a, b } = this;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x01000193) ^ (b >>> 15);
    }
    // A separator, so ['ab', 'c'] and ['a', 'bc'] differ.
    this.a = Math.imul(a ^ 0xffff, 0x01000193);
    this.b = Math.imul(b ^ 0xfffe, 0x01000193);
    return this;
  }

  number(value: number): this {
    this.a = Math.imul(this.a ^ (value & 0xffff), 0x01000193);
    this.a = Math.imul(this.a ^ (value >>> 16), 0x01000193);
    this.b = Math.imul(this.b ^ (value & 0xffff), 0x01000193) ^ (this.b >>> 15);
    this.b = Math.imul(this.b ^ (value >>> 16), 0x01000193);
    return this;
  }

  copy(): Fnv {
    const other = new Fnv();
    other.a = this.a;
    other.b = this.b;
    return other;
  }

  value(): number {
    return (this.a >>> 0) * 0x200000 + ((this.b >>> 0) & 0x1fffff);
  }
}
