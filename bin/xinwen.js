#!/usr/bin/env node
import v8 from 'node:v8';
import { compiledEntry } from './compile.js';

// V8 lets a heap grow to several times its live data between collections; a build of
// 100,000 articles then needs twice the memory it uses. Growing by 30% keeps peak
// memory near the live data at no measurable cost in time (npm run bench -- --only scale).
v8.setFlagsFromString('--heap-growing-percent=30');
// Build workers (started after this line; the main thread's heap is already set up) collect
// short-lived garbage (page views, page HTML) in a young generation of 8 MB semi-spaces instead
// of 16: 10,000 articles peak ~25 MB lower, at no measurable cost in time.
v8.setFlagsFromString('--max-semi-space-size=8');
// Build workers may collect their garbage at once (worker.ts: after rendering, their copy of the
// site model, 50 MB for 10,000 articles, goes back to the system before the caches are written).
v8.setFlagsFromString('--expose-gc');

const { main } = await import(await compiledEntry());
process.exitCode = await main(process.argv.slice(2));
