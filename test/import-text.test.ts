import './support/english.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configs } from 'opencc-js/preset';
import { stripLeakedPinyin } from '../src/import/pinyin.ts';
import { corpusRows } from './support/conversion-quality.ts';
import {
  countChangedCodePoints,
  countScriptForms,
  MIXED_MIN_COUNT,
  MIXED_SHARE,
  repairScript,
} from '../src/import/script-repair.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
// A copy of ../shared/reference/legacy-news-page.txt: a legacy CMS page, traditional made
// character by character with gaps, with pinyin leaked after 103 characters.
const LEGACY_PAGE = readFileSync(path.join(FIXTURES, 'import-text', 'legacy-news-page.txt'), 'utf8');
const golden = (name: string) => readFileSync(path.join(FIXTURES, 'opencc', `us_constitution_zhs${name}.txt`), 'utf8');

/** Clean simplified news text, written by hand. */
const SIMPLIFIED_ARTICLE = [
  '5月16日，省委“喜迎党代会 荆楚谱新篇”系列新闻发布会首场在汉举行。',
  '街道（乡镇）是基层治理的主阵地，是服务群众的“最后一公里”。',
  '随州市亿联网络科技有限公司联系电话：177-8671-3510，请确认后再来访。',
  '湖北是红色沃土，我省在党建引领乡村振兴中打造了一批致富带头人和标杆村。',
].join('\n');

describe('stripLeakedPinyin removes a reading leaked after its character', () => {
  const removed: [string, string][] = [
    ['您所在的(de)位置', '您所在的位置'],
    ['創業基地(dì)5樓', '創業基地5樓'],
    ['慢慢地(de)走', '慢慢地走'], // 地's second reading
    ['的(dí)确', '的确'], // 的 is de, dí, dì
    ['目的(dì)地', '目的地'],
    ['副廳長(cháng)趙顯富', '副廳長趙顯富'], // traditional 長
    ['長(zhǎng)大', '長大'], // 長's other reading
    ['作為(wéi)機關', '作為機關'],
    ['紅(hóng)色', '紅色'],
    ['學(xué)曆', '學曆'],
    ['學(xue2)曆', '學曆'], // tone number
    ['學(xve)曆', '學曆'], // ü written v, no tone
    ['學(xu:e2)曆', '學曆'], // ü written u:
    ['基地(di4)', '基地'],
    ['的(de5)', '的'], // 5 and 0 are the neutral tone
    ['的(de0)', '的'],
    ['理(li)', '理'], // no tone: any tone of the reading
    ['的（de）位置', '的位置'], // fullwidth parentheses
    ['實施內（nèi）容', '實施內容'],
    ['綠(lù)林', '綠林'], // pinyin-pro reads 綠 only lǜ; 绿 is also lù
    ['理發(fà)', '理發'], // 發: fā only; 发: fā, fà
    ['我們(men)', '我們'],
    ['女(nü3)', '女'],
    ['一(yí)定', '一定'], // tone sandhi of 一 and 不
    ['不(bú)要', '不要'],
  ];
  for (const [input, expected] of removed) {
    it(`${input} → ${expected}`, () => {
      assert.deepEqual(stripLeakedPinyin(input), { text: expected, removed: 1 });
    });
  }

  it('removes every annotation of a sentence and counts them', () => {
    assert.deepEqual(stripLeakedPinyin('街道(dào)(鄉鎮)管理(lǐ)體制和(hé)行政'), {
      text: '街道(鄉鎮)管理體制和行政',
      removed: 3,
    });
  });
});

describe('stripLeakedPinyin keeps real parenthesised text', () => {
  const kept = [
    '街道(乡镇)',
    '社区(村)',
    '(文峰佳苑C区)',
    '楼栋(塆组)',
    '5楼(文峰佳苑C区)',
    '公司(AI)',
    '标准(GB/T 1234)',
    '2022年(第3期)',
    '一(1)',
    '张三(男)',
    '苹果(Apple)',
    '街道(鄉鎮)',
    '樓棟(塆組)',
    '街道（乡镇）',
    '公司（AI）',
    '苹果（Apple）',
    '的(da)', // a syllable, but not a reading of 的
    '理(lì)', // lǐ, not lì
    '地(di3)',
    '的(dé1)', // two tones: not a syllable as written
    '王(Wang)', // capitals: a name, not leaked pinyin
    '的(DE)',
    '的 (de)', // not right after the character
    'ABC(de)',
    '街道(jiedao)', // two syllables
    '司(si si)',
  ];
  for (const input of kept) {
    it(input, () => {
      assert.deepEqual(stripLeakedPinyin(input), { text: input, removed: 0 });
    });
  }
});

