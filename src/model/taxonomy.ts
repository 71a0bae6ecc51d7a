import { slugify } from '../parse/slug.ts';

/** A tag or a column (栏目) with its articles, in list order. */
export interface Term<T> {
  /** Name as written in the articles' source script. */
  name: string;
  /** URL segment, from the source name (pinyin for Chinese). */
  slug: string;
  items: T[];
}

/**
 * Group items by the names `namesOf` gives them. Slugs come from the source
 * names, so every script has the same URLs; two names with one slug (同音字)
 * get -2, -3… in name order. Terms come back sorted by slug; items keep
 * the order they were given in.
 */
export function groupTerms<T>(items: readonly T[], namesOf: (item: T) => readonly string[]): Term<T>[] {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    for (const name of namesOf(item)) {
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push(item);
    }
  }
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const taken = new Set<string>();
  const terms = names.map((name) => {
    const base = slugify(name) || 'term';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return { name, slug, items: byName.get(name)! };
  });
  return terms.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}
