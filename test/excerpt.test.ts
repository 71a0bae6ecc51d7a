import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excerpt, SUMMARY_LENGTH } from '../src/parse/excerpt.ts';

const HAN = '随州市香菇产业发展良好';

function han(count: number): string {
  return Array.from({ length: count }, (_, i) => HAN[i % HAN.length]).join('');
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

test('short text is returned as it is', () => {
  assert.equal(excerpt('随州香菇出口欧洲。'), '随州香菇出口欧洲。');
});

test('runs of white space between Latin words collapse to one space', () => {
  assert.equal(excerpt('  Suizhou   mushrooms\n\nreach Europe  '), 'Suizhou mushrooms reach Europe');
});

test('paragraphs of Chinese joined by a line break meet without a space', () => {
  assert.equal(excerpt('第一段。\n第二段。'), '第一段。第二段。');
});

test('long text is cut after the last sentence end in the first 80 characters', () => {
  const text = `${han(40)}。${han(30)}！${han(50)}`;
  assert.equal(excerpt(text), `${han(40)}。${han(30)}！`);
});

test('a question mark also ends a sentence', () => {
  const text = `${han(50)}？${han(60)}`;
  assert.equal(excerpt(text), `${han(50)}？`);
});

test('a sentence end too early in the text is not used; the cut gets an ellipsis instead', () => {
  const text = `${han(10)}。${han(100)}`;
  const result = excerpt(text);
  assert.ok(result.endsWith('…'));
  assert.equal(codePoints(result), SUMMARY_LENGTH + 1);
});

test('without a sentence end the first 80 characters get an ellipsis', () => {
  assert.equal(excerpt(han(100)), `${han(80)}…`);
});

test('a Latin word across the limit is left out, not cut in half', () => {
  assert.equal(excerpt(`${han(75)} internationalization`), `${han(75)}…`);
});

test('a number across the limit is left out, not cut in half', () => {
  assert.equal(excerpt(`${han(77)}20220517${han(10)}`), `${han(77)}…`);
});

test('a word ending exactly at the limit is kept whole', () => {
  // 75 + ' news' is exactly 80 characters.
  assert.equal(excerpt(`${han(75)} news ${han(10)}`), `${han(75)} news…`);
});

test('emoji count as one character each and are never split', () => {
  const result = excerpt('🎉'.repeat(100));
  assert.equal(result, `${'🎉'.repeat(80)}…`);
  assert.equal(hasLoneSurrogate(result), false);
});

test('CJK Extension B characters (𠀀) are never split', () => {
  const result = excerpt('𠀀'.repeat(200));
  assert.equal(result, `${'𠀀'.repeat(80)}…`);
  assert.equal(hasLoneSurrogate(result), false);
});

test('no surrogate pair is split when white space pushes the text past the quick prefix', () => {
  // 301 spaces + 50 𠀀: the first 320 UTF-16 units end inside a surrogate pair.
  const result = excerpt(`${' '.repeat(301)}${'𠀀'.repeat(50)}`);
  assert.equal(hasLoneSurrogate(result), false);
});