describe('the legacy reference page', () => {
  // The 15 annotations counted by hand in the page, and how often each occurs.
  const LEAKED: Record<string, number> = {
    '理(lǐ)': 18,
    '的(de)': 15,
    '年(nián)': 12,
    '一(yī)': 11,
    '紅(hóng)': 10,
    '地(dì)': 8,
    '和(hé)': 8,
    '道(dào)': 5,
    '為(wèi)': 5,
    '長(cháng)': 3,
    '高(gāo)': 2,
    '去(qù)': 2,
    '內(nèi)': 2,
    '學(xué)': 1,
    '如(rú)': 1,
  };
  const total = Object.values(LEAKED).reduce((sum, n) => sum + n, 0);
  const stripped = stripLeakedPinyin(LEGACY_PAGE);

  it('has 103 leaked annotations, all removed', () => {
    assert.equal(total, 103);
    for (const [annotation, count] of Object.entries(LEAKED)) assert.equal(LEGACY_PAGE.split(annotation).length - 1, count, annotation);
    assert.equal(stripped.removed, 103);
  });

  it('changes nothing but the annotations', () => {
    let expected = LEGACY_PAGE;
    for (const annotation of Object.keys(LEAKED)) expected = expected.replaceAll(annotation, annotation[0]!);
    assert.equal(stripped.text, expected);
    assert.deepEqual(stripped.text.match(/[(（][^)）]*[)）]/g), [
      '(文峰佳苑C區)',
      '(鄉鎮)',
      '(鄉鎮)',
      '(鄉鎮)',
      '(村)',
      '(塆組)',
      '(社區)',
      '(文峰佳苑C區)',
    ]);
  });

  it('is stripped in well under 50 ms once warm', () => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      stripLeakedPinyin(LEGACY_PAGE);
      best = Math.min(best, performance.now() - start);
    }
    assert.ok(best < 50, `${best.toFixed(1)} ms`);
  });

  it('is mixed: a real share of simplified characters among the traditional ones', () => {
    const counts = countScriptForms(stripped.text);
    // 随, 确, 标, 将, 态, 别 left simplified; 系 where traditional writes 繫 or 係.
    assert.ok(counts.traditional > 500, JSON.stringify(counts));
    assert.ok(counts.simplified >= 20 && counts.simplified / (counts.simplified + counts.traditional) >= MIXED_SHARE, JSON.stringify(counts));
    assert.equal(repairScript(stripped.text, 'cn').detected, 'mixed');
    assert.equal(repairScript(stripped.text, 'tw').detected, 'mixed');
  });

  it('comes out consistently simplified for a simplified site', () => {
    const { text, changed } = repairScript(stripped.text, 'cn');
    for (const word of ['联系我们', '形成紧密联系', '致富能手', '随州市', '标杆', '确认集体', '实绩考核内容', '红色', '党建', '乡村振兴', '新闻中心', '学历'])
      assert.ok(text.includes(word), word);
    for (const word of ['聯系', '緻富', '确認', '內容', '紅色']) assert.ok(!text.includes(word), word);
    assert.equal(countScriptForms(text).traditional, 0);
    assert.equal(changed, countScriptForms(stripped.text).traditional);
    assert.equal(text.length, stripped.text.length);
  });

  it('comes out consistently traditional for a traditional site', () => {
    const { text } = repairScript(stripped.text, 'tw');
    for (const word of ['聯繫我們', '形成緊密聯繫', '致富能手', '隨州市', '標杆', '確認集體', '實績考核內容', '直接關係居民'])
      assert.ok(text.includes(word), word);
    for (const word of ['聯系', '緻富', '随州', '确認', '标']) assert.ok(!text.includes(word), word);
    assert.equal(countScriptForms(text).simplified, 0);
  });

  it('gives the same simplified text directly or through its traditional repair', () => {
    const direct = repairScript(stripped.text, 'cn').text;
    assert.equal(repairScript(repairScript(stripped.text, 'tw').text, 'cn').text, direct);
    assert.equal(repairScript(direct, 'cn').changed, 0);
  });
});

