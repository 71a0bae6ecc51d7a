import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sameTree, treeIdentity } from '../write/output.ts';

/** What the last successful build into an output folder recorded. */
interface BuildRecord {
  fingerprint: string;
  /** Identity of the marker file it wrote: a later build by anyone else makes a new file. */
  markerIno: number;
  markerMtimeMs: number;
  articles: number;
  pages: number;
}

const RECORD_FILE = 'builds.json';
const RECORD_VERSION = 2;

function isRecord(value: unknown): value is BuildRecord {
  const record = value as Partial<BuildRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.fingerprint === 'string' &&
    (['markerIno', 'markerMtimeMs', 'articles', 'pages'] as const).every((key) => typeof record[key] === 'number')
  );
}

function checksumOf(records: Record<string, BuildRecord>): string {
  return createHash('sha256').update(JSON.stringify(records)).digest('hex');
}

/**
 * The records of every output folder built from this site. Read back as
 * untrusted: a file of another layout, a checksum that does not match, or
 * any record of the wrong shape is no record (a full build, never a skipped one).
 */
function readRecords(cacheDir: string): Record<string, BuildRecord> {
  const file = path.join(cacheDir, RECORD_FILE);
  if (!existsSync(file)) return {};
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; checksum?: unknown; records?: unknown } | null;
    if (stored?.version !== RECORD_VERSION || typeof stored.records !== 'object' || stored.records === null) return {};
    const records = stored.records as Record<string, unknown>;
    if (stored.checksum !== checksumOf(records as Record<string, BuildRecord>)) return {};
    return Object.fromEntries(Object.entries(records).filter((entry): entry is [string, BuildRecord] => isRecord(entry[1])));
  } catch {
    return {}; // a damaged record only costs a full build
  }
}

/**
 * The record of the last build into `outDir`, if that output is still the one
 * it wrote and its inputs had the same fingerprint: then nothing needs doing.
 */
export function upToDate(cacheDir: string, outDir: string, fingerprint: string): BuildRecord | undefined {
  const record = readRecords(cacheDir)[path.resolve(outDir)];
  if (!record || record.fingerprint !== fingerprint) return undefined;
  return sameTree(treeIdentity(outDir), { ino: record.markerIno, mtimeMs: record.markerMtimeMs }) ? record : undefined;
}

/** Remember a successful build; failures here only cost the next build its shortcut. */
export function recordBuild(cacheDir: string, outDir: string, fingerprint: string, counts: { articles: number; pages: number }): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const records = readRecords(cacheDir);
    const marker = treeIdentity(outDir);
    if (!marker) return;
    records[path.resolve(outDir)] = { fingerprint, markerIno: marker.ino, markerMtimeMs: marker.mtimeMs, ...counts };
    const file = path.join(cacheDir, RECORD_FILE);
    const stored = { version: RECORD_VERSION, checksum: checksumOf(records), records };
    writeFileSync(`${file}.${process.pid}`, `${JSON.stringify(stored, null, 2)}\n`);
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // A read-only site folder still builds; it just never skips.
  }
}
