import { bylineSource, parseCredit } from './credit-lines.ts';
import { contains, elements, type HtmlElement, type HtmlNode, isElement, isLine, type TextIndex } from './html-dom.ts';
import { findDate } from './page-dates.ts';
import { isChromeLine, isPersonName, type MetaFields, parseMetaLine } from './page-patterns.ts';

/**
 * The fields printed between the headline and the text, labelled or not, as
 * CMSes lay them out on one line or several: `2022-02-13 09:57 光明网`,
 * `http://www.sina.net 2005年03月21日 11:21 《理财周刊》`, `中廣` / `溫蘭魁` /
 * `2013年06月29日 18:24`, `半月谈记者 史卫燕`. A date may also stand just
 * above the headline (blogs, e-papers). Returns the fields and the elements
 * that held them (not article text).
 */
export function readMetaZone(document: HtmlNode, index: TextIndex, title: HtmlElement, bodyStart: number): { fields: MetaFields; elements: HtmlElement[] } {
  const lines = outerLines(document, index);
  const at = lines.findIndex((line) => index.position(line) > index.position(title) && !contains(title, line) && !contains(line, title));
  const zone = at === -1 ? [] : lines.slice(at, at + MAX_ZONE).filter((line) => index.position(line) < bodyStart);
  const fields: MetaFields = {};
  const used: HtmlElement[] = [];
  let names: { element: HtmlElement; text: string }[] = [];
  let cluster = false;
  for (const line of zone) {
    const text = index.text(line);
    if (text.length > 120) break;
    const found = metaOfLine(text);
    if (found) {
      merge(fields, found);
      used.push(line);
      cluster = true;
      for (const name of names) takeName(fields, name.text);
      used.push(...names.map((name) => name.element));
      names = [];
      continue;
    }
    if (isBareName(text)) {
      if (cluster) {
        takeName(fields, text);
        used.push(line);
      } else names.push({ element: line, text });
      continue;
    }
    const credit = parseCredit(text);
    if (credit?.author !== undefined) {
      fields.author ??= credit.author;
      fields.source ??= credit.source ?? bylineSource(text);
      used.push(line);
    }
    cluster = false;
    names = [];
  }
  if (fields.date === undefined && at > 0) {
    // A date above the headline: `Saturday, September 10th, 2005 10:56 am`, `Dec 28 Sat 2013` + `00:28`.
    const above = lines.slice(Math.max(0, at - 1 - MAX_ABOVE), at - 1).reverse();
    for (const [i, line] of above.entries()) {
      const text = index.text(line);
      const date = text.length <= 60 ? unlabelledDate(text) : undefined;
      if (!date) continue;
      const time = i > 0 ? /^(\d{1,2}):(\d{2})$/.exec(index.text(above[i - 1]!)) : null;
      fields.date = date.length === 10 && time ? `${date} ${time[1]!.padStart(2, '0')}:${time[2]}:00` : date;
      break;
    }
  }
  return { fields, elements: used };
}

/** Lines looked at under the headline, and above it. */
const MAX_ZONE = 14;
const MAX_ABOVE = 4;

/** Elements that read as one line and are not inside one: `<p><span>来源：</span><span>新华社</span></p>` is one. */
function outerLines(document: HtmlNode, index: TextIndex): HtmlElement[] {
  return elements(document).filter(
    (element) => isLine(element) && index.text(element) !== '' && !(element.parent && isElement(element.parent) && isLine(element.parent)) && element.name !== 'title',
  );
}

/** Fields of one line under the headline: labelled, or a date with what stands beside it. */
function metaOfLine(text: string): MetaFields | undefined {
  if (RECOMMENDED.test(text)) return undefined;
  const labelled = parseMetaLine(text);
  if (labelled) return labelled;
  const date = findDate(text);
  if (!date || text.length > 80) return undefined;
  const fields: MetaFields = { date: date.date };
  const rest = (text.slice(0, date.index) + ' ' + text.slice(date.index + date.length))
    .replace(/(https?:\/\/|www\.)\S+|\b[\w-]+(\.[\w-]+)*\.(com|cn|net|org|gov|edu|hk|tw)(\.cn)?\b\/?/gi, ' ')
    .replace(/(posted\s*@|发布于|发表于|发布|发表|更新|于)/gi, ' ')
    .replace(/(星期|週|周|礼拜|禮拜)[一二三四五六日天]|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|上午|下午|中午|晚上|凌晨|早上/gi, ' ')
    .replace(/[\s\u3000|｜【】[\]()（）]+/g, ' ')
    .trim()
    .replace(/^[-/·]+|[-/·]+$/g, '')
    .trim();
  if (rest === '') return fields;
  const paper = /^《([^》]{2,20})》$/.exec(rest);
  if (paper) return { ...fields, source: paper[1] };
  // `中國網 2019-11-25`, `李光斗 / 2015-07-03 11:31:09`, `中廣 溫蘭魁 2013年06月29日 18:24`.
  const named: MetaFields = {};
  takeName(named, rest);
  if (named.source !== undefined || named.author !== undefined) return { ...fields, ...named };
  // `A-肖老师-树谷学院 于 2024-05-06 15:47:53 发布`: the poster.
  if (/于|posted/i.test(text) && [...rest].length <= 20) return { ...fields, author: rest };
  return [...rest].length <= 6 ? fields : undefined;
}

/** A date alone on a line (a weekday and clock words aside). */
function unlabelledDate(text: string): string | undefined {
  const date = findDate(text);
  if (!date) return undefined;
  const rest = (text.slice(0, date.index) + text.slice(date.index + date.length)).replace(/[\s\u3000,，(（)）]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|星期.|週.|周./gi, '');
  return rest.length <= 4 ? date.date : undefined;
}

/** Lists of other articles (`最新推荐文章于 …`) print dates too. */
const RECOMMENDED = /推荐|相关|热门|最新|上一篇|下一篇|阅读全文/;

const SOURCE_END = /(网|網|报|報|社|台|臺|站|刊|广|廣|新闻|新聞|财经|財經|日报|周刊|杂志|雜誌|频道|頻道|客户端|电视|電視|电台|電台|通讯|通訊|时报|時報)$/;

/** A publication's name: a short name ending like one (新华社, 光明网, 北京娱乐信报, 香港電台-財經). */
function isSourceName(text: string): boolean {
  const compact = text.replace(/[\s\u3000]+/g, '');
  return [...compact].length >= 2 && [...compact].length <= 16 && !/[，。！？：:；]/.test(compact) && SOURCE_END.test(compact.replace(/[-－·].*$/, '')) ;
}

/** A line that is only a name: a publication or a person, next to the date line. */
function isBareName(text: string): boolean {
  return !isChromeLine(text) && (isSourceName(text) || isPersonName(text));
}

/** `中廣`, `溫蘭魁`, or both on one line: a publication's name is the source, a person's the author. */
function takeName(fields: MetaFields, text: string): void {
  if (isSourceName(text)) {
    fields.source ??= text.trim();
    return;
  }
  const people: string[] = [];
  for (const token of text.trim().split(/[\s\u3000]+/)) {
    if (people.length === 0 && isSourceName(token)) fields.source ??= token;
    else people.push(token);
  }
  if (people.length > 0 && isPersonName(people.join(' '))) fields.author ??= people.join(' ');
}

function merge(fields: MetaFields, found: MetaFields): void {
  fields.date ??= found.date;
  fields.author ??= found.author;
  fields.source ??= found.source;
  fields.views ??= found.views;
}
