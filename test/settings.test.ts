import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asXinwenErrors, type XinwenError } from '../src/core/errors.ts';
import { buildTime } from '../src/core/clock.ts';
import { siteTextOf } from '../src/render/view-model.ts';
import { parseSettings } from '../src/settings/settings.ts';

const MINIMAL = 'name: 随州新闻中心\nbase_url: https://www.example.com/\n';

function errorsOf(source: string): XinwenError[] {
  try {
    parseSettings(source);
  } catch (thrown) {
    return asXinwenErrors(thrown);
  }
  assert.fail('expected parseSettings to throw');
}

describe('parseSettings defaults', () => {
  const settings = parseSettings(MINIMAL);

  test('time zone and date format default to Shanghai and the legacy CMS pattern', () => {
    assert.equal(settings.timezone, 'Asia/Shanghai');
    assert.equal(settings.dateFormat, 'YYYY/M/D H:mm:ss');
  });

  test('page size defaults to 15 and the default author to 网站编辑', () => {
    assert.equal(settings.pageSize, 15);
    assert.equal(settings.defaultAuthor, '网站编辑');
  });

  test('nav defaults to 首页 and 新闻中心', () => {
    assert.deepEqual(settings.nav, [
      { title: '首页', url: '/' },
      { title: '新闻中心', url: '/news/' },
    ]);
  });

  test('the ICP link defaults to the MIIT registry and no police link without a number', () => {
    assert.equal(settings.filings.icpUrl, 'https://beian.miit.gov.cn/');
    assert.equal(settings.filings.policeUrl, undefined);
  });

  test('the contact company defaults to the site name', () => {
    assert.equal(settings.contact.company, '随州新闻中心');
  });

  test('the result is frozen', () => {
    assert.ok(Object.isFrozen(settings));
    assert.ok(Object.isFrozen(settings.filings));
  });
});

describe('parseSettings values', () => {
  test('the police link is the registry query for the digits of the filing number', () => {
    const settings = parseSettings(`${MINIMAL}filings:\n  police: 鄂公网安备42130202000000号\n`);
    assert.equal(settings.filings.policeUrl, 'https://beian.mps.gov.cn/#/query/webSearch?code=42130202000000');
  });

  test('an explicit police_url wins over the derived one', () => {
    const settings = parseSettings(`${MINIMAL}filings:\n  police: 鄂公网安备42130202000000号\n  police_url: https://x.cn/\n`);
    assert.equal(settings.filings.policeUrl, 'https://x.cn/');
  });

  test('base_url gets a trailing slash and its path becomes basePath', () => {
    const settings = parseSettings('name: a\nbase_url: https://x.com/news\n');
    assert.equal(settings.baseUrl, 'https://x.com/news/');
    assert.equal(settings.basePath, '/news/');
  });

  test('a base_url at the domain root has basePath /', () => {
    assert.equal(parseSettings(MINIMAL).basePath, '/');
  });

  test('page_size: 20 is read as a number', () => {
    assert.equal(parseSettings(`${MINIMAL}page_size: 20\n`).pageSize, 20);
  });
});

describe('parseSettings errors', () => {
  test('an unknown key suggests the nearest known one, on its line', () => {
    const [error, ...rest] = errorsOf(`${MINIMAL}page_sise: 20\n`);
    assert.equal(rest.length, 0);
    assert.equal(error!.code, 'settings/unknown-key');
    assert.equal(error!.hint, 'Did you mean `page_size`?');
    assert.equal(error!.line, 3);
  });

  test('a nested unknown key names its full path and suggests the nested key, on its line', () => {
    const [error] = errorsOf(`${MINIMAL}contact:\n  company: 随州公司\n  hotlin: 0722-1234567\n`);
    assert.equal(error!.code, 'settings/unknown-key');
    assert.match(error!.message, /contact\.hotlin/);
    assert.equal(error!.hint, 'Did you mean `contact.hotline`?');
    assert.equal(error!.line, 5);
  });

  test('every unknown key in one map is reported, not only the first', () => {
    const errors = errorsOf(`${MINIMAL}page_sise: 20\ntimezon: Asia/Shanghai\n`);
    assert.deepEqual(errors.map((e) => e.line), [3, 4]);
  });

  test('a missing name is settings/missing', () => {
    const [error] = errorsOf('base_url: https://www.example.com/\n');
    assert.equal(error!.code, 'settings/missing');
    assert.match(error!.message, /`name`/);
  });

  test('page_size as text is settings/invalid naming the key, on its line', () => {
    const [error] = errorsOf(`${MINIMAL}page_size: "a"\n`);
    assert.equal(error!.code, 'settings/invalid');
    assert.match(error!.message, /`page_size`/);
    assert.equal(error!.line, 3);
  });

  test('a time zone that does not exist is settings/invalid', () => {
    const [error] = errorsOf(`${MINIMAL}timezone: Asia/Suizhou\n`);
    assert.equal(error!.code, 'settings/invalid');
    assert.match(error!.message, /`timezone`/);
  });

  test('several problems are reported together', () => {
    const errors = errorsOf('base_url: ftp://x\npage_size: 0\ncolour: red\n');
    assert.deepEqual(errors.map((e) => e.code).sort(), [
      'settings/invalid',
      'settings/invalid',
      'settings/missing',
      'settings/unknown-key',
    ]);
  });

  test('a YAML syntax error is reported with its line', () => {
    const [error] = errorsOf(`${MINIMAL}name: again\n`);
    assert.equal(error!.code, 'yaml/syntax');
    assert.equal(error!.line, 3);
  });
});

