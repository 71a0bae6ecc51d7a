import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';

/**
 * Bytes of a saved legacy page → text. Old CMSes serve GBK (GB2312,
 * GB18030) or Big5 as often as UTF-8, and their `<meta charset>` is missing
 * or wrong as often as right, so the label is a hint that the bytes must
 * confirm: the encoding that decodes them without errors into common Chinese
 * characters wins.
 */
export interface DecodedPage {
  text: string;
  /** Encoding used, as iconv-lite names it: utf-8, gb18030, big5, utf-16le… */
  encoding: string;
  /** How it was chosen. */
  by: 'bom' | 'label' | 'sniffed';
  /** The charset the page declares, if any. */
  declared?: string;
  /** A wrong declared charset, bytes that no character could be read from. */
  warnings: string[];
}

/** Where a page's charset label is looked for: browsers read only the first 1024 bytes; saved pages often move it down. */
const LABEL_WINDOW = 8192;

const HAN = /\p{Script=Han}/u;

// The 300 most frequent Chinese characters, simplified and traditional: a right
// decoding is mostly made of them, a wrong one (Big5 read as GBK) almost never.
const FREQUENT = new Set(
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严' +
    '這為個國時們於對會發動過說產種後學經進著電裡現實兩體機當點從業應開還義樣與關間線內數麼質氣變條沒結問無係軍題黨員總設長頭資邊級圖統較將組見計別論運農幾區強決戰則據處隊給門保規熱領東導壓爭濟階術權證採轉單風帶場車務萬達積議聲報鬥類離華確張馬節話況溫傳許廣記織裝觀眾書覆兒須際驗連斷難礦備辦響約勞團歷構稱準號維劃選標寫親專狀廠識適屬圓調滿縣參紅細聽該鐵價嚴裏',
);

/** Decode a page; throws a XinwenError when the bytes are not text at all. */
export function decodePage(bytes: Buffer, file: string): DecodedPage {
  if (bytes.length === 0) {
    throw new XinwenError('import/empty', say('网页是空的', 'the page is empty'), {
      file,
      hint: say('在浏览器里重新保存这个网页（“网页另存为…”→ 选“网页，仅 HTML”）。', 'Save the page again from the browser (Save Page As… → Webpage, HTML only).'),
    });
  }
  const bom = bomEncoding(bytes);
  if (bom) return { text: iconv.decode(bytes, bom), encoding: bom, by: 'bom', warnings: [] };
  if (looksBinary(bytes)) {
    throw new XinwenError('import/binary', say('这个文件不是网页也不是文本，里面是二进制数据', 'the file is not a web page or text: it holds binary data'), {
      file,
      hint: say(
        '请导入保存为 HTML（.html、.htm）或文本（.txt）的网页；图片、PDF 和 Office 文档不能导入。',
        'Import pages saved as HTML (.html, .htm) or as text (.txt); images, PDFs and Office documents cannot be imported.',
      ),
    });
  }
  const declared = declaredCharset(bytes);
  const label = declared === undefined ? undefined : canonicalEncoding(declared);
  const utf8 = isUtf8(bytes);
  // Valid UTF-8 with Chinese in it is UTF-8 whatever the label says: GBK or Big5 text is practically never valid UTF-8.
  if (utf8) {
    const text = bytes.toString('utf8');
    const wrongLabel = label !== undefined && label !== 'utf-8' && /[^\x00-\x7f]/.test(text);
    return {
      text,
      encoding: 'utf-8',
      by: wrongLabel || label === undefined ? 'sniffed' : 'label',
      declared,
      warnings: wrongLabel ? [`the page says charset=${declared}, but it is UTF-8: read as UTF-8`] : [],
    };
  }
  const candidates = ['gb18030', 'big5'];
  if (label && label !== 'utf-8' && !candidates.includes(label) && iconv.encodingExists(label)) candidates.unshift(label);
  const scored = candidates.map((encoding) => ({ encoding, ...score(iconv.decode(bytes, encoding)) }));
  // The declared encoding is kept unless another one reads the bytes clearly better.
  const labelled = scored.find((each) => each.encoding === label);
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const chosen = labelled && labelled.score >= best.score * 0.9 ? labelled : best;
  if (chosen.invalidRatio > 0.05 || (chosen.hanCount >= 20 && chosen.frequentRatio < 0.1)) {
    throw new XinwenError('import/unknown-encoding', say('认不出这个网页的文字编码（不是 UTF-8、GBK 或 Big5）', 'the page’s text encoding could not be recognised (it is not UTF-8, GBK or Big5)'), {
      file,
      hint: say(
        '在浏览器里打开这个网页，确认显示正常后重新保存；或者先把它转成 UTF-8（iconv -f 原编码 -t UTF-8）。',
        'Open the page in a browser, check that it shows correctly, and save it again; or convert it to UTF-8 first (iconv -f ENCODING -t UTF-8).',
      ),
    });
  }
  const warnings: string[] = [];
  if (declared !== undefined && chosen !== labelled) {
    const actual = displayName(chosen.encoding);
    warnings.push(say(`网页声明的编码是 charset=${declared}，实际是 ${actual}：已按 ${actual} 读取`, `the page says charset=${declared}, but it is ${actual}: read as ${actual}`));
  }
  const unreadable = chosen.text.match(/\ufffd/g)?.length ?? 0;
  if (unreadable > 0) {
    warnings.push(
      say(
        `有 ${unreadable} 个字读不出来（显示为 �）：网页已损坏或不完整`,
        `${unreadable} character${unreadable > 1 ? 's' : ''} could not be read (shown as �): the page was damaged or cut short`,
      ),
    );
  }
  return { text: chosen.text, encoding: chosen.encoding, by: chosen === labelled ? 'label' : 'sniffed', declared, warnings };
}

