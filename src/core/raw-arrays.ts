import { closeSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import v8 from 'node:v8';

/**
 * Plain data holding large typed arrays (a converter's tables: 12 MB of
 * them), written so that reading it back copies them no more: the data
 * v8-serialized with each typed array replaced by its place in the file,
 * then the arrays' bytes as they are in memory. Read back, every array is a
 * view of the buffer the file was read into. v8.deserialize would copy each
 * array into memory of its own, and on a virtual machine the first touch of
 * fresh memory costs about as much as reading it.
 */
const MAGIC = Buffer.from(`xinwen-raw-arrays-1-${endianness()}\n`);
/** Arrays start at a multiple of 8 in the file, so each is aligned for its element size. */
const ALIGN = 8;

type Typed = Int8Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const KINDS = { Int8Array, Uint8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array } as const;
type Kind = keyof typeof KINDS;

/** Where an array was put: its kind, its start in the arrays' part and its length in elements. */
interface Placed {
  '\u0000raw': Kind;
  at: number;
  length: number;
}

/** `value` as the parts of a file, to write one after the other. */
export function packWithArrays(value: unknown): Uint8Array[] {
  const arrays: Uint8Array[] = [];
  let at = 0;
  const place = (item: unknown): unknown => {
    if (ArrayBuffer.isView(item)) {
      const kind = item.constructor.name as Kind;
      if (!(kind in KINDS)) throw new Error(`cannot write a ${kind}`);
      const bytes = new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
      const placed: Placed = { '\u0000raw': kind, at, length: (item as Typed).length };
      arrays.push(bytes);
      const padding = (ALIGN - (bytes.length % ALIGN)) % ALIGN;
      if (padding > 0) arrays.push(new Uint8Array(padding));
      at += bytes.length + padding;
      return placed;
    }
    if (Array.isArray(item)) return item.map(place);
    if (typeof item === 'object' && item !== null) return Object.fromEntries(Object.entries(item).map(([key, each]) => [key, place(each)]));
    return item;
  };
  const skeleton = v8.serialize(place(value));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(skeleton.length, 0);
  head.writeUInt32LE(at, 4);
  const padding = (ALIGN - ((MAGIC.length + head.length + skeleton.length) % ALIGN)) % ALIGN;
  return [MAGIC, head, skeleton, new Uint8Array(padding), ...arrays];
}

/**
 * What `packWithArrays` wrote, from the file's bytes; undefined when they are
 * not such a file or do not hold together (an array beyond the end).
 */
export function unpackWithArrays(file: Buffer): unknown {
  if (file.length < MAGIC.length + 8 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const skeletonLength = file.readUInt32LE(MAGIC.length);
  const arraysLength = file.readUInt32LE(MAGIC.length + 4);
  const skeletonStart = MAGIC.length + 8;
  const arraysStart = skeletonStart + skeletonLength + ((ALIGN - ((skeletonStart + skeletonLength) % ALIGN)) % ALIGN);
  if (arraysStart + arraysLength !== file.length) return undefined;
  // A buffer that does not start at a multiple of 8 in its memory gets an aligned copy (readFileSync's own buffer of a large file does).
  const base = (file.byteOffset + arraysStart) % ALIGN === 0 ? file : Buffer.from(file);
  const restore = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(restore);
    if (typeof item !== 'object' || item === null) return item;
    const placed = item as Partial<Placed>;
    const kind = placed['\u0000raw'];
    if (kind !== undefined) {
      const Type = KINDS[kind];
      const { at, length } = placed;
      if (!Type || typeof at !== 'number' || typeof length !== 'number' || at % ALIGN !== 0 || at + length * Type.BYTES_PER_ELEMENT > arraysLength) throw new RangeError('an array beyond the end');
      return new Type(base.buffer as ArrayBuffer, base.byteOffset + arraysStart + at, length);
    }
    for (const key of Object.keys(item)) (item as Record<string, unknown>)[key] = restore((item as Record<string, unknown>)[key]);
    return item;
  };
  try {
    return restore(v8.deserialize(base.subarray(skeletonStart, skeletonStart + skeletonLength)));
  } catch {
    return undefined;
  }
}

/** Write a file from parts, one after the other (joined, large parts would be copied once more). */
export function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const descriptor = openSync(file, 'w');
  try {
    for (const part of parts) for (let done = 0; done < part.length; ) done += writeSync(descriptor, part, done);
  } finally {
    closeSync(descriptor);
  }
}
