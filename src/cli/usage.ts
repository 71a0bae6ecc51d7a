import { say } from '../core/language.ts';

/** `xinwen help`, in each language. */
const USAGE_ZH = `xinwen：新闻中心静态网站生成器（同时发布简体和繁体）

用法：
  xinwen build [--root 目录] [--out 目录] [--drafts] [--force] [--no-wait] [--no-sync] [--jobs N] [--verbose]
  xinwen dev   [--root 目录] [--port 端口] [--host 地址] [--drafts] [--verbose]
  xinwen check [--root 目录] [--all]
  xinwen new   "标题" [--root 目录] [--category 栏目]
  xinwen import 网页或文件夹... [--root 目录] [--out 目录] [--dry-run] [--force]
  xinwen import --from jekyll|hugo|hexo 原网站文件夹 [--root 目录] [--out 目录] [--dry-run] [--force]
  xinwen init  目录

命令：
  build   生成网站          dev    边写边看（本地预览，改动后自动重新生成）
  check   检查文章和链接    new    新建一篇文章
  import  导入旧网站的网页；--from：导入 Jekyll、Hugo、Hexo 网站的文章
  init    新建一个网站（带注释的 content/site.yaml、一篇示例文章、.gitignore；
          只写进不存在的或空的文件夹）

选项：
  --root 目录  站点文件夹，里面有 content/（默认：当前文件夹）
  --out 目录   生成到哪个文件夹（默认：站点的 dist/；import 默认：content/news/）
  --drafts     把 draft: true 的草稿也生成出来
  --force      不管是否已是最新，全部重新生成（import：覆盖以前导入过的文章）
  --no-wait    另一次生成正在写同一个输出文件夹时，立即停止，不等它结束
  --no-sync    不等新生成的文件写入磁盘就替换旧的（磁盘慢时更快；但生成刚结束就断电，
               新文件可能是空的）
  --dry-run    import：只报告将会写入什么，不写任何文件
  --from 生成器  import：导入 Jekyll、Hugo 或 Hexo 网站（或它放文章的文件夹）的文章，旧地址照样能打开
  --cache-dir 目录  已解析、已转换文章的缓存放在哪里（默认：站点的 .cache/xinwen）
  --no-cache   不读也不写缓存
  --jobs N     用几个线程（默认：2,000 篇文章起每个 CPU 核一个，少于此数用一个）
  --verbose    显示每个步骤的用时和内存峰值（dev：每次重新生成的各步骤）
  --quiet      除了错误什么都不显示
  --stats 文件 把生成统计写成 JSON（npm run bench 用）
  --lang zh|en 提示信息的语言：zh 中文，en 英文（默认按系统语言 LANG/LC_ALL，
               未设置时为中文；也可以设 XINWEN_LANG=en）
  --debug      出错时显示调用栈（报告程序错误时用）
  --help       显示这份说明
`;

const USAGE_EN = `xinwen: static news-center generator (simplified and traditional Chinese)

Usage:
  xinwen build [--root DIR] [--out DIR] [--drafts] [--force] [--no-wait] [--no-sync] [--jobs N] [--verbose]
  xinwen dev   [--root DIR] [--port N] [--host ADDRESS] [--drafts] [--verbose]
  xinwen check [--root DIR] [--all]
  xinwen new   "标题" [--root DIR] [--category 栏目]
  xinwen import PAGE|FOLDER... [--root DIR] [--out DIR] [--dry-run] [--force]
  xinwen import --from jekyll|hugo|hexo SITE [--root DIR] [--out DIR] [--dry-run] [--force]
  xinwen init  DIR

Commands:
  build   build the site          dev    preview while writing (rebuilds on every change)
  check   check articles, links   new    start a new article
  import  import an old site's pages; --from: the posts of a Jekyll, Hugo or Hexo site
  init    start a new site (a commented content/site.yaml, an example article, .gitignore;
          only into a folder that does not exist or is empty)

Options:
  --root DIR   site folder with content/ (default: current folder)
  --out DIR    output folder (default: ROOT/dist; import: ROOT/content/news)
  --drafts     include articles with draft: true
  --force      build everything from the sources, even when the output is up to date (import: replace articles imported before)
  --no-wait    if another build is writing into the output folder, stop at once instead of waiting for it
  --no-sync    do not wait for the new output to reach the disk before it replaces the old one (faster on a
               slow disk; a power cut just after the build may then leave files of the new output empty)
  --dry-run    import: report what would be written, write nothing
  --from NAME  import: the posts of a Jekyll, Hugo or Hexo site (or its folder of posts); old addresses keep working
  --cache-dir DIR  where parsed and converted articles are kept (default: ROOT/.cache/xinwen)
  --no-cache   neither read nor write the cache
  --jobs N     threads to use (default: one per core from 2,000 articles, one below)
  --verbose    print the time of each build stage and peak memory (dev: of each rebuild's steps)
  --quiet      print nothing but errors
  --stats FILE write build statistics as JSON (used by npm run bench)
  --lang zh|en language of the messages: zh Chinese, en English (default: from the locale, LANG/LC_ALL,
               Chinese when none is set; XINWEN_LANG=en in the environment works too)
  --debug      print stack traces of errors
  --help       show this help
`;

export const usage = (): string => say(USAGE_ZH, USAGE_EN);

/** Node's message for a bad command line (it is English only), in the user's language. */
export function usageMessage(code: string, message: string): string {
  const option = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return say(`没有 ${option} 这个选项`, message);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return say(`这个命令不需要参数 ${option}`, message);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return say(/argument missing/.test(message) ? `选项 ${option.split(' ')[0]} 后面要写一个值` : `选项 ${option} 后面不能写值`, message);
    default:
      return message;
  }
}
