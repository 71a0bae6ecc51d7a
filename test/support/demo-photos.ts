/**
 * Makes the demo site's photos (content/news/2025-11-05-digital-expo/ and content/news/covers/): drawn
 * with SVG and encoded by sharp, so the demo carries no photo of anyone
 * else. Run once with `node --import tsx test/support/demo-photos.ts`; the
 * files it writes are committed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PROJECT } from './site.ts';

const FONT = "'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif";

/** A scene: a sky-to-floor gradient, some shapes, a line of text on a banner. */
function scene(width: number, height: number, colours: [string, string], shapes: string, banner?: { text: string; y: number; size: number }): string {
  const text = banner
    ? `<rect x="0" y="${banner.y - banner.size * 1.1}" width="${width}" height="${banner.size * 1.6}" fill="#b3261e" opacity="0.92"/>
       <text x="${width / 2}" y="${banner.y}" font-family="${FONT}" font-size="${banner.size}" fill="#fff" text-anchor="middle" font-weight="bold">${banner.text}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours[0]}"/><stop offset="1" stop-color="${colours[1]}"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/>${shapes}${text}</svg>`;
}

/** People as simple figures standing in a row. */
function people(count: number, y: number, scale: number, width: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const x = ((i + 0.5) * width) / count + Math.sin(i * 7) * 20;
    const hue = (i * 47) % 360;
    out += `<circle cx="${x}" cy="${y - 120 * scale}" r="${22 * scale}" fill="#f1c9a5"/>
      <rect x="${x - 30 * scale}" y="${y - 95 * scale}" width="${60 * scale}" height="${95 * scale}" rx="${14 * scale}" fill="hsl(${hue},45%,35%)"/>`;
  }
  return out;
}

async function write(svg: string, file: string, quality = 82): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(svg)).jpeg({ quality }).toFile(file);
}

const expo = path.join(PROJECT, 'content', 'news', '2025-11-05-digital-expo');
const covers = path.join(PROJECT, 'content', 'news', 'covers');

await write(
  scene(1600, 1000, ['#dfe9f5', '#8c9bb0'],
    `<rect x="180" y="180" width="1240" height="520" fill="#1f4e8c"/><rect x="240" y="240" width="520" height="300" fill="#e8f1fb"/>
     <rect x="840" y="240" width="520" height="300" fill="#e8f1fb"/><path d="M280 500 L380 400 L470 460 L560 330 L700 420" stroke="#1f4e8c" stroke-width="14" fill="none"/>
     <circle cx="1100" cy="390" r="110" fill="none" stroke="#b3261e" stroke-width="40" stroke-dasharray="420 300"/>${people(9, 980, 1.6, 1600)}`,
    { text: '亿联网络 · 数字政府与智慧社区解决方案', y: 160, size: 56 }),
  path.join(expo, 'booth.jpg'),
);
await write(
  scene(900, 1350, ['#f6f1e7', '#d9cbb2'],
    `<rect x="150" y="80" width="600" height="1180" rx="8" fill="#ffffff" stroke="#b3261e" stroke-width="10"/>
     <text x="450" y="240" font-family="${FONT}" font-size="64" text-anchor="middle" fill="#b3261e" font-weight="bold">社区网格</text>
     <text x="450" y="330" font-family="${FONT}" font-size="64" text-anchor="middle" fill="#b3261e" font-weight="bold">一张网</text>
     <rect x="220" y="420" width="460" height="300" fill="#e8f1fb"/><path d="M240 700 L330 560 L420 640 L520 480 L660 600" stroke="#1f4e8c" stroke-width="12" fill="none"/>
     <text x="450" y="820" font-family="${FONT}" font-size="40" text-anchor="middle" fill="#333">事件上报 · 分派 · 办结</text>
     <text x="450" y="890" font-family="${FONT}" font-size="40" text-anchor="middle" fill="#333">全程可追溯</text>
     <rect x="270" y="980" width="360" height="200" fill="#1f4e8c"/><text x="450" y="1095" font-family="${FONT}" font-size="44" text-anchor="middle" fill="#fff">扫码体验</text>`),
  path.join(expo, 'rollup.jpg'),
);
await write(
  scene(1600, 900, ['#fbf7f0', '#c9b89a'],
    `<rect x="200" y="520" width="1200" height="60" fill="#7a4a2a"/><rect x="240" y="580" width="40" height="320" fill="#5c3820"/><rect x="1320" y="580" width="40" height="320" fill="#5c3820"/>
     <rect x="520" y="470" width="200" height="60" fill="#fff"/><rect x="880" y="470" width="200" height="60" fill="#fff"/><g transform="translate(300,0)">${people(2, 470, 1.9, 1000)}</g>`,
    { text: '数字经济项目签约仪式', y: 140, size: 64 }),
  path.join(expo, 'signing.jpg'),
);

const coverScenes: [string, [string, string], string][] = [
  ['dahongshan.jpg', ['#9fd0e8', '#3f7a3a'], '<path d="M0 520 L300 260 L520 420 L820 180 L1200 480 L1200 675 L0 675 Z" fill="#2f6b35"/><path d="M0 600 L400 430 L760 560 L1200 420 L1200 675 L0 675 Z" fill="#24552a"/>'],
  ['bianzhong.jpg', ['#3b2a1e', '#8a5a2b'], Array.from({ length: 7 }, (_, i) => `<path d="M${170 + i * 130} 220 h${70 - i * 4} l14 ${150 + i * 18} h-${98 - i * 8} Z" fill="#c9a13b" stroke="#6e4f12" stroke-width="4"/>`).join('') + '<rect x="120" y="190" width="960" height="24" fill="#5c3820"/>'],
  ['community-grid.jpg', ['#e7f0fa', '#b9cde4'], Array.from({ length: 6 }, (_, i) => `<rect x="${120 + i * 165}" y="${260 - (i % 3) * 40}" width="130" height="${415 + (i % 3) * 40}" fill="hsl(${200 + i * 8},35%,${55 - i * 3}%)"/>`).join('') + '<path d="M0 300 H1200 M0 450 H1200 M300 0 V675 M600 0 V675 M900 0 V675" stroke="#1f4e8c" stroke-width="3" opacity="0.5"/>'],
  ['gov-assistant.jpg', ['#1f3c6b', '#0e1f3a'], '<rect x="380" y="140" width="440" height="400" rx="40" fill="#e8f1fb"/><circle cx="520" cy="300" r="36" fill="#1f4e8c"/><circle cx="680" cy="300" r="36" fill="#1f4e8c"/><rect x="500" y="400" width="200" height="26" rx="13" fill="#b3261e"/>'],
];
for (const [name, colours, shapes] of coverScenes) await write(scene(1200, 675, colours, shapes), path.join(covers, name));
