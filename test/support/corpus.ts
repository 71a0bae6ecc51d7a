import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A deterministic synthetic news corpus for benchmarks and scale tests:
 * N articles of 2–8 KB of Chinese news prose, 30 tags, 4 categories.
 * The same N and seed always give the same files.
 */
export interface CorpusOptions {
  articles: number;
  seed?: number;
}

const SUBJECTS = ['市委', '区政府', '公司', '街道办事处', '社区党委', '农业农村局', '教育局', '卫健委', '企业', '合作社', '随州市', '曾都区', '广水市', '随县', '技术团队', '项目组'];
const VERBS = ['推进', '召开', '发布', '组织', '部署', '完善', '开展', '加强', '落实', '深化', '建设', '启动', '联系', '确认', '保障', '提升'];
const OBJECTS = ['基层治理工作', '数字政府建设', '网络安全检查', '乡村振兴项目', '产业发展规划', '便民服务中心', '信息系统升级', '专题培训会议', '智慧社区平台', '香菇产业链', '专用汽车产业', '编钟文化节', '安全生产检查', '人才招聘计划', '标杆企业评选', '群众致富门路'];
const TAILS = ['取得明显成效', '进一步提高了服务水平', '受到群众广泛好评', '为下一步工作打下基础', '推动各项任务落地见效', '确保工作内容按时完成', '形成了可复制的经验', '有力促进了地方经济发展'];
const LINKS = ['同时', '此外', '据介绍', '会议指出', '与此同时', '记者了解到', '下一步', '近年来'];
const TAGS = Array.from({ length: 30 }, (_, i) => `标签${String.fromCharCode(0x4e00 + i * 37)}${i}`);
const CATEGORIES = ['公司新闻', '行业动态', '媒体报道', '通知公告'];
const SOURCES = ['本站原创', '随州日报', '湖北日报', '转载', '随州市融媒体中心'];
const AUTHORS = ['网站编辑', '综合办', '市场部 李娜', '技术部 张伟'];

/** mulberry32: small, fast, and the same on every platform; a failing sequence can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CORPUS_SETTINGS = [
  'name: 基准测试新闻中心',
  'base_url: https://bench.example.com/',
  'page_size: 15',
  'contact:',
  '  hotline: 177-8671-3510',
  '  address: 湖北省随州市曾都区随州市创新创业基地5楼',
  'filings:',
  '  icp: 鄂ICP备2021012345号-1',
  // Off in the corpus's own settings; the bench turns it on where it measures what users run (search is on by default).
  'search: false',
  '',
].join('\n');

export interface CorpusArticle {
  /** Path under content/. */
  file: string;
  text: string;
}

/** Write the corpus as a site folder: content/site.yaml and content/news/<year>/*.md. */
export function writeCorpus(root: string, options: CorpusOptions, settings = CORPUS_SETTINGS): void {
  const contentDir = path.join(root, 'content');
  mkdirSync(contentDir, { recursive: true });
  writeFileSync(path.join(contentDir, 'site.yaml'), settings);
  writeArticles(contentDir, options);
}

function writeArticles(contentDir: string, options: CorpusOptions): void {
  for (const article of corpusArticles(options)) {
    const target = path.join(contentDir, article.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, article.text);
  }
}

/** The corpus's articles, generated one at a time (nothing is written). */
export function* corpusArticles(options: CorpusOptions): Generator<CorpusArticle> {
  const next = random(options.seed ?? 20220517);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentence = () => `${pick(LINKS)}，${pick(SUBJECTS)}${pick(VERBS)}${pick(OBJECTS)}，${pick(TAILS)}。`;
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < options.articles; i++) {
    const targetBytes = 2048 + Math.floor(next() * 6144);
    const paragraphs: string[] = [];
    let bytes = 0;
    while (bytes < targetBytes) {
      const count = 2 + Math.floor(next() * 4);
      let paragraph = '';
      for (let s = 0; s < count; s++) paragraph += sentence();
      if (next() < 0.08) paragraphs.push(`## ${pick(OBJECTS)}`);
      paragraphs.push(paragraph);
      bytes += Buffer.byteLength(paragraph);
    }
    const time = new Date(start + i * 3_600_000 * 7 + Math.floor(next() * 3_600_000));
    const date = time.toISOString().slice(0, 19).replace('T', ' ');
    const tags = [...new Set([pick(TAGS), pick(TAGS), pick(TAGS)].slice(0, 1 + Math.floor(next() * 3)))];
    const title = `${pick(SUBJECTS)}${pick(VERBS)}${pick(OBJECTS)}（${i + 1}）`;
    const frontMatter = [
      '---',
      `title: "${title}"`,
      `date: "${date}"`,
      `author: ${pick(AUTHORS)}`,
      `source: ${pick(SOURCES)}`,
      `views: ${Math.floor(next() * 10000)}`,
      `tags: [${tags.join(', ')}]`,
      `category: ${pick(CATEGORIES)}`,
      '---',
      '',
    ].join('\n');
    yield {
      file: `news/${time.getUTCFullYear()}/${date.slice(0, 10)}-article-${i + 1}.md`,
      text: `${frontMatter}${paragraphs.join('\n\n')}\n`,
    };
  }
}
