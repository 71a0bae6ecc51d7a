import { say } from './language.ts';

/**
 * Dates in the site's time zone. Front matter dates are wall-clock times as an
 * editor typed them (`2022/5/17 8:10:05`); they mean that time in the site's
 * zone unless they carry an offset.
 */
export interface Clock {
  readonly timeZone: string;
  /** Epoch milliseconds for a date string, or an explanation of why it is not a date. */
  parse(text: string): { ok: true; time: number } | { ok: false; reason: string };
  /** Format epoch milliseconds with tokens YYYY MM M DD D HH H mm m ss s. */
  format(time: number, pattern: string): string;
  /** ISO 8601 with the zone's offset, for `<time datetime>` and feeds. */
  iso(time: number): string;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DATE_PATTERN =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

const DAY = 86_400_000;

/** Earliest year accepted: four digits, and never a year that JavaScript dates would quietly move. */
const FIRST_YEAR = 1000;

export function acceptedDateForms(): string {
  return say(
    '2022-05-17、2022-05-17 08:10:05、2022/5/17 8:10:05 或 2022-05-17T08:10:05+08:00',
    '2022-05-17, 2022-05-17 08:10:05, 2022/5/17 8:10:05 or 2022-05-17T08:10:05+08:00',
  );
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function createClock(timeZone: string): Clock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  /** Offset of the zone from UTC at `time`, in milliseconds, asked of Intl (slow). */
  function exactOffset(time: number): number {
    const out: Record<string, number> = {};
    for (const part of parts.formatToParts(time)) {
      if (part.type !== 'literal') out[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(out.year!, out.month! - 1, out.day!, out.hour!, out.minute!, out.second!);
    return asUtc - (time - (((time % 1000) + 1000) % 1000));
  }

  // Offsets change a few times a year at most: remember each day's offset when
  // it holds from the day's start to its end (null: it changes that day).
  const dayOffsets = new Map<number, number | null>();

  function offsetAt(time: number): number {
    const day = Math.floor(time / DAY);
    let known = dayOffsets.get(day);
    if (known === undefined) {
      const start = exactOffset(day * DAY);
      known = start === exactOffset((day + 1) * DAY - 1) ? start : null;
      dayOffsets.set(day, known);
    }
    return known ?? exactOffset(time);
  }

  function wallTime(time: number): WallTime {
    const shifted = new Date(time + offsetAt(time));
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
    };
  }

  function fromWallTime(wall: WallTime, millis: number): number {
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, millis);
    // Two passes settle the offset across a daylight-saving change.
    let time = asUtc - offsetAt(asUtc);
    time = asUtc - offsetAt(time);
    return time;
  }

  return {
    timeZone,
    parse(text) {
      const match = DATE_PATTERN.exec(text.trim());
      if (!match) return { ok: false, reason: say(`\`${text}\` 不是日期`, `\`${text}\` is not a date`) };
      const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = match;
      const wall = { year: +y!, month: +mo!, day: +d!, hour: +h, minute: +mi, second: +s };
      // Date.UTC reads years 0-99 as 1900-1999: refuse them (and any year a news site cannot mean) rather than move the date.
      if (wall.year < FIRST_YEAR) return { ok: false, reason: say(
            `\`${text}\` 的年份是 ${wall.year} 年，只接受 ${FIRST_YEAR} 到 9999 年`,
            `\`${text}\` has the year ${wall.year}; years from ${FIRST_YEAR} to 9999 are accepted`,
          ),
        };
      if (wall.month < 1 || wall.month > 12) return { ok: false, reason: say(`\`${text}\` 里没有 ${wall.month} 月`, `\`${text}\` has no month ${wall.month}`) };
      const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
      if (wall.day < 1 || wall.day > daysInMonth) {
        return { ok: false, reason: say(
            `\`${text}\` 这一天不存在：${wall.year} 年 ${wall.month} 月只有 ${daysInMonth} 天`,
            `\`${text}\` is not a real day: ${wall.year}-${wall.month} has ${daysInMonth} days`,
          ),
        };
      }
      if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
        return { ok: false, reason: say(`\`${text}\` 的时刻不存在`, `\`${text}\` is not a real time of day`) };
      }
      const millis = +ms.padEnd(3, '0');
      if (zone === undefined) return { ok: true, time: fromWallTime(wall, millis) };
      const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, millis);
      if (zone === 'Z') return { ok: true, time: utc };
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
      return { ok: true, time: utc - offset };
    },
    format(time, pattern) {
      const wall = wallTime(time);
      const values: Record<string, string> = {
        YYYY: String(wall.year),
        MM: pad(wall.month),
        M: String(wall.month),
        DD: pad(wall.day),
        D: String(wall.day),
        HH: pad(wall.hour),
        H: String(wall.hour),
        mm: pad(wall.minute),
        m: String(wall.minute),
        ss: pad(wall.second),
        s: String(wall.second),
      };
      return pattern.replace(/YYYY|MM|M|DD|D|HH|H|mm|m|ss|s/g, (token) => values[token]!);
    },
    iso(time) {
      const wall = wallTime(time);
      const offsetMinutes = Math.round(offsetAt(time) / 60_000);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      return (
        `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
        `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
      );
    },
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The moment a build happens, for what a page says about "now" (the end of
 * the copyright's years): `SOURCE_DATE_EPOCH` (seconds since 1970, the
 * reproducible-builds convention) when it is set, so the same sources give
 * the same pages on any day; otherwise the machine's clock.
 */
export function buildTime(env: NodeJS.ProcessEnv = process.env): number {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  return epoch && /^\d{1,12}$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
}
