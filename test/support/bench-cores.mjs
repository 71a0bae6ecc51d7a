// How much a second thread adds on this machine for the kind of work a build
// does: many small, short-lived objects (a parsed article, a page view, a
// page's HTML). `one` runs the work on one thread; `two` runs the same work
// on two threads at once (this one and a worker). Prints each thread's ms.
// Plain JavaScript: a worker thread on Node 20 would not inherit tsx.
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const OBJECTS = 3_000_000;

function work() {
  const begin = performance.now();
  let kept = [];
  for (let i = 0; i < OBJECTS; i++) {
    kept.push({ title: `article ${i}`, tags: [i, i + 1, i + 2], meta: { views: i } });
    if (kept.length > 200_000) kept = []; // some survive a while, as parsed articles do
  }
  return performance.now() - begin;
}

if (isMainThread) {
  if (process.argv[2] === 'two') {
    const worker = new Worker(new URL(import.meta.url));
    // Both start together, once the worker is up.
    await new Promise((resolve) => worker.once('message', resolve));
    const theirs = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('go');
    const mine = work();
    process.stdout.write(`${JSON.stringify([mine, await theirs])}\n`);
    await worker.terminate();
  } else {
    process.stdout.write(`${JSON.stringify([work()])}\n`);
  }
} else {
  parentPort.once('message', () => parentPort.postMessage(work()));
  parentPort.postMessage('ready');
}