describe('repairScript converts at phrase level', () => {
  it('聯系, 聯繫, 緻富 and 确認 become 联系, 致富 and 确认', () => {
    const { text, changed } = repairScript('聯系我們，聯繫我們，緻富，确認內容', 'cn');
    assert.equal(text, '联系我们，联系我们，致富，确认内容');
    // 聯 們 聯 繫 們 緻 認 內: 系 and 确 were already simplified.
    assert.equal(changed, 8);
  });

  it('a simplified text becomes Taiwan, Hong Kong or OpenCC standard traditional', () => {
    const tw = repairScript(SIMPLIFIED_ARTICLE, 'tw').text;
    for (const word of ['聯繫電話', '隨州市', '確認', '致富', '標杆', '群眾']) assert.ok(tw.includes(word), word);
    assert.ok(repairScript(SIMPLIFIED_ARTICLE, 'hk').text.includes('隨州市億聯網絡'));
    assert.ok(repairScript(SIMPLIFIED_ARTICLE, 't').text.includes('羣衆'));
  });

  it('text between -{ and }- is kept as written, markers included, and not counted', () => {
    assert.deepEqual(repairScript('-{聯系}-的內容', 'cn'), { text: '-{聯系}-的内容', changed: 1, detected: 'traditional' });
    // Unmarked, 随 would count as simplified: 聯 and 系 alone are one of each, a tie, so the target's script.
    assert.deepEqual(countScriptForms('-{随州}-市聯系'), { traditional: 1, simplified: 1 });
    assert.deepEqual(repairScript('-{随州}-市聯系', 'tw'), { text: '-{随州}-市聯繫', changed: 1, detected: 'traditional' });
  });

  it('counts a Taiwan phrase that changes length by the longer side', () => {
    // U盘 → 隨身碟: three code points; 计算机 → 計算機: two.
    assert.deepEqual(repairScript('U盘很好\n计算机', 'twp'), { text: '隨身碟很好\n計算機', changed: 5, detected: 'simplified' });
  });
});

describe('repairScript round trips', () => {
  const zhs = golden('');
  const standards = [
    ['t', '.s2t'],
    ['tw', '.s2tw'],
    ['hk', '.s2hk'],
  ] as const;

  it('a clean simplified text is simplified and stays as it is', () => {
    for (const text of [zhs, SIMPLIFIED_ARTICLE]) {
      const result = repairScript(text, 'cn');
      assert.equal(result.detected, 'simplified');
      assert.equal(result.changed, 0);
      assert.equal(result.text, text);
    }
  });

  for (const [locale, name] of standards) {
    it(`simplified → ${locale} is OpenCC's golden ${name.slice(1)} output, and back`, () => {
      const traditional = golden(name);
      const forward = repairScript(zhs, locale);
      assert.equal(forward.text, traditional);
      assert.equal(forward.changed, countChangedCodePoints(zhs, traditional));
      assert.ok(forward.changed > 2000);
      const back = repairScript(traditional, 'cn');
      assert.equal(back.detected, 'traditional');
      assert.equal(back.text, zhs);
      assert.equal(back.changed, forward.changed);
    });

    it(`a clean ${locale} text is traditional and stays as it is`, () => {
      const traditional = golden(name);
      assert.deepEqual(countScriptForms(traditional).simplified, 0);
      assert.deepEqual(repairScript(traditional, locale), { text: traditional, changed: 0, detected: 'traditional' });
    });
  }
});

describe('repairScript keeps a traditional author’s characters', () => {
  it('擡頭, 計畫 and 驚嘆 stay as written (the way through simplified gives 抬頭, 計劃, 驚歎); a stray 随 becomes 隨', () => {
    const text = '他們在臺北舉行記者會，擡頭看見随州的山，說明計畫的內容與時程安排，令人驚嘆。';
    for (const locale of ['tw', 'hk'] as const) {
      const result = repairScript(text, locale);
      assert.equal(result.detected, 'traditional');
      assert.match(result.text, /擡頭看見隨州的山，(說|説)明計畫的內容與時程安排，令人驚嘆/);
    }
  });

  // Human-written Taiwan and Hong Kong sentences (test/corpus/conversion): the text an editor
  // imports into a site of its own script should come out as written. Before, every sentence
  // went through simplified and back: 593 of the 25,466 Taiwan sentences and 6,006 of the 19,090
  // Hong Kong ones changed (嘆 → 歎 for Taiwan, 歎 → 嘆 for Hong Kong); now 266 and 769: a
  // character form of the target standard (横 → 橫, 鉤 → 鈎) or a character read as simplified.
  for (const [region, most] of [['tw', 0.012], ['hk', 0.06]] as const) {
    it(`changes at most ${most * 100}% of the human-written ${region} sentences`, () => {
      const rows = corpusRows(region);
      const changed = rows.filter((row) => repairScript(row.traditional, region).changed > 0).length;
      assert.ok(rows.length > 15_000);
      assert.ok(changed / rows.length <= most, `${changed} of ${rows.length} changed`);
    });
  }
});

