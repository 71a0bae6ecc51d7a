import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where xinwen itself is installed: its built-in templates and public files
 * live there. Found by walking up to package.json, because this code runs both
 * from src/ and bundled into lib/.
 */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`xinwen's package folder not found above ${start}`);
  }
}

/** A folder whose files are published verbatim, and the folder its symbolic links must stay inside. */
export interface StaticFolder {
  dir: string;
  within: string;
  /** How its files are named to the user, e.g. `public/`. */
  shown: string;
}

/** The folders of a site, resolved to absolute paths. */
export interface SiteFolders {
  root: string;
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  /** Template folders in lookup order: the site's own first, then the built-in theme. */
  templateDirs: string[];
  /** Static folders in copy order: the built-in theme first, so the site's own files win. */
  staticFolders: StaticFolder[];
}

export function siteFolders(root: string): SiteFolders {
  const absolute = path.resolve(root);
  const templatesDir = path.join(absolute, 'templates');
  const publicDir = path.join(absolute, 'public');
  const builtinTemplates = path.join(PACKAGE_ROOT, 'templates');
  const builtinPublic = path.join(PACKAGE_ROOT, 'public');
  return {
    root: absolute,
    contentDir: path.join(absolute, 'content'),
    templatesDir,
    publicDir,
    templateDirs: unique([existsSync(templatesDir) ? templatesDir : undefined, builtinTemplates]),
    staticFolders: [
      { dir: builtinPublic, within: path.join(PACKAGE_ROOT, 'public'), shown: 'xinwen/public/' },
      ...(publicDir === builtinPublic ? [] : [{ dir: publicDir, within: absolute, shown: 'public/' }]),
    ],
  };
}

function unique(dirs: (string | undefined)[]): string[] {
  return [...new Set(dirs.filter((dir): dir is string => dir !== undefined))];
}
