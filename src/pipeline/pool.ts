import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../core/site-folders.ts';
import { type SerializedError, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { ScriptConverter } from '../convert/script-converter.ts';
import { Shard, type ShardSetup } from './shard.ts';
import type { ShardCall } from './worker.ts';
import { say } from '../core/language.ts';

/** The calls a shard answers, whether it runs in this thread or in a worker. */
export interface ShardHandle {
  /** True for the shard in this thread, which is handed arguments as they are, not copies. */
  readonly local: boolean;
  call<T>(method: ShardCall['method'], argument: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * `size` shards: the first in this thread, the others in worker threads, so
 * every core parses and renders and no core holds an idle copy of the
 * libraries. (This thread has little else to do meanwhile: it waits while
 * shards parse, and makes page views between render batches.)
 */
export function createShards(setup: (index: number, count: number) => ShardSetup, size: number, converter: ScriptConverter): ShardHandle[] {
  const count = Math.max(1, size);
  return Array.from({ length: count }, (_, index) => (index === 0 ? inProcessShard(setup(0, count), converter) : workerShard(setup(index, count))));
}

/** The shard of this thread shares this thread's converter: OpenCC's dictionaries are loaded once per thread. */
function inProcessShard(setup: ShardSetup, converter: ScriptConverter): ShardHandle {
  const shard = new Shard(setup, converter);
  return {
    local: true,
    call<T>(method: ShardCall['method'], argument: unknown) {
      // Start on the next turn, so calls to the worker shards made in the same turn are posted first and run alongside.
      return new Promise<T>((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve((shard[method] as (argument: unknown) => T).call(shard, argument));
          } catch (error) {
            reject(error);
          }
        });
      });
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
    : pathToFileURL(path.join(PACKAGE_ROOT, 'lib', 'pipeline', 'worker.js'));
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
  worker.on('exit', (code) => failAll(new Error(say(`一个生成线程意外停止了（退出码 ${code}）`, `a build worker stopped unexpectedly (exit code ${code})`))));
  return {
    local: false,
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
