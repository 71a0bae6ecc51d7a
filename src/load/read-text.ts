import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';

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
    throw new XinwenError('load/unreadable', say(`无法读取这个文件（${code ?? (error as Error).message}）`, `cannot read the file (${code ?? (error as Error).message})`), {
      file,
      hint:
        code === 'EACCES' || code === 'EPERM'
          ? say('给当前用户读取它的权限（chmod a+r）。', 'Give your user read permission on it (chmod a+r).')
          : code === 'EISDIR'
            ? say('这是一个文件夹；这里应该是一个纯文本文件。', 'This is a folder; the file must be a plain text file.')
            : say(
                '确认这个文件存在，而且是一个能打开的普通文件（不是失效的链接，也不是设备）。',
                'Check that the file exists and is a plain file that can be opened (not a broken link or a device).',
              ),
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
  throw new XinwenError('load/not-utf8', say(
      `这个文件不是 UTF-8 编码的文本（第 ${line} 行有字节 0x${hex}，显示为 �）`,
      `the file is not UTF-8 text (byte 0x${hex} on line ${line}, shown as �)`,
    ), {
    file,
    line,
    source: bytes.toString('utf8'),
    hint: say(
      '用 UTF-8 编码重新保存它（大多数编辑器里是“另存为”→ 编码选 UTF-8）。从旧网站系统导出的文件常是 GBK 或 Big5 编码，可以用 iconv -f GBK -t UTF-8 old.md > new.md 转换。',
      'Save it as UTF-8 (in most editors: Save with Encoding → UTF-8). Files from old CMSes are often GBK or Big5: iconv -f GBK -t UTF-8 old.md > new.md converts one.',
    ),
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
