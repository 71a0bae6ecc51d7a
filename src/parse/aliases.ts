import { say } from '../core/language.ts';

/**
 * Old addresses of an article (front matter `aliases`, Jekyll's
 * `redirect_from`): site paths at which a page sends the reader to the
 * article, so links to a migrated site keep working. Each is written as a
 * file of the output, so it must stay inside it.
 */

/** Why a written alias cannot be an address of the site, or undefined when it can. */
export function aliasProblem(written: string): string | undefined {
  if (!written.startsWith('/') || written.startsWith('//')) return say('它要以一个 / 开头（本站里的路径，不是完整网址）', 'it must start with one / (a path of this site, not a full URL)');
  // Checked on the decoded path too: `%2e%2e` is `..` to a web server.
  let decoded = written;
  try {
    decoded = decodeURI(written);
  } catch {
    return say('里面的 % 编码不对', 'its % escapes are not valid');
  }
  const path = decoded.replace(/[?#].*$/, '');
  if (/[\\\u0000-\u001f\u007f<>"']/.test(path)) return say('里面有 \\、引号、尖括号或控制字符', 'it contains \\, a quote, an angle bracket or a control character');
  if (path.split('/').some((part) => part === '.' || part === '..')) return say('里面有 `.` 或 `..` 这样的一段', 'it has a `.` or `..` segment');
  if (path === '/' || path === '/index.html') return say('它是网站的首页', 'it is the home page');
  const last = path.split('/').pop()!;
  if (/\.[A-Za-z0-9]+$/.test(last) && !/\.html$/.test(last)) return say('以文件扩展名结尾的地址只能是 .html', 'an address ending in a file extension must end in .html');
  return undefined;
}

/** The site path an alias is published at: decoded, without query, `/a/b` as the folder `/a/b/`, `x.html` as written. */
export function normalizeAlias(written: string): string {
  const path = decodeURI(written).replace(/[?#].*$/, '').replace(/\/{2,}/g, '/');
  return /\.html$/.test(path) || path.endsWith('/') ? path : `${path}/`;
}
