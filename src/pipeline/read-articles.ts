import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { ArticleMeta } from '../model/site-model.ts';
import type { StageTimer } from '../core/timer.ts';
import type { KeptArticles } from './kept-articles.ts';
import type { ShardHandle } from './pool.ts';
import type { FileOutcome } from './shard.ts';
import { type BodySource, convertOnShards, parseOnShards } from './stages.ts';

/** Every article of a build as the model needs it, with its warnings, and the shard that holds each parsed one. */
export interface ReadArticles {
  /** In the order of `files`. */
  articles: ArticleMeta[];
  /** Parse warnings by file ('' for any that name none). */
  warnings: Map<string, Warning[]>;
  /** Articles parsed and converted because they are new or changed (not found in a cache or the last build). */
  parsed: number;
  /** The shard holding each article's body; articles taken from the last build have none until `readBodies`. */
  owners: Map<string, number>;
  /** Where the articles taken from the last build come from (their metas are its own). */
  kept?: KeptArticles;
}

/**
 * Parse every file, each shard its share (those in its cache come as they
 * were), then convert what was parsed: the way of a build that starts from
 * nothing or finds many files changed.
 */
export async function readAll(shards: ShardHandle[], files: string[], timer: StageTimer): Promise<ReadArticles> {
  const { outcomes, owners } = await timer.timeAsync('parse', () => parseOnShards(shards, files));
  const errors = parseErrors(outcomes);
  if (errors.length > 0) throw new XinwenErrors(errors);
  const converted = await timer.timeAsync('convert', () => convertOnShards(shards));
  const byFile = new Map(converted.map((article) => [article.file, article]));
  const warnings = new Map<string, Warning[]>();
  for (const warning of outcomes.flatMap((outcome) => outcome.warnings)) {
    const file = warning.file ?? '';
    warnings.set(file, [...(warnings.get(file) ?? []), warning]);
  }
  return {
    articles: files.map((file) => byFile.get(file)!),
    warnings,
    parsed: outcomes.reduce((sum, outcome) => sum + outcome.parsed, 0),
    owners,
  };
}

/** Articles parsed and converted after a few edits, by file, with their warnings. */
export type EditedArticles = Map<string, { meta: ArticleMeta; warnings: Warning[] }>;

/** Parse and convert the changed files on one shard, reading no cache: the way of a build after a few edits. */
export async function readChanged(shard: ShardHandle, changed: string[], timer: StageTimer): Promise<EditedArticles> {
  const outcomes = await timer.timeAsync('parse', () => parseOn(shard, changed));
  return new Map(outcomes.map((outcome) => [outcome.file, { meta: outcome.article!, warnings: outcome.warnings }]));
}

/** Every article: the edited ones (held by shard number `index`) as parsed, the others as the last build kept them. */
export function withKept(files: readonly string[], edited: EditedArticles, kept: KeptArticles, index: number): ReadArticles {
  const warnings = new Map<string, Warning[]>();
  const articles = files.map((file) => {
    const found = edited.get(file);
    const fileWarnings = found ? found.warnings : kept.warnings(file);
    if (fileWarnings.length > 0) warnings.set(file, fileWarnings);
    return found ? found.meta : kept.meta(file)!;
  });
  return { articles, warnings, parsed: edited.size, owners: new Map([...edited.keys()].map((file) => [file, index])), kept };
}

/**
 * Have the shard of `readChanged` (number `index`; `owners` says which
 * articles it holds) read again the unchanged articles whose bodies the
 * pages to render need (not counted as parsed: their content is the last
 * build's).
 */
export async function readBodies(shard: ShardHandle, index: number, owners: Map<string, number>, needed: Iterable<string>): Promise<void> {
  const files = [...needed].filter((file) => !owners.has(file));
  await parseOn(shard, files);
  for (const file of files) owners.set(file, index);
}

/** The errors the shards met, as errors again (they cross threads as plain data). */
export function parseErrors(outcomes: readonly { errors: ReturnType<XinwenError['toJSON']>[] }[]): XinwenError[] {
  return outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
}

/** Read, parse and convert files on a shard; every error of every file stops the build. */
async function parseOn(shard: ShardHandle, files: string[]): Promise<FileOutcome[]> {
  if (files.length === 0) return [];
  const outcomes = await shard.call<FileOutcome[]>('update', { files, removed: [] });
  const errors = parseErrors(outcomes);
  if (errors.length > 0) throw new XinwenErrors(errors, outcomes.flatMap((outcome) => outcome.warnings));
  return outcomes;
}

/**
 * Bodies for the feeds: those the last build kept, by content key, for
 * articles that did not change, the others from `fallback`. What it gives
 * is kept for the next build.
 */
export class FeedBodies {
  /** Bodies given, by content key, in every variant's script. */
  readonly given = new Map<string, string[]>();

  constructor(
    private readonly kept: ReadonlyMap<string, string[]>,
    private readonly keyOf: ReadonlyMap<string, string | undefined>,
  ) {}

  /** Whether the body of an article's current version is kept. */
  has(file: string): boolean {
    const key = this.keyOf.get(file);
    return key !== undefined && this.kept.has(key);
  }

  source(fallback: BodySource): BodySource {
    return async (files, variant) => {
      const missing = files.filter((file) => !this.has(file));
      const fetched = missing.length > 0 ? await fallback(missing, variant) : [];
      return files.map((file) => {
        const key = this.keyOf.get(file);
        const body = (key !== undefined ? this.kept.get(key)?.[variant] : undefined) ?? fetched[missing.indexOf(file)]!;
        if (key !== undefined) {
          const given = this.given.get(key) ?? [];
          given[variant] = body;
          this.given.set(key, given);
        }
        return body;
      });
    };
  }
}
