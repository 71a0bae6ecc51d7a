import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../core/site-folders.ts';
import { type SerializedError, XinwenError, XinwenErrors } from '../core/errors.ts';
import { Shard, type ShardSetup } from './shard.ts';
import type { ShardCall } from './worker.ts';

/** The calls a shard answers, whether it runs in this thread or in a worker. */
export interface ShardHandle {
  call<T>(method: ShardCall['method'], argument: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * `size` shards: in worker threads when there is more than one, so both cores
 * parse and render; in this thread when there is one (tests, tiny sites, and
 * machines with one core), with the same code path.
 */
export function createShards(setup: ShardSetup, size: number): ShardHandle[] {
  if (size <= 1) return [inProcessShard(setup)];
  return Array.from({ length: size }, () => workerShard(setup));
}

function inProcessShard(setup: ShardSetup): ShardHandle {
  const shard = new Shard(setup);
  return {
    async call<T>(method: ShardCall['method'], argument: unknown) {
      return (shard[method] as (argument: unknown) => unknown).call(shard, argument) as T;
    },
    async close() {},
  };
}

/**
 * Compiled (lib/): the bundled worker. From source (tests run src/ through
 * tsx): an entry that registers tsx in the worker first.
 */
function workerScript(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./worker-entry.js', import.meta.url)
    : pathToFileURL(path.join(PACKAGE_ROOT, 'lib', 'build', 'worker.js'));
}

function workerShard(setup: ShardSetup): ShardHandle {
  const worker = new Worker(workerScript(), { workerData: setup });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  const failAll = (error: unknown) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; result?: unknown; errors?: SerializedError[] }) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.errors) waiting.reject(new XinwenErrors(message.errors.map((e) => XinwenError.fromJSON(e))));
    else waiting.resolve(message.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`a build worker stopped unexpectedly (exit code ${code})`)));
  return {
    call<T>(method: ShardCall['method'], argument: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ id, method, argument } satisfies ShardCall);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