describe('variant paths never collide with the site own pages', () => {
  const withVariant = (variantPath: string, extra = '') => `${MINIMAL}variants:\n  - opencc: cn\n    path: /\n  - opencc: tw\n    path: ${variantPath}\n${extra}`;

  for (const taken of ['/tags/', '/archive/', '/search/', '/columns/', '/news/', '/assets/', '/404.html/', '/feed.xml/', '/atom.xml/', '/feed.json/', '/sitemap.xml/', '/sitemap-2.xml/', '/robots.txt/', '/index.html/', '/Tags/', '/news/zh-hant/']) {
    test(`${taken} is refused with a message`, () => {
      const [error] = errorsOf(withVariant(taken));
      assert.equal(error!.code, 'settings/invalid');
      assert.match(error!.message, /clashes with the site's own `[^`]+`: its pages would overwrite them/);
      assert.match(error!.hint!, /Use a prefix of its own/);
    });
  }

  test('a variant nested in another may not take one of its names either', () => {
    const source = `${MINIMAL}variants:\n  - opencc: cn\n    path: /\n  - opencc: tw\n    path: /zh/\n  - opencc: hk\n    path: /zh/archive/\n`;
    assert.match(errorsOf(source)[0]!.message, /variant path `\/zh\/archive\/` clashes with the site's own \/zh\/ `archive`/);
  });

  test('prefixes of their own are fine', () => {
    for (const fine of ['/zh-hant/', '/hk/', '/tw/news-center/', '/big5/']) assert.equal(parseSettings(withVariant(fine)).variants[1]!.path, fine);
  });
});

describe('identity and home-page settings', () => {
  test('defaults: no logo, the built-in favicon, copyright by the company without a year, no 长辈模式, 5 slides, 6 items a column', () => {
    const settings = parseSettings(`${MINIMAL}contact:\n  company: 随州某某公司\n`);
    assert.equal(settings.logo, undefined);
    assert.equal(settings.favicon, '/favicon.ico');
    assert.deepEqual(settings.copyright, { owner: '随州某某公司', since: undefined });
    assert.equal(settings.elderMode, false);
    assert.equal(settings.homeSlides, 5);
    assert.equal(settings.homeColumnItems, 6);
  });

  test('the copyright line runs from `since` to the build year, in each script', () => {
    const settings = parseSettings(`${MINIMAL}copyright:\n  owner: 某某公司\n  since: 2022\n`);
    const same = (text: string) => text;
    assert.equal(siteTextOf(settings, same, 2026).copyright, '© 2022–2026 某某公司 版权所有');
    assert.equal(siteTextOf(settings, same, 2022).copyright, '© 2022 某某公司 版权所有');
    const noYear = parseSettings(MINIMAL);
    assert.equal(siteTextOf(noYear, same, 2026).copyright, '© 随州新闻中心 版权所有');
    const hant = siteTextOf(settings, (text) => text.replace('权', '權').replace('某某公司', '某某公司'), 2026);
    assert.equal(hant.copyright, '© 2022–2026 某某公司 版權所有');
  });

  test('a year that is not one, an unknown copyright key and a javascript: logo are errors on their line', () => {
    const [since] = errorsOf(`${MINIMAL}copyright:\n  since: 22\n`);
    assert.equal(since!.code, 'settings/invalid');
    assert.equal(since!.line, 4);
    assert.match(since!.message, /copyright\.since/);
    const [unknown] = errorsOf(`${MINIMAL}copyright:\n  onwer: 某某公司\n`);
    assert.equal(unknown!.code, 'settings/unknown-key');
    assert.match(unknown!.hint ?? '', /copyright\.owner/);
    const [logo] = errorsOf(`${MINIMAL}logo: "javascript:alert(1)"\n`);
    assert.match(logo!.message, /logo/);
  });
});

describe('buildTime', () => {
  test('SOURCE_DATE_EPOCH, when set to seconds, is the build time; anything else is the clock', () => {
    assert.equal(buildTime({ SOURCE_DATE_EPOCH: '1780272000' }), 1780272000000);
    const before = Date.now();
    assert.ok(buildTime({ SOURCE_DATE_EPOCH: 'tomorrow' }) >= before);
    assert.ok(buildTime({}) >= before);
  });
});
