/**
 * URLs that run code or reach the reader's disk when followed: `javascript:`,
 * `vbscript:`, `file:` and `data:` (except the raster images markdown-it also
 * lets through). The same rule as markdown-it's `validateLink`, read the way
 * a browser reads a URL: leading and trailing spaces and control characters
 * are ignored and tabs and line breaks inside are dropped, so `java&#9;script:`
 * (decoded) and ` JavaScript:` count too.
 */
const BAD_SCHEME = /^(javascript|vbscript|file|data):/;
const IMAGE_DATA = /^data:image\/(gif|png|jpeg|webp);/;

/** The scheme (`javascript`…) when `url` must never be emitted, else undefined. */
export function unsafeUrlScheme(url: string): string | undefined {
  const normalized = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '').toLowerCase();
  const bad = BAD_SCHEME.exec(normalized);
  if (!bad || IMAGE_DATA.test(normalized)) return undefined;
  return bad[1];
}
