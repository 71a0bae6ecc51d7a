import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_SLUG_LENGTH, slugFromFileName, slugify, unsafeSlugReason } from '../src/parse/slug.ts';

describe('slugFromFileName', () => {
  test('Chinese becomes toneless pinyin joined by dashes, and the leading date is dropped', () => {
    assert.equal(slugFromFileName('2024-01-15-随州香菇出口.md'), 'sui-zhou-xiang-gu-chu-kou');
  });

  test('ASCII names are lower-cased', () => {
    assert.equal(slugFromFileName('Company-News.md'), 'company-news');
  });

  test('a leading date with one-digit month and day is dropped too', () => {
    assert.equal(slugFromFileName('2022-5-7-open-day.md'), 'open-day');
  });

  test('a date later in the name is kept', () => {
    assert.equal(slugFromFileName('report-2022-05-17.md'), 'report-2022-05-17');
  });

  test('spaces and punctuation become single dashes, none at the ends', () => {
    assert.equal(slugFromFileName('  Hello,  World!.md'), 'hello-world');
  });
});

describe('slugify', () => {
  test('ü is spelled v (吕 → lv)', () => {
    assert.equal(slugify('吕'), 'lv');
  });

  test('Latin letters with accents lose them', () => {
    assert.equal(slugify('Café Zürich'), 'cafe-zurich');
  });

  test('Latin words among Chinese stay together', () => {
    assert.equal(slugify('随州5G基站'), 'sui-zhou-5g-ji-zhan');
  });

  test('`..` cannot survive as a path segment', () => {
    assert.equal(slugify('..'), '');
    assert.equal(slugify('a..b'), 'a.b');
  });

  test('`index.html` is not a slug: its folder would clash with the page beside it (ENOTDIR when written)', () => {
    assert.equal(slugify('index.html'), 'index-html');
    assert.equal(slugify('INDEX.HTML'), 'index-html');
    assert.equal(slugFromFileName('index.html.md'), 'index-html');
    assert.equal(slugify('index.htm'), 'index.htm');
  });

  test('a slug longer than a folder name may be is cut after a whole word (long pinyin gave ENAMETOOLONG)', () => {
    const spelled = slugify('随'.repeat(84));
    assert.ok(spelled.length <= MAX_SLUG_LENGTH && spelled.length > MAX_SLUG_LENGTH - 5, String(spelled.length));
    assert.match(spelled, /^(sui-)*sui$/);
    assert.equal(slugify('a'.repeat(300)), 'a'.repeat(MAX_SLUG_LENGTH));
    assert.equal(slugFromFileName(`${'随'.repeat(84)}.md`), spelled);
  });
});

describe('unsafeSlugReason', () => {
  test('an ordinary slug is safe', () => {
    assert.equal(unsafeSlugReason('sui-zhou-2022'), undefined);
  });

  test('`..` and `.` are refused', () => {
    assert.ok(unsafeSlugReason('..'));
    assert.ok(unsafeSlugReason('.'));
  });

  test('a slash or backslash is refused', () => {
    assert.ok(unsafeSlugReason('a/b'));
    assert.ok(unsafeSlugReason('a\\b'));
    assert.ok(unsafeSlugReason('../x'));
  });

  test('control characters are refused', () => {
    assert.ok(unsafeSlugReason('a\u0000b'));
    assert.ok(unsafeSlugReason('a\nb'));
    assert.ok(unsafeSlugReason('a\u007fb'));
  });

  test('an empty or blank slug is refused as empty', () => {
    assert.match(unsafeSlugReason('') ?? '', /empty/);
    assert.match(unsafeSlugReason('   ') ?? '', /empty/);
  });
});
