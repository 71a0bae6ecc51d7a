import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { say } from '../../core/language.ts';
import type { SourceSite } from './source-site.ts';
import { copy } from './write-files.ts';

/** Where a post's photos can be: its own folder's files, and the old site's. */
export interface PhotoPlace {
  /** Files of the post's own folder (a bundle, an asset folder), relative to it. */
  assets: string[];
  source: SourceSite;
  /** xinwen's site folder, whose public/ receives the old site's photos. */
  root: string;
  dryRun: boolean;
}

/**
 * Local photos of the body: a file of the post's own folder stays beside
 * the article; a file of the old site's root (`/img/a.png`) is copied into
 * public/; one that cannot be found points at the old site, where it still
 * is (with a warning), so the build does not stop on it.
 */
export function localImages(body: string, plan: PhotoPlace, warnings: string[]): string {
  let copied = 0;
  const linked: string[] = [];
  const result = body.replace(/(!\[[^\]]*\]\()(<[^>]+>|[^)\s]+)((?:\s+"[^"]*")?\))/g, (whole, start: string, address: string, end: string) => {
    const found = localImage(address.replace(/^<|>$/g, ''), plan);
    if (found.kind === 'remote') return whole;
    if (found.kind === 'asset') return `${start}${found.path}${end}`;
    if (found.kind === 'public') {
      copied++;
      return `${start}${found.path}${end}`;
    }
    linked.push(address);
    return found.url ? `${start}${found.url}${end}` : whole;
  });
  if (copied > 0) warnings.push(say(`${copied} 张图片从原网站复制到了 public/`, `${copied} image(s) copied from the old site into public/`));
  if (linked.length > 0) {
    warnings.push(
      plan.source.url
        ? say(`图片在原网站的文件夹里找不到，改为链接到原网站：${linked.join(' ')}`, `images not found in the old site's folder now link to the old site: ${linked.join(' ')}`)
        : say(`图片找不到：${linked.join(' ')}；请把它们复制到 public/`, `images not found: ${linked.join(' ')}; copy them into public/`),
    );
  }
  return result;
}

type FoundImage = { kind: 'remote' } | { kind: 'asset'; path: string } | { kind: 'public'; path: string } | { kind: 'missing'; url?: string };

function localImage(address: string, plan: PhotoPlace): FoundImage {
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(address)) return { kind: 'remote' };
  // Hugo themes put layout hints after `#` (a.png#center); a file name never has them.
  const file = decodeURIComponent(address.replace(/[?#].*$/, ''));
  if (!file.startsWith('/') && plan.assets.includes(file.replace(/^\.\//, ''))) return { kind: 'asset', path: file.replace(/^\.\//, '') };
  const fromRoot = file.replace(/^\/+/, '');
  const { staticDir, url } = plan.source;
  if (file.startsWith('/') && staticDir && fromRoot !== '' && existsSync(path.join(staticDir, fromRoot)) && statSync(path.join(staticDir, fromRoot)).isFile()) {
    const target = path.join(plan.root, 'public', fromRoot);
    if (!plan.dryRun && !existsSync(target)) copy(path.join(staticDir, fromRoot), target);
    return { kind: 'public', path: file };
  }
  return { kind: 'missing', url: url && file.startsWith('/') ? `${url.replace(/\/+$/, '')}/${fromRoot}` : undefined };
}

/** The cover: a URL, or a photo of the post's own folder; a Hugo bundle's `featured.*` when none is named. */
export function coverOf(named: string | undefined, plan: PhotoPlace, warnings: string[]): string | undefined {
  if (named !== undefined) {
    if (/^https?:\/\//i.test(named)) return named;
    const found = localImage(named.startsWith('/') || plan.assets.includes(named) ? named : `/${named}`, plan);
    if (found.kind === 'asset' || found.kind === 'public') return found.path;
    if (found.kind === 'missing' && found.url) {
      warnings.push(say(`封面图 ${named} 在原网站的文件夹里找不到，改为链接到原网站`, `the cover ${named} is not in the old site's folder: it links to the old site`));
      return found.url;
    }
    warnings.push(say(`封面图 ${named} 找不到，没有用`, `the cover ${named} was not found; not used`));
    return undefined;
  }
  return plan.assets.find((asset) => /^(featured|cover)[^/]*\.(jpe?g|png|webp|avif)$/i.test(asset));
}
