import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClock, isValidTimeZone } from '../src/core/clock.ts';

const shanghai = createClock('Asia/Shanghai');
/** 2022-05-17 08:10:05 in Shanghai (UTC+8). */
const MAY_17 = Date.UTC(2022, 4, 17, 0, 10, 5);

function timeOf(clock: ReturnType<typeof createClock>, text: string): number {
  const result = clock.parse(text);
  assert.ok(result.ok, `expected ${text} to parse`);
  return result.time;
}

function reasonOf(text: string): string {
  const result = shanghai.parse(text);
  assert.equal(result.ok, false, `expected ${text} to be refused`);
  return result.ok ? '' : result.reason;
}

describe('clock.parse', () => {
  test('a bare date is midnight in the site zone', () => {
    assert.equal(timeOf(shanghai, '2022-05-17'), Date.UTC(2022, 4, 16, 16, 0, 0));
  });

  test('a date and time without offset is wall-clock time in the site zone, not UTC', () => {
    assert.equal(timeOf(shanghai, '2022-05-17 08:10:05'), MAY_17);
  });

  test('the legacy CMS form with slashes and no leading zeros is accepted', () => {
    assert.equal(timeOf(shanghai, '2022/5/17 8:10:05'), MAY_17);
  });

  test('ISO with +08:00 and with Z give the same instant', () => {
    assert.equal(timeOf(shanghai, '2022-05-17T08:10:05+08:00'), MAY_17);
    assert.equal(timeOf(shanghai, '2022-05-17T00:10:05Z'), MAY_17);
  });

  test('an explicit offset wins over the site zone', () => {
    assert.equal(timeOf(shanghai, '2022-05-17T08:10:05-05:00'), Date.UTC(2022, 4, 17, 13, 10, 5));
  });

  test('February 30 is refused with the number of days in the month', () => {
    assert.match(reasonOf('2022-02-30'), /28 days/);
  });

  test('month 13 is refused', () => {
    assert.match(reasonOf('2022-13-01'), /month 13/);
  });

  test('hour 25 is refused', () => {
    assert.match(reasonOf('2022-05-17 25:00'), /time of day/);
  });

  test('years before 1000 are refused, never moved to 1900-1999', () => {
    for (const text of ['0001-01-01', '0099-12-31 08:00', '0050-06-01T00:00:00Z', '0999/1/1', '0000-01-01']) {
      assert.match(reasonOf(text), /years from 1000 to 9999 are accepted/, text);
    }
    assert.equal(timeOf(shanghai, '1000-01-01T00:00:00Z'), Date.UTC(1000, 0, 1));
    assert.equal(shanghai.format(timeOf(shanghai, '1000-01-01 08:00'), 'YYYY/M/D H:mm'), '1000/1/1 8:00');
  });

  test('text that is not a date is refused and quoted', () => {
    assert.match(reasonOf('昨天'), /`昨天` is not a date/);
  });

  test('February 29 exists only in leap years', () => {
    assert.ok(shanghai.parse('2024-02-29').ok);
    assert.equal(shanghai.parse('2023-02-29').ok, false);
  });
});

describe('clock.format and clock.iso', () => {
  test('the default pattern YYYY/M/D H:mm:ss drops leading zeros of month, day and hour', () => {
    assert.equal(shanghai.format(MAY_17, 'YYYY/M/D H:mm:ss'), '2022/5/17 8:10:05');
  });

  test('padded tokens keep leading zeros', () => {
    assert.equal(shanghai.format(MAY_17, 'YYYY-MM-DD HH:mm'), '2022-05-17 08:10');
  });

  test('iso gives the wall time with the zone offset', () => {
    assert.equal(shanghai.iso(MAY_17), '2022-05-17T08:10:05+08:00');
  });

  test('format shows the date in the site zone when UTC is still the day before', () => {
    assert.equal(shanghai.format(Date.UTC(2022, 4, 16, 16, 30, 0), 'YYYY-MM-DD HH:mm'), '2022-05-17 00:30');
  });
});

describe('clock in a zone with daylight saving (America/New_York)', () => {
  const newYork = createClock('America/New_York');

  test('wall times just before and after the spring change get EST and EDT offsets', () => {
    assert.equal(timeOf(newYork, '2022-03-13 01:59:59'), Date.UTC(2022, 2, 13, 6, 59, 59));
    assert.equal(timeOf(newYork, '2022-03-13 03:00:00'), Date.UTC(2022, 2, 13, 7, 0, 0));
  });

  test('wall times before and after the autumn change get EDT and EST offsets', () => {
    assert.equal(timeOf(newYork, '2022-11-06 00:59:59'), Date.UTC(2022, 10, 6, 4, 59, 59));
    assert.equal(timeOf(newYork, '2022-11-06 03:00:00'), Date.UTC(2022, 10, 6, 8, 0, 0));
  });

  test('iso shows -05:00 before and -04:00 after the spring change', () => {
    assert.equal(newYork.iso(Date.UTC(2022, 2, 13, 6, 59, 59)), '2022-03-13T01:59:59-05:00');
    assert.equal(newYork.iso(Date.UTC(2022, 2, 13, 7, 0, 0)), '2022-03-13T03:00:00-04:00');
  });

  test('format skips the missing hour at the spring change', () => {
    assert.equal(newYork.format(Date.UTC(2022, 2, 13, 7, 0, 0), 'H:mm'), '3:00');
  });
});

describe('isValidTimeZone', () => {
  test('accepts IANA names and refuses made-up ones', () => {
    assert.equal(isValidTimeZone('Asia/Shanghai'), true);
    assert.equal(isValidTimeZone('America/New_York'), true);
    assert.equal(isValidTimeZone('Asia/Suizhou'), false);
    assert.equal(isValidTimeZone(''), false);
  });
});
