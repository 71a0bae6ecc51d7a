import path from 'node:path';
import { statSync } from 'node:fs';
import { watch } from 'chokidar';

/** What changed, as the dev server needs to know it. */
export type ChangeKind = 'article' | 'template' | 'static' | 'restart';

/**
 * The one place chokidar is used: watch a site's content/, templates/ and
 * public/, and report each burst of changes once, after `quietMs` without a
 * new one (an editor's save is often several events).
 */
export function watchSite(
  dirs: { content: string; templates: string; public: string },
  quietMs: number,
  onChange: (kinds: Set<ChangeKind>, files: string[]) => void,
): { ready: Promise<void>; close(): Promise<void> } {
  const roots = [dirs.content, dirs.templates, dirs.public];
  // Hidden files and folders inside the site (editors' swap files, .git) are not content;
  // only the part below a watched folder counts, so a site inside ~/.sites/ is still watched.
  const hidden = (file: string) => {
    const root = roots.find((dir) => file === dir || file.startsWith(dir + path.sep));
    return root !== undefined && /(^|[/\\])\.[^/\\]/.test(file.slice(root.length));
  };
  // atomic: false, or chokidar holds back each removal for 100 ms; the rebuild looks at the files as they are anyway.
  const watcher = watch(roots, { ignoreInitial: true, ignored: hidden, awaitWriteFinish: false, atomic: false });
  let timer: NodeJS.Timeout | undefined;
  let kinds = new Set<ChangeKind>();
  let files: string[] = [];
  const onPath = (file: string) => {
    const normalized = file.replace(/\\/g, '/');
    if (normalized.startsWith(dirs.templates.replace(/\\/g, '/'))) kinds.add('template');
    else if (/\/content\/(site\.yaml|dictionary\.txt)$/.test(normalized)) kinds.add('restart');
    else if (normalized.startsWith(dirs.public.replace(/\\/g, '/'))) kinds.add('static');
    else kinds.add('article');
    files.push(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const burst = kinds;
      const changed = files;
      kinds = new Set();
      files = [];
      onChange(burst, changed);
    }, quietMs);
  };
  watcher.on('all', (_event, file) => onPath(file));
  // chokidar is late or silent in two cases its raw events are not: a new or removed file reaches
  // 'add' / 'unlink' only after it rescans the folder (50 ms for a folder of a thousand articles), and
  // a second 'change' of one file within 50 ms of the first is dropped (its throttle), so a quick second
  // save would never be built. The raw event names the file at once. The rebuild looks at the file as
  // it is, so hearing of it twice costs nothing.
  watcher.on('raw', (event, name, details) => {
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if ((event !== 'rename' && event !== 'change') || typeof watched !== 'string' || typeof name !== 'string' || name === '') return;
    const file = path.basename(watched) === name ? watched : path.join(watched, name);
    if (event === 'rename' && !/\.md$/i.test(name)) return; // folders and other files come and go through chokidar
    if (event === 'change' && !isFile(file)) return; // a folder's own change says nothing new
    if (roots.some((dir) => file.startsWith(dir + path.sep)) && !hidden(file)) onPath(file);
  });
  // chokidar reports 'ready' a moment before its last watches are live: a save right then is missed.
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => setTimeout(resolve, 500)));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
