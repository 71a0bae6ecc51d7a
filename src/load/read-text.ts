import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { XinwenError } from '../core/errors.ts';

/**
 * Reading the site's text files (articles, site.yaml, dictionary.txt): every
 * way this fails becomes a XinwenError naming the file, never a raw Node error.
 */

/** The bytes of `full`; `file` is the path shown to the user. */
export function readBytes(full: string, file: string): Buffer {
  try {
    return readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new XinwenError('load/unreadable', `cannot read the file (${code ?? (error as Error).message})`, {
      file,
      hint:
        code === 'EACCES' || code === 'EPERM'
          ? 'Give your user read permission on it (chmod a+r).'
          : code === 'EISDIR'
            ? 'This is a folder; the file must be a plain text file.'
            : 'Check that the file exists and is a plain file that can be opened (not a broken link or a device).',
    });
  }
}

/** `bytes` as text; bytes that are not UTF-8 are an error on the line where they first occur. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const offset = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, offset);
  let line = 1;
  for (const byte of before) if (byte === 0x0a) line++;
  const hex = bytes[offset]!.toString(16).toUpperCase();
  throw new XinwenError('load/not-utf8', `the file is not UTF-8 text (byte 0x${hex} on line ${line}, shown as �)`, {
    file,
    line,
    source: bytes.toString('utf8'),
    hint: 'Save it as UTF-8 (in most editors: Save with Encoding → UTF-8). Files from old CMSes are often GBK or Big5: iconv -f GBK -t UTF-8 old.md > new.md converts one.',
  });
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    // Length of the sequence and the allowed range of its second byte (no overlongs, no surrogates, ≤ U+10FFFF).
    let length = 1;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      if (k === 1 ? next < low || next > high : next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
