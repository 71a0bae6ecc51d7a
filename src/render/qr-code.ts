// The one module that knows the QR library (qrcode, MIT): its encoder only, not its renderers, which
// would bring pngjs along. The core is CommonJS without types of its own.
import qrcodeCore from 'qrcode/lib/core/qrcode.js';


/** White modules around the symbol, as the standard asks: readers need the quiet zone to find it. */
const QUIET_ZONE = 4;

/**
 * A QR code of `text` as an inline SVG: one path of horizontal runs, one
 * unit a module, scaled by CSS. Made at build time, so the page asks no
 * outside service for it. Level M (15 % of the symbol may be lost) reads
 * from a screen and from paper; one byte segment and a fixed mask make a
 * page's code in ~0.03 ms instead of ~0.5 ms (the library tries all eight
 * masks), and a reader decodes any mask.
 */
export function qrCodeSvg(text: string, label: string): string {
  const { size, data } = qrcodeCore.create([{ data: text, mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 }).modules;
  let path = '';
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!data[row * size + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && data[row * size + column]) column++;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${column - start}v1h${start - column}z`;
    }
  }
  const box = size + 2 * QUIET_ZONE;
  return (
    `<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" role="img" aria-label="${escapeAttribute(label)}" shape-rendering="crispEdges">` +
    `<rect width="${box}" height="${box}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
