import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packWithArrays, unpackWithArrays, writeParts } from '../src/core/raw-arrays.ts';
import { tempDir } from './support/site.ts';

/** Data with typed arrays written by src/core/raw-arrays.ts (the converters' kept tables) comes back equal, its arrays views of the file's bytes. */
describe('typed arrays kept as they are in memory', () => {
  const value = {
    from: 'cn',
    nested: { slots: new Int32Array([1, -2, 3]), units: new Uint16Array([0x4e2d, 0x6587]), costs: new Float64Array([0.5, 12.25]) },
    list: [new Uint8Array([1, 2, 3, 4, 5]), null, undefined, '中文'],
    count: 3,
  };
  const file = path.join(tempDir(), 'tables.bin');
  writeParts(file, packWithArrays(value));

  it('reads back what was written, each array a view of the bytes read, not a copy', () => {
    const bytes = readFileSync(file);
    const read = unpackWithArrays(bytes) as typeof value;
    assert.deepEqual(read, value);
    assert.equal(read.nested.slots.buffer, bytes.buffer);
    assert.equal(read.list[0] instanceof Uint8Array && read.list[0].buffer, bytes.buffer);
  });

  it('reads bytes that do not start at a multiple of 8 in their memory (then copied once)', () => {
    const bytes = readFileSync(file);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    assert.deepEqual(unpackWithArrays(shifted.subarray(3)), value);
  });

  it('is no data when the file is cut short, longer, or of another kind', () => {
    const bytes = readFileSync(file);
    assert.equal(unpackWithArrays(bytes.subarray(0, bytes.length - 8)), undefined);
    assert.equal(unpackWithArrays(Buffer.concat([bytes, Buffer.alloc(8)])), undefined);
    assert.equal(unpackWithArrays(Buffer.from('not a table file at all')), undefined);
  });
});