describe('script detection', () => {
  it('a text with nothing script-specific is in the target script', () => {
    assert.equal(repairScript('2022年5月16日', 'cn').detected, 'simplified');
    assert.equal(repairScript('2022年5月16日', 'tw').detected, 'traditional');
    assert.equal(repairScript('', 'hk').detected, 'traditional');
  });

  it('one script-specific character decides a short text', () => {
    assert.equal(repairScript('2022年5月16日，人口100万。', 'tw').detected, 'simplified');
    assert.equal(repairScript('2022年5月16日，人口100萬。', 'cn').detected, 'traditional');
  });

  it(`one odd character is not mixed; ${MIXED_MIN_COUNT} are`, () => {
    assert.deepEqual(countScriptForms('随州市億聯網絡科技有限公司'), { traditional: 4, simplified: 1 });
    assert.equal(repairScript('随州市億聯網絡科技有限公司', 'cn').detected, 'traditional');
    assert.equal(repairScript('随州市億聯網絡科技有限公司确認', 'cn').detected, 'mixed');
  });

  it(`mixed from ${MIXED_SHARE * 100}% of the script-specific characters`, () => {
    const traditional = '經濟發展。'.repeat(100);
    const below = traditional + '随州'.repeat(2);
    const above = traditional + '随州'.repeat(4);
    assert.deepEqual(countScriptForms(below), { traditional: 300, simplified: 2 });
    assert.deepEqual(countScriptForms(above), { traditional: 300, simplified: 4 });
    assert.equal(repairScript(below, 'tw').detected, 'traditional');
    assert.equal(repairScript(above, 'tw').detected, 'mixed');
    // The same from the simplified side.
    const simplified = '经济发展。'.repeat(100);
    assert.deepEqual(countScriptForms(simplified + '經濟'), { traditional: 2, simplified: 300 });
    assert.deepEqual(countScriptForms(simplified + '經濟發展經濟'), { traditional: 5, simplified: 300 });
    assert.equal(repairScript(simplified + '經濟', 'cn').detected, 'simplified');
    assert.equal(repairScript(simplified + '經濟發展經濟', 'cn').detected, 'mixed');
  });

  it('traditional forms of every standard count as traditional, not as simplified', () => {
    // 台 (Taiwan), 衞 (Hong Kong), 羣 (OpenCC standard) are each some standard's form.
    assert.deepEqual(countScriptForms('平台'), { traditional: 0, simplified: 0 });
    assert.deepEqual(countScriptForms('衞生'), { traditional: 1, simplified: 0 });
    assert.deepEqual(countScriptForms('人羣'), { traditional: 1, simplified: 0 });
    assert.deepEqual(countScriptForms('鄰里'), { traditional: 1, simplified: 0 });
  });
});

describe('countChangedCodePoints', () => {
  it('counts code points that differ, position by position', () => {
    assert.equal(countChangedCodePoints('聯系我們', '联系我们'), 2);
    assert.equal(countChangedCodePoints('𪢮月', '圞月'), 1);
    assert.equal(countChangedCodePoints('同', '同'), 0);
  });

  it('counts a line whose length changed by the longer side of its changed stretch', () => {
    assert.equal(countChangedCodePoints('用U盘存\n计算机', '用隨身碟存\n計算機'), 3 + 2);
    assert.equal(countChangedCodePoints('ab', 'abc'), 1);
  });

  it('relies on OpenCC keeping lengths in every chain it uses to judge scripts', () => {
    // countScriptForms compares the text with its conversions position by position.
    type Dict = string | readonly (readonly [string, string])[];
    const chains = configs as unknown as Record<string, { normalizationChain?: Dict[][]; conversionChain: Dict[][] }>;
    for (const name of ['hk2s', 's2t', 's2tw', 's2hk']) {
      const chain = chains[name]!;
      for (const dict of [...(chain.normalizationChain ?? []), ...chain.conversionChain].flat()) {
        const pairs = typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict;
        for (const [source, target] of pairs) assert.equal([...source!].length, [...target!].length, `${name}: ${source} → ${target}`);
      }
    }
  });
});
