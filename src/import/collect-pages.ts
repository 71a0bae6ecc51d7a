import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../core/errors.ts';
import { comparePaths } from '../load/content-files.ts';
import { say } from '../core/language.ts';

const PAGE_FILE = /\.(html?|shtml|xhtml|txt)$/i;
/** `page_files/` beside a page saved "complete" holds its images, scripts and ad frames: not pages. */
const SAVED_ASSETS = /[._]files$/i;

/** A page to import, or why a name on the command line is none. */
export type PageInput = { page: string; full: string } | { page: string; error: XinwenError };

/** A path as shown to the user: relative to the current folder. */
export function shown(full: string): string {
  return path.relative(process.cwd(), full) || '.';
}

/** The pages named and the pages in the folders named (recursively), each once, folders' pages in path order. */
export function collectPages(inputs: string[]): PageInput[] {
  const out: PageInput[] = [];
  const seen = new Set<string>();
  const add = (full: string) => {
    if (seen.has(full)) return;
    seen.add(full);
    out.push({ page: shown(full), full });
  };
  for (const input of inputs) {
    const full = path.resolve(input);
    let isFolder = false;
    try {
      isFolder = statSync(full).isDirectory();
    } catch {
      out.push({
        page: input,
        error: new XinwenError('import/missing', say('没有这个文件或文件夹', 'no such file or folder'), {
          file: input,
          hint: say('检查路径；请写保存下来的网页（.html、.htm、.txt）或放网页的文件夹。', 'Check the path; name saved pages (.html, .htm, .txt) or folders of them.'),
        }),
      });
      continue;
    }
    if (!isFolder) add(full);
    else for (const file of pagesIn(full)) add(file);
  }
  return out;
}

function pagesIn(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => comparePaths(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SAVED_ASSETS.test(entry.name)) walk(full);
      } else if (entry.isFile() && PAGE_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(folder);
  return found;
}

