import { say } from './language.ts';

/** What each step of a build (or a dev server's rebuild) does, in the editor's words. */
const STAGE_NAMES: Record<string, string> = {
  settings: '读取站点设置',
  dictionary: '读取转换词典',
  list: '查找文章和静态文件',
  images: '处理图片',
  lock: '锁定输出文件夹',
  fingerprint: '检查哪些文件有改动',
  state: '读取上次生成的记录',
  templates: '编译模板',
  load: '读取站点',
  read: '读取改动的文章',
  parse: '解析文章',
  convert: '简繁转换',
  bodies: '准备正文',
  plan: '安排页面',
  model: '整理栏目和列表',
  links: '检查站内链接',
  render: '生成页面',
  collect: '收集订阅源正文和搜索数据',
  feeds: '生成订阅源和网站地图',
  static: '复制静态文件',
  attachments: '复制文章文件夹里的附件',
  search: '生成搜索索引',
  commit: '替换输出文件夹',
  spare: '保留备用副本',
  cache: '写入缓存',
};

/** A step's name for the progress line: in Chinese, what it does; in English, its name. */
export function stageName(name: string): string {
  return say(STAGE_NAMES[name] ?? name, name);
}