/** Name of an encoding in the report. */
export function displayName(encoding: string): string {
  return encoding === 'gb18030' ? 'GBK' : encoding === 'big5' ? 'Big5' : encoding.toUpperCase();
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** NUL bytes or many control characters: an image, an archive, a PDF… */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) || byte === 0x7f) control++;
  }
  return control > sample.length * 0.01;
}

/** `<meta charset>`, `<meta http-equiv="Content-Type" content="…; charset=…">` or an XML declaration's encoding. */
export function declaredCharset(bytes: Buffer): string | undefined {
  // Labels are ASCII in every encoding we read, so latin1 is a safe way to look at the bytes.
  const head = bytes.subarray(0, LABEL_WINDOW).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  if (meta) return meta[1]!.toLowerCase();
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)/i.exec(head);
  return xml ? xml[1]!.toLowerCase() : undefined;
}

/** The WHATWG label → decoder mapping for the labels old Chinese sites use; GBK and GB2312 are read as their superset GB18030. */
function canonicalEncoding(label: string): string {
  const name = label.toLowerCase().replace(/^x-/, '');
  if (/^(utf-?8|unicode-1-1-utf-8)$/.test(name)) return 'utf-8';
  if (/^(gb2312|gbk|gb18030|gb_2312-80|chinese|csgb2312|iso-ir-58|cp936|windows-936|euc-cn)$/.test(name)) return 'gb18030';
  if (/^(big5|big5-hkscs|cn-big5|csbig5|x-x-big5|cp950)$/.test(name)) return 'big5';
  return name;
}

function score(text: string): { text: string; score: number; invalidRatio: number; frequentRatio: number; hanCount: number } {
  let invalid = 0;
  let han = 0;
  let frequent = 0;
  let total = 0;
  for (const char of text) {
    total++;
    if (char === '\ufffd') invalid++;
    else if (FREQUENT.has(char)) frequent++;
    if (HAN.test(char)) han++;
  }
  return {
    text,
    score: frequent - 20 * invalid,
    invalidRatio: total === 0 ? 0 : invalid / total,
    frequentRatio: han === 0 ? 1 : frequent / han,
    hanCount: han,
  };
}
