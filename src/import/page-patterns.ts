import { findDate, normalizeDate } from './page-dates.ts';

/**
 * The lines a legacy news page is made of, recognised by their words: the
 * meta line (作者 / 来源 / 日期 / 人气), the breadcrumb, a trailing 来源 line,
 * the 标签 line, and the chrome after the article (上一篇, footer, filings).
 * Shared by the HTML and the plain-text extractors. Words are written here in
 * simplified script and also match their traditional forms and the mixed
 * forms of a character-by-character converter (标簽, 來源).
 */

/** Simplified characters of the words below, each with its traditional forms. */
const VARIANTS = new Map(
  (
    '来來 签簽籤 标標 气氣 览覽 浏瀏 击擊 点點 阅閱 读讀 访訪 问問 时時 间間 发發 布佈 于於 责責 编編 辑輯 处處 闻聞 ' +
    '页頁 热熱 线線 务務 网網 备備 证證 权權 术術 关關 键鍵 词詞 条條 载載 转轉 络絡 联聯 系繫係 话話 电電 邮郵 传傳 ' +
    '机機 门門 荐薦 顶頂 闭閉 评評 论論 详詳 细細 内內 资資 讯訊 动動 态態 频頻 数數 当當 现現 图圖 为為 简簡 产產 ' +
    '专專 体體 条條 个個 件件 关關 还還 欢歡 视視 们們 绍紹 于於 户戶 导導 统統 实實 际際 单單 亲親 场場 报報 构構 业業 广廣 书書 题題 择擇 窗窗 享享 录錄'
  )
    .split(' ')
    .map((group): [string, string] => [group[0]!, group]),
);

const HAN_CHAR = /\p{Script=Han}/gu;

/** A RegExp whose Chinese characters also match their other forms. Han characters must not stand inside [ ] in `source`. */
function variantRegExp(source: string, flags?: string): RegExp {
  return new RegExp(
    source.replace(HAN_CHAR, (char) => {
      const forms = VARIANTS.get(char);
      return forms ? `[${forms}]` : char;
    }),
    flags,
  );
}

/** `作者` also written `作　者` or `作 者`; longest first, so 发布时间 wins over 时间. */
function alternatives(labels: readonly string[]): string {
  return [...labels]
    .sort((a, b) => b.length - a.length)
    .map((label) => [...label].join('[\\s\\u3000]*'))
    .join('|');
}

const SPACE = '[\\s\\u3000]*';

type MetaKey = 'author' | 'source' | 'date' | 'views' | 'editor';
const LABELS: [MetaKey, readonly string[]][] = [
  ['author', ['作者', '撰稿', '撰稿人', '撰文', '发布者', '发布人', '记者']],
  // 责任编辑 and the like edited the article, they did not write it: read (so they end the field before), never kept.
  ['editor', ['责任编辑', '编辑', '责编', '选稿', '审核', '校对', '值班编辑', '网络编辑', '审校']],
  ['source', ['来源', '稿源', '文章来源', '信息来源', '出处', '来自']],
  ['date', ['日期', '时间', '发布时间', '发布日期', '发表时间', '更新时间', '发表于', '发布', '发稿时间', '最近更新时间', '最新更新时间']],
  ['views', ['人气', '浏览', '浏览次数', '浏览量', '点击', '点击数', '点击量', '阅读', '阅读量', '阅读次数', '访问量']],
];
/** Not a counter of the whole site or day: 本日人气, 累积人气, 总点击. */
const SITE_COUNTER = '(?<![本今昨][日天]|累[积積計计]|[总總])';
const LABEL_SOURCE = `${SITE_COUNTER}(${alternatives(LABELS.flatMap(([, labels]) => labels))})${SPACE}[:：]`;
const LABEL = variantRegExp(LABEL_SOURCE, 'g');
/** The same, for a single test (a global RegExp keeps state between `test` calls). */
const ANY_LABEL = variantRegExp(LABEL_SOURCE);
const KEY_PATTERNS = LABELS.map(([key, labels]): [MetaKey, RegExp] => [key, variantRegExp(`^(${labels.join('|')})$`)]);

function keyOf(label: string): MetaKey {
  return KEY_PATTERNS.find(([, pattern]) => pattern.test(label))![0];
}

/** Fields of a page's meta line. */
export interface MetaFields {
  author?: string;
  source?: string;
  /** `YYYY-MM-DD HH:mm:ss`, or `YYYY-MM-DD` when the page gives no time. */
  date?: string;
  views?: number;
}

/** Trim spaces and the brackets and bars CMSes put around meta fields. */
function cleanValue(value: string): string {
  return value.replace(/^[\s\u3000|｜/【】[\]]+|[\s\u3000|｜/【】[\]]+$/g, '');
}

