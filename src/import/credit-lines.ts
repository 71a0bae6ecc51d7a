/**
 * Lines around an article's text that are about the article, not of it:
 * bylines (`本报记者 葛灵丹`, `（袁源）`), editors (`（责任编辑：魏喆）`,
 * `(责编：萧潇、张妍)`), print references (`《光明日报》（ 2022年02月13日 02版）`),
 * reprint notices, calls to follow an account, pagers, and the chrome that
 * sits between paragraphs (`广告`, `展开全文`, `【纠错】`). Chinese words are
 * written in simplified script; lines are matched after folding traditional
 * forms to simplified ones (see `fold`).
 */
import { createOpenccConverter } from '../convert/opencc.ts';
import { isPersonName, parseMetaLine } from './page-patterns.ts';

/** What a credit line gives: the author and the source it names, or nothing (a line to drop). */
export interface Credit {
  author?: string;
  source?: string;
  /** 责任编辑: kept as `editor`, never as the author. */
  editor?: string;
}

/** `（责任编辑：魏喆）`, `责编：张三 李四`: the names of an editor's line, when it is 责任编辑 or 责编 (not 审核, 校对…). */
const EDITOR_NAMES = /^[\s\u3000（(【\[]*(?:【纠错】)?[\s\u3000]*(?:责任编辑|责编)[\s\u3000]*[:：][\s\u3000]*([^\s\u3000）)】\]:：，。][^）)】\]:：，。]{0,19}?)[\s\u3000）)】\]]*$/du;

let simplify: ((text: string) => string) | undefined;
/** Traditional forms folded to simplified ones, character for character (the length stays). */
function fold(text: string): string {
  simplify ??= createOpenccConverter('t', 'cn');
  const folded = simplify(text);
  return [...folded].length === [...text].length ? folded : text;
}

const NAMES = '\\p{Script=Han}{2,4}(?:[\\s\\u3000、，,]+\\p{Script=Han}{1,4})*';
/** `本报记者 葛灵丹`, `新京报记者 彭冲 山东冠县报道`, `记者 刘涛`, `光明日报记者 王建宏 张文攀`, `顶端新闻·河南商报记者马俊峰/文`. */
const BYLINE = new RegExp(
  `^[\\s\\u3000□■●◎※（(【\\[]*(?<prefix>[^记]{0,20}?[\\s\\u3000]*)?(?:实习)?记者[\\s\\u3000:：]*(?<names>${NAMES})(?:[\\s\\u3000]*(?:/文|／文|/摄|摄|[^\\s，。]{0,10}报道|发自[^\\s，。]{0,10}))?[^，。！？]{0,12}?[\\s\\u3000）)】\\]]*$`,
  'u',
);
/** `（袁源）`: a name in brackets, alone on the last line. */
const BRACKETED_NAME = /^[（(【\[]\s*(\p{Script=Han}{2,4}(?:\s+\p{Script=Han}{2,4})*)\s*[）)】\]]$/u;
const EDITOR = /^[\s\u3000（(【\[]*(?:【纠错】)?[\s\u3000]*(?:\S{0,10}?编辑|责编|选稿|审核|校对|审校|监制|值班编辑)[\s\u3000]*[:：]?[^。！？]{0,30}$/u;
const PRINT_REFERENCE = /^[（(]?《[^》]{2,20}》[\s\u3000]*[（(][\s\u3000]*\d{4}年\s*\d{1,2}月\s*\d{1,2}日[^）)]{0,12}[）)][）)]?$/;
const CREDITS = /^(出品|作者|策划|监制|统筹|制作|设计|摄影|视频|海报|原标题|素材来源|图片来源|资料来源)[\s\u3000]*[︱|｜:：/\s]/;
/** The caption of a file photo left under the text: `首任卫福部长人选…。资料照片`. */
const FILE_PHOTO = /(资料照片|资料图片?)[）)]?$/;
const NOTICE = /未经.{0,16}(授权|许可|同意)|不得转载|请勿转载|禁止转载|权益归|版权归|饮酒过量/;
const PROMO = /^#[^#\s]{1,20}#|^发送\S{1,12}到\d{3,}|关注.{0,10}(公众号|微信|微博|粉丝)|扫码|二维码|下载.{0,12}(客户端|应用|APP)|^进入.{0,20}讨论|粉丝团|搬家|快点\+1|分享让更多人看到|返回\S{0,6}查看更多/i;
const CHROME = /^[\s\u3000]*(广告|展开全文|图集|\+1|【纠错】|纠错|转播到腾讯微博|正在加载\.*|阅读全文|查看原文|点击查看|为什么显示这个广告？?)[\s\u3000]*$/i;
const PAGER = /(上一页|下一页|尾页)|^[\s\u3000|<>«»]*(\[\d+\][\s\u3000]*){2,}[\s\u3000|<>«»]*$|^第\d+页/;

