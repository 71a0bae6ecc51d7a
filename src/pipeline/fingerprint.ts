import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteFolders } from '../core/site-folders.ts';
import type { StaticFile } from '../write/static-files.ts';

/**
 * Everything a build reads, summed up in one hash: when it equals the hash
 * recorded in the output folder, the output is already what a build would
 * write. Articles, templates and static files count by path, size and
 * modification time (as make and rsync do); settings and the dictionary by
 * content. `--force` rebuilds regardless.
 */
export function buildFingerprint(input: {
  generator: string;
  site: SiteFolders;
  articleFiles: readonly string[];
  staticFiles: readonly StaticFile[];
  options: object;
}): string {
  const hash = createHash('sha1');
  hash.update(`${input.generator}\n${JSON.stringify(input.options)}\n`);
  for (const name of ['site.yaml', 'dictionary.txt']) {
    const file = path.join(input.site.contentDir, name);
    hash.update(`${name}\n`);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  const stamp = (full: string, shown: string) => {
    try {
      const stat = statSync(full);
      if (stat.isFile()) hash.update(`${shown}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${shown}\0unreadable\n`); // a dangling link: the build decides what it means
    }
  };
  for (const file of input.articleFiles) stamp(path.join(input.site.root, file), file);
  for (const file of input.staticFiles) stamp(file.source, `static ${file.file}`);
  for (const dir of input.site.templateDirs) {
    hash.update(`dir ${dir}\n`);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    for (const file of files) stamp(path.join(dir, file), file);
  }
  return hash.digest('hex');
}
