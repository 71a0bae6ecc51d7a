#!/usr/bin/env node
import { compiledEntry } from './compile.js';

const { main } = await import(await compiledEntry());
process.exitCode = await main(process.argv.slice(2));