/** Chrome that may stand between paragraphs anywhere in the text: never article text. */
export function isChromeBlock(text: string): boolean {
  const line = fold(text.trim());
  return line.length <= 60 && (CHROME.test(line) || PAGER.test(line) || PROMO.test(line) || STARS.test(line));
}

/** `****`, `----`: a row of stars or a rule some CMSes print between the text and what follows. */
const STARS = /^[-—_=*＊★☆※·\s\u3000]{3,}$/;

/**
 * A line before or after the text that credits it (`Credit`, maybe empty: a
 * line to drop), or undefined when it is article text.
 */
export function parseCredit(text: string): Credit | undefined {
  const line = fold(text.trim());
  if (line.length > 120) return undefined;
  if (NOTICE.test(line) || isChromeBlock(line)) return {};
  if (line.length > 60) return undefined;
  if (PRINT_REFERENCE.test(line) || CREDITS.test(line) || FILE_PHOTO.test(line)) return {};
  const bracketed = BRACKETED_NAME.exec(line);
  if (bracketed) return { author: bracketed[1] };
  // `中青报·中青网记者 魏其蒙 来源：中国青年报`: a byline and a source.
  const labelled = /来源[:：]/.exec(line);
  const source = labelled ? parseMetaLine(line.slice(labelled.index))?.source : undefined;
  // `彭冲 山东冠县报道`, `马俊峰/文`: where and how it was written is not a name.
  const rest = (labelled ? line.slice(0, labelled.index).trim() : line).replace(/([\s\u3000]+[^\s\u3000，。]{0,10}报道|[/／](文|摄)[^，。]{0,12}|发自[^\s，。]{0,10})[\s\u3000）)】\]]*$/u, '');
  const byline = BYLINE.exec(rest);
  if (byline?.groups?.names) {
    return { author: joinNames(text, byline.groups.names), ...(source ? { source } : {}) };
  }
  if (EDITOR.test(rest) && rest !== '') {
    // Matched on the folded line, taken from the page's own text (folding keeps every character's place).
    const at = EDITOR_NAMES.exec(rest)?.indices?.[1];
    const editor = at && text.trim().slice(at[0], at[1]).trim();
    return { ...(source ? { source } : {}), ...(editor ? { editor } : {}) };
  }
  if (labelled && rest === '' && source) return { source };
  return undefined;
}

/** `王乐文  方  敏` → `王乐文 方敏`: a one-character piece joins the piece before it (a padded two-character name). */
function joinNames(original: string, folded: string): string {
  // Names as printed (traditional forms kept): the folded text has the same length.
  const start = fold(original).indexOf(folded);
  const names = (start >= 0 ? original.slice(start, start + folded.length) : folded).split(/[\s\u3000、，,]+/).filter((name) => name !== '');
  const joined: string[] = [];
  let single = false;
  for (const name of names) {
    const one = [...name].length === 1;
    if (one && single) joined[joined.length - 1] += name;
    else joined.push(name);
    single = one;
  }
  return joined.join(' ');
}

/** The byline's prefix names the paper when it is one (`顶端新闻·河南商报记者`), not `本报` or `新华社`'s own desk words. */
export function bylineSource(text: string): string | undefined {
  const line = fold(text.trim());
  const prefix = BYLINE.exec(line)?.groups?.prefix?.trim();
  if (!prefix || /^(本报|本台|本网|本刊|我台|整合)/.test(prefix) || [...prefix].length < 3) return undefined;
  const start = fold(text.trim()).indexOf(prefix);
  return text.trim().slice(start, start + prefix.length).replace(/^[\s□■【（(\[]+|[\s╱/／|｜·]+$/g, '');
}

export { isPersonName };
