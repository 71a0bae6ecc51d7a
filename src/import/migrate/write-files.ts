import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../../core/errors.ts';
import { say } from '../../core/language.ts';
import { shown } from '../collect-pages.ts';

/** Write an article; a new one never replaces a file that appeared meanwhile. */
export function write(file: string, text: string, isNew: boolean): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, isNew ? { flag: 'wx' } : {});
  } catch (error) {
    throw unwritable(file, error);
  }
}

export function copy(from: string, to: string): void {
  try {
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
  } catch (error) {
    throw unwritable(to, error);
  }
}

function unwritable(file: string, error: unknown): XinwenError {
  const code = (error as NodeJS.ErrnoException).code;
  return new XinwenError('import/unwritable', say(`无法写入 ${shown(file)}（${code ?? (error as Error).message}）`, `cannot write ${shown(file)} (${code ?? (error as Error).message})`), {
    file: shown(file),
    hint: say('确认文件夹存在，而且你有权限往里面写文件。', 'Check that the folder exists and that you may write in it.'),
  });
}
