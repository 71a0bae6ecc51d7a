import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClock } from '../core/clock.ts';
import { XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';

/**
 * `xinwen init DIR`: a new site to start from instead of the demo: a
 * commented content/site.yaml with the settings a newcomer changes first,
 * one example article, and a .gitignore. Never writes into a folder that
 * has anything in it.
 */
export interface InitOptions {
  dir: string;
  /** Now, in epoch milliseconds (the example article's date). */
  now?: number;
}

/** The files written, by path from the new site's folder. */
export function createSite(options: InitOptions): string[] {
  const dir = path.resolve(options.dir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new XinwenError('init/not-a-folder', say(`${dir} 已经存在，而且不是文件夹`, `${dir} exists and is not a folder`), {
        hint: say('给新网站另选一个文件夹名。', 'Choose another folder name for the new site.'),
      });
    }
    const entries = readdirSync(dir);
    if (entries.length > 0) {
      throw new XinwenError('init/not-empty', say(`${dir} 不是空文件夹（里面有 ${entries.length} 项），xinwen 不会往里面写`, `${dir} is not empty (it has ${entries.length} entries); xinwen will not write into it`), {
        hint: say('给新网站另选一个不存在的或空的文件夹。', 'Choose a folder that does not exist yet, or an empty one.'),
      });
    }
  }
  const clock = createClock('Asia/Shanghai');
  const now = options.now ?? Date.now();
  const files: [string, string][] = [
    ['content/site.yaml', say(SITE_YAML_ZH, SITE_YAML_EN)],
    [`content/news/${clock.format(now, 'YYYY-MM-DD')}-huan-ying.md`, exampleArticle(clock.format(now, 'YYYY-MM-DD HH:mm:ss'))],
    ['.gitignore', '# xinwen 的缓存和生成的网站\n.cache/\ndist/\n'],
  ];
  for (const [file, text] of files) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text, { flag: 'wx' });
  }
  return files.map(([file]) => file);
}

/** The example article: its front matter shows the keys an editor uses most. */
function exampleArticle(date: string): string {
  return `---
title: 欢迎来到我们的新闻中心
date: "${date}"
author: 网站编辑
category: 公司新闻
tags: [通知公告]
---
这是网站的第一篇文章。第一段的前几句会成为列表页上的摘要。

## 怎样写新文章

在 content/news/ 里新建一个 .md 文件：开头两行 \`---\` 之间写标题和日期，下面写正文。
`;
}

const SITE_YAML_ZH = `# 站点设置。所有设置项和默认值见 xinwen 的 README（“站点设置”一节）。

# 网站名称：显示在页头和每个页面的标题里。
name: 我的新闻中心
# 一句话介绍网站，用在首页的描述里。
description: 公司新闻、行业动态和通知公告。
# 网站发布的地址；放在子目录里也可以，例如 https://www.example.com/news/
base_url: https://www.example.com/

# “联系我们”，显示在侧栏和页脚；用不到的行可以删掉。
contact:
  company: 我的公司
  hotline: 400-000-0000
  address: 某省某市某区某路 1 号
  email: news@example.com

# 备案号，显示在页脚并链接到查询网站。拿到备案号后去掉下面三行前面的 #。
# filings:
#   icp: 鄂ICP备2021000000号-1
#   police: 鄂公网安备42130202000000号

# 文章用什么字形写：zh-Hans 简体，zh-Hant 繁体（台湾 zh-Hant-TW，香港 zh-Hant-HK）。
script: zh-Hans
# 发布哪些版本：第一个在网站根目录，其余的各用一个前缀。
# opencc：cn 简体，tw 台湾繁体，hk 香港繁体。
variants:
  - opencc: cn
    path: /
  - opencc: tw
    path: /zh-hant/

# 文章的网址，默认 /news/:slug/。从 Jekyll、Hugo、Hexo 搬来的网站写成旧网址的样子，旧链接就不会失效：
# permalink: "/:year/:month/:day/:slug/"
`;

const SITE_YAML_EN = `# Settings of this site. Every key and its default is in xinwen's README ("Settings").

# Site name: in the header and in every page's title.
name: 我的新闻中心
# One sentence about the site, for the home page's description.
description: 公司新闻、行业动态和通知公告。
# Where the site is published; a sub-folder works too, e.g. https://www.example.com/news/
base_url: https://www.example.com/

# 联系我们, in the sidebar and the footer; delete the lines you do not need.
contact:
  company: 我的公司
  hotline: 400-000-0000
  address: 某省某市某区某路 1 号
  email: news@example.com

# Filing numbers, in the footer with links to the registries. Remove the # of these three lines once you have them.
# filings:
#   icp: 鄂ICP备2021000000号-1
#   police: 鄂公网安备42130202000000号

# The script articles are written in: zh-Hans simplified, zh-Hant traditional (zh-Hant-TW Taiwan, zh-Hant-HK Hong Kong).
script: zh-Hans
# The published trees: the first at the site's root, each other one under a prefix.
# opencc: cn simplified, tw Taiwan traditional, hk Hong Kong traditional.
variants:
  - opencc: cn
    path: /
  - opencc: tw
    path: /zh-hant/

# Articles' addresses, default /news/:slug/. A site moved from Jekyll, Hugo or Hexo writes its old shape here, so old links keep working:
# permalink: "/:year/:month/:day/:slug/"
`;
