/**
 * Dates as news pages print them: 2022-05-17 08:10:05, 2022/5/17, 2022.05.17,
 * 2022年5月17日 下午2:05 (12-hour with 上午/下午), 06/02/2022 - 13:48 (day
 * first, as European sites print it), Saturday, September 10th, 2005 10:56 am.
 */

const YMD =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT\u3000]*(?:[(（]?(?:星期|週|周|礼拜|禮拜)[一二三四五六日天][)）]?)?[\s\u3000]*(上午|下午|中午|晚上|凌晨|早上)?\s*(\d{1,2})\s*[:：时時]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/;
const DMY = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s*-?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const ENGLISH =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?/i;

interface DateMatch {
  /** `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD`. */
  date: string;
  /** Where in the text it was printed. */
  index: number;
  length: number;
}

const pad = (value: string | number) => String(value).padStart(2, '0');

function format(year: string, month: string | number, day: string, hour?: string, minute?: string, second = '0', half?: string): string | undefined {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const ymd = `${year}-${pad(m)}-${pad(d)}`;
  if (hour === undefined || minute === undefined) return ymd;
  let h = Number(hour);
  if (/下午|晚上|pm/i.test(half ?? '') && h < 12) h += 12;
  if (/am|凌晨/i.test(half ?? '') && h === 12) h = 0;
  return `${ymd} ${pad(h)}:${pad(minute)}:${pad(second)}`;
}

/** The first date printed in `text`, and where. */
export function findDate(text: string): DateMatch | undefined {
  const found: DateMatch[] = [];
  const ymd = YMD.exec(text);
  if (ymd) {
    const [, year, month, day, half, hour, minute, second] = ymd;
    const date = format(year!, month!, day!, hour, minute, second, half);
    if (date) found.push({ date, index: ymd.index, length: ymd[0].length });
  }
  const dmy = DMY.exec(text);
  if (dmy) {
    const [, day, month, year, hour, minute, second] = dmy;
    const date = format(year!, month!, day!, hour, minute, second);
    if (date) found.push({ date, index: dmy.index, length: dmy[0].length });
  }
  const english = ENGLISH.exec(text);
  if (english) {
    const [, month, day, year, hour, minute, second, half] = english;
    const date = format(year!, MONTHS.indexOf(month!.toLowerCase()) + 1, day!, hour, minute, second, half);
    if (date) found.push({ date, index: english.index, length: english[0].length });
  }
  return found.sort((a, b) => a.index - b.index)[0];
}

/** The first date in `text` as `YYYY-MM-DD HH:mm:ss` (or `YYYY-MM-DD`). */
export function normalizeDate(text: string): string | undefined {
  return findDate(text)?.date;
}
