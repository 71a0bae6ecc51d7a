import { parentPort, workerData } from 'node:worker_threads';
import { asXinwenErrors } from '../core/errors.ts';
import { setLanguage } from '../core/language.ts';
import { Shard, type ShardSetup } from './shard.ts';

/** A worker thread holds one Shard and answers the pool's calls in order. */
export interface ShardCall {
  id: number;
  method: 'parse' | 'convert' | 'update' | 'compile' | 'compiledTemplates' | 'useTemplates' | 'reloadTemplates' | 'useImages' | 'views' | 'forgetViews' | 'render' | 'saveCache' | 'bodies' | 'searchDocs' | 'linkSpare';
  argument: unknown;
}

const setup = workerData as ShardSetup;
setLanguage(setup.language);
const shard = new Shard(setup);

async function answer(call: ShardCall): Promise<void> {
  try {
    const method = shard[call.method] as (argument: unknown) => unknown;
    const result = await method.call(shard, call.argument);
    // The model copy the views were made from is garbage now: collected at once, its pages go back to the
    // system before the cache is written (bin/xinwen.js exposes gc to workers), instead of staying in the heap.
    if (call.method === 'forgetViews') (globalThis as { gc?: () => void }).gc?.();
    parentPort!.postMessage({ id: call.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: call.id, errors: asXinwenErrors(error).map((e) => e.toJSON()) });
  }
}

// One call at a time, in order: interleaved render batches would only compete for the same core.
let queue = Promise.resolve();
parentPort!.on('message', (call: ShardCall) => {
  queue = queue.then(() => answer(call));
});