/**
 * The fields of a meta line such as `作者:网站编辑 来源:转载 日期:2022/5/17
 * 8:10:05 人气:190`, or undefined when the line is not one (it needs two
 * fields, or a date on a short line).
 */
export function parseMetaLine(text: string): MetaFields | undefined {
  if (text.length > 300) return undefined;
  // `本文来源于国家统计局`: 来源于 needs no colon.
  const line = text.replace(SOURCE_OF, '来源：').replace(BARE_LABEL, '$1$2：');
  const matches = [...line.matchAll(LABEL)];
  const counted = countedViews(line);
  if (matches.length === 0 && counted === undefined) return undefined;
  const fields: MetaFields = {};
  const first = matches[0]?.index ?? COUNTED_AT.exec(line)?.index ?? line.length;
  let editors = 0;
  matches.forEach((match, index) => {
    const label = match[1]!.replace(/[\s\u3000]/g, '');
    const key = keyOf(label);
    const end = index + 1 < matches.length ? matches[index + 1]!.index : line.length;
    let value = cleanValue(line.slice(match.index + match[0].length, end));
    // A date printed inside another field: `来源：太原晚报 2021-11-25 16:26:07`, or an empty 作者： before the date line.
    const dated = key === 'date' || key === 'views' ? undefined : findDate(value);
    if (dated) {
      fields.date ??= dated.date;
      value = cleanValue(value.slice(0, dated.index) + ' ' + value.slice(dated.index + dated.length));
    }
    if (key === 'date') fields.date ??= normalizeDate(value);
    else if (key === 'views') {
      const number = /^[(（]?\s*(\d[\d,]*)/.exec(value);
      if (number) fields.views ??= Number(number[1]!.replace(/,/g, ''));
    } else if (key === 'editor') editors++;
    else if (value !== '' && value.length <= 60) {
      if (key === 'source') {
        // `中国新闻网 王帆`: the source is the first name; a person's name after it is the author.
        const [first, ...rest] = value.split(/[\s\u3000]+/);
        fields.source ??= first!.length >= 2 ? first : value;
        if (rest.length === 1 && isPersonName(rest[0]!)) fields.author ??= rest[0];
      } else if (!CHROME_VALUE.test(value)) fields[key] ??= value;
    }
  });
  fields.views ??= counted;
  // A date before the first label: `2022-05-17 08:10 来源：湖北日报`; the poster before it in a blog's footer.
  const lead = line.slice(0, first);
  const dated = findDate(lead);
  fields.date ??= dated?.date;
  const poster = dated ? lead.slice(dated.index + dated.length) : lead;
  const name = /^[\s\u3000]*(?:posted\s*@\s*)?(\S.{0,20}?)[\s\u3000]*(?:发表在|發表在|发表于|發表於|$)/i.exec(poster.replace(/^[\s\u3000]*posted\s*@/i, ''));
  if (name && /posted\s*@|发表在|發表在/i.test(line) && !ANY_LABEL.test(name[1]!)) fields.author ??= name[1]!.trim();
  // `报纸网 |发布: 2021-1-29 13:18|点击: 313`: the poster's name before the first label, set off by a bar.
  const barred = /^[\s\u3000]*([^\s|｜:：]{2,20})[\s\u3000]*[|｜][\s\u3000]*$/.exec(poster);
  if (!dated && barred && matches.length > 0) fields.author ??= barred[1];
  for (const key of Object.keys(fields) as (keyof MetaFields)[]) if (fields[key] === undefined) delete fields[key];
  const found = Object.keys(fields).length;
  if (found >= 2 || (found === 1 && line.length <= 80) || (editors > 0 && line.length <= 60)) return fields;
  return undefined;
}

/** `人气(453)`, `阅读( 430 )`, `已被阅读178次`, `1164次阅读`: views without a colon. */
const COUNTED = [
  variantRegExp(`${SITE_COUNTER}(?:人气|阅读|浏览|点击)${SPACE}[(（]${SPACE}(\\d[\\d,]*)${SPACE}[)）]`),
  variantRegExp(`${SITE_COUNTER}(?:已被|被)?(?:阅读|浏览|点击)${SPACE}(\\d[\\d,]*)${SPACE}次`),
  variantRegExp(`(\\d[\\d,]*)${SPACE}次(?:阅读|浏览|点击)`),
];
const COUNTED_AT = variantRegExp(`${SITE_COUNTER}(人气|阅读|浏览|点击)${SPACE}[(（]|(已被|被)?(阅读|浏览|点击)${SPACE}\\d|\\d+${SPACE}次(阅读|浏览|点击)`);

function countedViews(line: string): number | undefined {
  for (const pattern of COUNTED) {
    const match = pattern.exec(line);
    if (match) return Number(match[1]!.replace(/,/g, ''));
  }
  return undefined;
}

/** `| 来源CSDN| 作者魏星`: labels without a colon, between bars. */
const BARE_LABEL = variantRegExp(`((?:^|[|｜])${SPACE})(来源|作者)(?=[\\p{L}\\d])`, 'gu');
const SOURCE_OF = variantRegExp(`(本文)?来源于${SPACE}[:：]?`, 'g');
/** Values that are controls, not names: `作者：【打印】`. */
const CHROME_VALUE = variantRegExp('^(打印|关闭|收藏|分享|评论|字体|字号)|^[大中小]([\\s\\u3000]*[大中小])*$');

/** Two to four Chinese characters (a Chinese name), or names of them separated by spaces or 、. */
export function isPersonName(text: string): boolean {
  return /^\p{Script=Han}{2,4}([\s\u3000、，,]+\p{Script=Han}{2,4}){0,2}$/u.test(text.trim()) && !NOT_A_NAME.test(text.trim());
}
/** Words of controls and chrome that a name never holds. */
const NOT_A_NAME = variantRegExp(
  '(网|报|社|台|站|刊|新闻|财经|频道|中心|编辑|记者|分享|微博|微信|空间|评论|打印|收藏|关闭|推荐|首页|更多|专题|视频|图片|广告|客户端|订阅|登录|注册|返回|发布|正文|字号|字体|本页|稍后|再读|博客|联系|添加|喜爱|导航|举报|纠错|默认|放大|缩小|荐稿|阅读|点击|转发|评论|留言|热门|最新|相关)',
);

export { findDate, normalizeDate } from './page-dates.ts';

const HOME = variantRegExp('^(首页|主页|网站首页|home)$', 'i');
const LEAF = variantRegExp('^(正文|正文内容|详情|详细内容|详细|内容|文章详情|新闻详情|文章内容|新闻内容|阅读|浏览|查看)$');
const NEWS_ROOT = variantRegExp('^(新闻中心|新闻资讯|新闻动态|资讯中心|新闻|资讯|动态|新闻频道|新闻列表|news|news center)$', 'i');
const WHERE = variantRegExp(`(您当前的位置|您现在的位置|您所在的位置|当前位置|您的位置|所在位置|位置)${SPACE}[:：]`);
const CRUMB_SEPARATOR = /[>»›＞→]|&gt;/;

/** A breadcrumb such as `您所在的位置:首页 > 新闻中心 > 正文`. */
export function isBreadcrumb(line: string): boolean {
  if (line.length > 200 || !CRUMB_SEPARATOR.test(line)) return false;
  const parts = crumbs(line);
  if (WHERE.test(line) || (parts.length >= 2 && (HOME.test(parts[0]!) || SITE_HOME.test(parts[0]!)))) return true;
  // `人民网>>江苏频道>>教育`, `科技 > 要闻 > THE NEXT WEB > 正文`: three short steps or more.
  return line.length <= 80 && parts.length >= 3 && parts.every((part) => [...part].length <= 14) && !/[，。！？]/.test(line);
}
/** `新浪首页`, `企业服务首页`: a site's home page named after the site. */
const SITE_HOME = variantRegExp('首页$');

function crumbs(line: string): string[] {
  const where = WHERE.exec(line);
  const path = where ? line.slice(where.index + where[0].length) : line;
  return path
    .split(/[>»›＞→]|&gt;/)
    .map((part) => part.replace(/[\s\u3000]+/g, ' ').trim())
    .filter((part) => part !== '');
}

/**
 * The column (栏目) a breadcrumb names: 首页 > 新闻中心 > 公司新闻 > 正文 →
 * 公司新闻. Home, the news center itself, 正文 and the article's own title
 * are not columns, so 首页 > 新闻中心 > 正文 has none.
 */
export function columnFromBreadcrumb(line: string, title?: string): string | undefined {
  const parts = crumbs(line).filter((part) => !HOME.test(part) && !LEAF.test(part) && !ISSUE.test(part));
  // A special topic (聚焦…, …专题) under the column is not a column: the column is above it.
  while (parts.length > 1 && TOPIC.test(parts.at(-1)!)) parts.pop();
  const last = parts.at(-1);
  if (last !== undefined && ((title !== undefined && title.includes(last)) || [...last].length > 16)) parts.pop();
  const column = parts.at(-1);
  return column === undefined || NEWS_ROOT.test(column) ? undefined : column;
}

/** An issue of a periodical (`2007年第23号`, `第24期`): not a column. */
const ISSUE = /^(\d{4}\s*年\s*)?第\s*\d+\s*[号號期]$|^\d{4}[-/]\d+期?$/;
const TOPIC = variantRegExp('^聚焦|专题$|专题[:：]|^专题');

const SOURCE_LINE = variantRegExp(`^${SPACE}(?:来源|稿源|文章来源|信息来源|出处)${SPACE}[:：]${SPACE}(\\S.{0,40}?)${SPACE}$`);

/** The value of a line that is only `来源: 湖北日报`, else undefined. */
export function parseSourceLine(line: string): string | undefined {
  const match = SOURCE_LINE.exec(line);
  if (!match) return undefined;
  const value = cleanValue(match[1]!);
  return value === '' || ANY_LABEL.test(value) ? undefined : value;
}

const GENERIC_SOURCE = variantRegExp('^(转载|转载文章|转自网络|网络|網路|网络转载|互联网|网络整理|转载自网络)$');

/** 转载 (reposted) and the like say that a text came from elsewhere without naming it. */
export function isGenericSource(source: string): boolean {
  return GENERIC_SOURCE.test(source.trim());
}

const TAGS_LINE = variantRegExp(`^${SPACE}(?:标签|关键词|关键字|tags?)${SPACE}(?:[:：]${SPACE}(.*))?$`, 'i');

/** Tags of a `标签: 党建 治理` line (`[]` for an empty one), or undefined when the line is not a tags line. */
export function parseTagsLine(line: string): string[] | undefined {
  const match = TAGS_LINE.exec(line);
  if (!match) return undefined;
  return splitTags(match[1] ?? '');
}

export function splitTags(text: string): string[] {
  const tags = text
    .split(/[,，、;；|｜/\s\u3000]+/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

/**
 * Lines that start the chrome after an article: navigation between articles,
 * sharing, printing, comments. The word must stand alone or before `:` or
 * `】`, so a paragraph that begins 相关阅读材料显示… is still text.
 */
const AFTER_ARTICLE = variantRegExp(
  '^[\\s\\u3000【\\[※]*(上一篇|下一篇|上一条|下一条|上篇|下篇|相关新闻|相关文章|相关阅读|相关链接|相关报道|相关专题|延伸阅读|热门文章|热门新闻|推荐阅读|推荐新闻|精彩推荐|精彩视频推荐|视频推荐|为你推荐|为您推荐|猜你喜欢|你可能还想看|你可能也喜欢|其他人也在看|更多精彩|返回列表|返回顶部|返回页首|打印本页|打印此文|关闭窗口|分享到|分享至|发送给朋友|我要评论|网友评论)[\\s\\u3000]*([:：】\\]|]|$)',
);
/** Footer words: hotline, filing numbers, copyright; words an article may use too (技术支持) only as a label. */
const FOOTER = variantRegExp(`((服务热线|网站备案|公安备案|技术支持)${SPACE}[:：]|ICP备|ICP证|公网安备|版权所有|copyright|©)`, 'i');

/** The article is over: what follows is page chrome. */
export function isAfterArticle(line: string): boolean {
  return line.length <= 200 && (AFTER_ARTICLE.test(line) || COMMENTS.test(line) || (FOOTER.test(line) && !SENTENCE_END.test(line)));
}

/** The comments of a blog post: `《标题》已有1件评论`, `发表评论`, the trackback address. */
const COMMENTS = variantRegExp('已有\\s*\\d+\\s*(件|条|个|篇)评论|^[\\s\\u3000]*发表评论[\\s\\u3000]*$|通告引用|trackback', 'i');

/** A sentence of the text (`…要获得版权所有者的许可。”`) is not a footer, whatever words it uses. */
const SENTENCE_END = /[。！？!?][”’」』"]?$/;

/** Footer lines (hotline, filings, copyright) anywhere on the page. */
export function isFooterLine(line: string): boolean {
  return line.length <= 200 && FOOTER.test(line);
}

/** Reader controls printed as text: `【字体：大 中 小】【打印】【关闭】`. */
export function isPageControl(line: string): boolean {
  return /^([\s\u3000]*[【[][^】\]]{1,16}[】\]])+[\s\u3000]*$/.test(line) || FONT_SIZE.test(line);
}
const FONT_SIZE = variantRegExp(`^[\\s\\u3000【\\[]*(字体|字号)${SPACE}[:：]`);

const NAV_WORD = variantRegExp('^(首页|新闻中心|联系我们|关于我们|公司简介|产品中心|网站地图|在线留言)$');
const CONTACT = variantRegExp(
  `^(电${SPACE}话|手${SPACE}机|传${SPACE}真|地${SPACE}址|邮${SPACE}箱|联系人|网${SPACE}址|QQ|E-?mail)${SPACE}[:：]`,
  'i',
);

/** Header, sidebar and contact lines: never an article's title. */
export function isChromeLine(line: string): boolean {
  return isBreadcrumb(line) || isFooterLine(line) || NAV_WORD.test(line) || CONTACT.test(line);
}
