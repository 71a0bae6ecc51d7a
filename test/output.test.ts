import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import fs, { linkSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commitOutput, copyOutputFile, writeOutputFile } from '../src/write/output.ts';
import { tempDir } from './support/site.ts';

/**
 * What the README promises of the swap: the new output is on the disk before
 * it replaces the old one, and the folder holding both is flushed after.
 * The calls are recorded as they happen (the functions are wrapped, not
 * replaced), and their order is the promise.
 */
function recording(): { calls: string[]; restore(): void } {
  const calls: string[] = [];
  const { spawnSync } = childProcess;
  const { renameSync, fsyncSync, openSync } = fs;
  const opened = new Map<number, string>();
  childProcess.spawnSync = ((command: string, args: string[], options: object) => {
    calls.push(`${command} ${args.join(' ')}`);
    return spawnSync(command, args, options);
  }) as typeof childProcess.spawnSync;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    calls.push(`rename ${path.basename(String(from))} → ${path.basename(String(to))}`);
    return renameSync(from, to);
  }) as typeof fs.renameSync;
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    const descriptor = (openSync as (...args: unknown[]) => number)(file, ...rest);
    opened.set(descriptor, String(file));
    return descriptor;
  }) as typeof fs.openSync;
  fs.fsyncSync = ((descriptor: number) => {
    calls.push(`fsync ${opened.get(descriptor)}`);
    return fsyncSync(descriptor);
  }) as typeof fs.fsyncSync;
  syncBuiltinESMExports();
  return {
    calls,
    restore() {
      Object.assign(childProcess, { spawnSync });
      Object.assign(fs, { renameSync, fsyncSync, openSync });
      syncBuiltinESMExports();
    },
  };
}

function outputs(): { temp: string; out: string } {
  const parent = tempDir();
  const out = path.join(parent, 'dist');
  const temp = path.join(parent, '.dist.xinwen-tmp-1');
  mkdirSync(path.join(out, 'news'), { recursive: true });
  writeFileSync(path.join(out, 'news', 'index.html'), 'old');
  mkdirSync(path.join(temp, 'news'), { recursive: true });
  writeFileSync(path.join(temp, 'news', 'index.html'), 'new');
  return { temp, out };
}

describe('the swap of a finished output', () => {
  it('flushes the new output to the disk before the renames, and the parent folder after', () => {
    const { temp, out } = outputs();
    const record = recording();
    try {
      commitOutput(temp, out, { durable: true });
    } finally {
      record.restore();
    }
    const calls = record.calls.filter((call) => !call.startsWith('rm '));
    assert.equal(calls[0], `sync -f ${temp}`);
    assert.match(calls[1]!, /^rename dist → \.dist\.xinwen-old-\d+-[0-9a-f]+$/);
    assert.equal(calls[2], 'rename .dist.xinwen-tmp-1 → dist');
    assert.equal(calls.at(-1), `fsync ${path.dirname(out)}`);
    assert.equal(readFileSync(path.join(out, 'news', 'index.html'), 'utf8'), 'new');
  });

  it('where `sync -f` is not to be had, fsyncs every file and folder of the new output first', () => {
    const { temp, out } = outputs();
    const savedPath = process.env.PATH;
    const record = recording();
    try {
      process.env.PATH = '/nonexistent';
      commitOutput(temp, out, { durable: true });
    } finally {
      process.env.PATH = savedPath;
      record.restore();
    }
    const firstRename = record.calls.findIndex((call) => call.startsWith('rename'));
    const flushed = record.calls.slice(0, firstRename).filter((call) => call.startsWith('fsync')).map((call) => path.relative(path.dirname(out), call.slice(6)));
    assert.deepEqual(flushed.sort(), ['.dist.xinwen-tmp-1', '.dist.xinwen-tmp-1/news', '.dist.xinwen-tmp-1/news/index.html'].sort());
  });

  it('with --no-sync (durable: false), only renames', () => {
    const { temp, out } = outputs();
    const record = recording();
    try {
      commitOutput(temp, out, { durable: false });
    } finally {
      record.restore();
    }
    assert.deepEqual(
      record.calls.filter((call) => !call.startsWith('rename') && !call.startsWith('rm ')),
      [],
    );
  });
});

describe('writing into an output that shares files with the previous one', () => {
  it('replaces a hard-linked file instead of writing into it, so the other name keeps its bytes', () => {
    const parent = tempDir();
    const previous = path.join(parent, 'previous.html');
    const output = path.join(parent, 'out');
    mkdirSync(path.join(output, 'news'), { recursive: true });
    writeFileSync(previous, 'old page');
    linkSync(previous, path.join(output, 'news', 'index.html'));
    writeOutputFile(output, 'news/index.html', 'new page');
    assert.equal(readFileSync(previous, 'utf8'), 'old page');
    assert.equal(readFileSync(path.join(output, 'news', 'index.html'), 'utf8'), 'new page');
    assert.notEqual(statSync(path.join(output, 'news', 'index.html')).ino, statSync(previous).ino);

    const source = path.join(parent, 'logo.png');
    writeFileSync(source, 'new logo');
    writeFileSync(path.join(parent, 'old-logo.png'), 'old logo');
    linkSync(path.join(parent, 'old-logo.png'), path.join(output, 'logo.png'));
    copyOutputFile(output, source, 'logo.png');
    assert.equal(readFileSync(path.join(parent, 'old-logo.png'), 'utf8'), 'old logo');
    assert.equal(readFileSync(path.join(output, 'logo.png'), 'utf8'), 'new logo');
    assert.deepEqual(fs.readdirSync(output).sort(), ['logo.png', 'news'], 'no temporary file left');
  });

  it('makes the folders a new file needs, but never the output folder itself', () => {
    const output = path.join(tempDir(), 'out');
    mkdirSync(output);
    writeOutputFile(output, 'a/b/c.html', 'deep');
    assert.equal(readFileSync(path.join(output, 'a', 'b', 'c.html'), 'utf8'), 'deep');
    assert.throws(() => writeOutputFile(path.join(output, 'gone'), 'x.html', 'lost'), /was removed while the build was writing/);
  });
});
