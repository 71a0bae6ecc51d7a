import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutAtMore, shiftHeadings } from '../src/import/migrate/body-tools.ts';
import { convertLiquid } from '../src/import/migrate/liquid.ts';
import { oldPath, type PostPlace, unfilledToken, xinwenPattern } from '../src/import/migrate/permalinks.ts';
import { readPost } from '../src/import/migrate/read-post.ts';
import { convertShortcodes } from '../src/import/migrate/shortcodes.ts';
import type { TagContext } from '../src/import/migrate/tag-tools.ts';

/** Posts the converters can link to, and one asset file. */
const context: TagContext = {
  linkToPost: (reference) => ({ '2016-05-16-confoo-cfp': './2016-05-16-confoo-cfp.md', 'hello-world': './2015-01-01-hello-world.md', '/docs/pwa': '../2021-01-01-pwa/index.md' })[reference],
  asset: (name) => (name === 'photo.jpg' ? 'photo.jpg' : undefined),
};

describe('Liquid of Jekyll posts', () => {
  it('highlight becomes a fenced block, raw keeps its text, site.baseurl and relative_url become the path', () => {
    const body = [
      '{% highlight ruby linenos %}',
      'puts "hi"',
      '{% endhighlight %}',
      '![a]({{ site.baseurl }}/img/a.png) [b]({{ "/about/" | relative_url }})',
      '{% raw %}{{ kept }}{% endraw %}',
    ].join('\n');
    const result = convertLiquid(body, 'jekyll', context);
    assert.equal(result.body, ['```ruby', 'puts "hi"', '```', '![a](/img/a.png) [b](/about/)', '{{ kept }}'].join('\n'));
    assert.deepEqual(result.unknown, []);
  });

  it('post_url and link point at the imported article; one not imported is reported with its line', () => {
    const result = convertLiquid('[x]({% post_url 2016-05-16-confoo-cfp %})\n[y]({% link _posts/2016-05-16-confoo-cfp.md %})\n\n[z]({% post_url 2001-01-01-gone %})', 'jekyll', {
      ...context,
      linkToPost: (reference) => (reference.includes('confoo') ? './2016-05-16-confoo-cfp.md' : undefined),
    });
    assert.equal(result.body, '[x](./2016-05-16-confoo-cfp.md)\n[y](./2016-05-16-confoo-cfp.md)\n\n[z]()');
    assert.deepEqual(result.unresolved, [{ reference: '2001-01-01-gone', line: 4 }]);
  });

  it('an unknown tag or variable is removed and reported with its line, never left as text', () => {
    const result = convertLiquid('第一行\n{% include note.html %}\n{{ page.title | upcase }}\n{% capture x %}hidden{% endcapture %}\n最后', 'jekyll', context);
    assert.equal(result.body, '第一行\n\n\n\n最后');
    assert.deepEqual(result.unknown, [
      { tag: '{% capture %}', line: 4 },
      { tag: '{% include %}', line: 2 },
      { tag: '{{ page.title }}', line: 3 },
    ]);
  });

  it('Jekyll runs Liquid inside code blocks too', () => {
    assert.equal(convertLiquid('```\n{{ site.url }}/feed.xml\n```', 'jekyll', context).body, '```\n/feed.xml\n```');
  });
});

describe('Hexo tag plugins', () => {
  it('codeblock, blockquote with its source, asset_img and post_link become Markdown', () => {
    const body = [
      '{% codeblock _config.yml lang:yaml %}',
      'post_asset_folder: true',
      '{% endcodeblock %}',
      '{% blockquote David Levithan, Wide Awake %}',
      '不要只为自己寻找快乐。',
      '{% endblockquote %}',
      '{% asset_img photo.jpg 随州香菇节 %}',
      '见{% post_link hello-world 第一篇 %}。',
      '{% youtube 07sokZ0kXzY %}',
    ].join('\n');
    const result = convertLiquid(body, 'hexo', context);
    assert.equal(
      result.body,
      [
        '```yaml',
        'post_asset_folder: true',
        '```',
        '> 不要只为自己寻找快乐。',
        '>',
        '> —— David Levithan, Wide Awake',
        '![随州香菇节](photo.jpg "随州香菇节")',
        '见[第一篇](./2015-01-01-hello-world.md)。',
        '[YouTube](https://www.youtube.com/watch?v=07sokZ0kXzY)',
      ].join('\n'),
    );
    assert.deepEqual(result.assets, ['photo.jpg']);
  });

  it('reads a tag whose arguments hold a %', () => {
    const result = convertLiquid('{% jsfiddle zx2xyzea js,html light 100% 400 %}\n{% ruby 中文 zhōngwén %}', 'hexo', context);
    assert.equal(result.body, '[JSFiddle](https://jsfiddle.net/zx2xyzea/)\n');
    assert.deepEqual(result.unknown, [{ tag: '{% ruby %}', line: 2 }]);
  });

  it('leaves Markdown code as written (Hexo shows it), and removes an unknown tag with its content kept', () => {
    const body = '`{% asset_img a.png %}`\n\n```\n{% codeblock %}\n```\n{% note info %}\n提示\n{% endnote %}';
    const result = convertLiquid(body, 'hexo', context);
    assert.equal(result.body, '`{% asset_img a.png %}`\n\n```\n{% codeblock %}\n```\n\n提示\n');
    assert.deepEqual(result.unknown, [{ tag: '{% note %}', line: 6 }]);
  });
});

describe('Hugo shortcodes', () => {
  it('highlight, figure, youtube and ref become Markdown', () => {
    const body = [
      '{{< highlight go >}}',
      'fmt.Println("你好")',
      '{{< /highlight >}}',
      '{{< figure src="/images/zion.jpg" alt="锡安" caption="锡安国家公园" link="https://www.nps.gov/zion/" >}}',
      '{{< youtube w7Ft2ymGmfc >}}',
      '[PWA]({{< ref "/docs/pwa" >}})',
    ].join('\n');
    const result = convertShortcodes(body, context);
    assert.equal(
      result.body,
      [
        '```go',
        'fmt.Println("你好")',
        '```',
        '[![锡安](/images/zion.jpg "锡安国家公园")](https://www.nps.gov/zion/)',
        '[YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)',
        '[PWA](../2021-01-01-pwa/index.md)',
      ].join('\n'),
    );
    assert.deepEqual(result.unknown, []);
  });

  it('an unknown paired shortcode keeps its content; an unknown single one goes; both are reported with their lines', () => {
    const body = '开头\n{{< alert success >}}\n做得好！\n{{< /alert >}}\n{{% code/example %}}\n结尾';
    const result = convertShortcodes(body, context);
    assert.equal(result.body, '开头\n\n做得好！\n\n\n结尾');
    assert.deepEqual(result.unknown, [
      { tag: '{{< alert >}}', line: 2 },
      { tag: '{{< code/example >}}', line: 5 },
    ]);
  });

  it('the comment form shows a shortcode as text, as Hugo does: as it is in code, as inline code elsewhere', () => {
    assert.equal(convertShortcodes('```\n{{</* alert */>}}x{{</* /alert */>}}\n```', context).body, '```\n{{< alert >}}x{{< /alert >}}\n```');
    assert.equal(convertShortcodes('用 `{{</* ref "a" */>}}` 或者 {{%/* music "1" */%}}', context).body, '用 `{{< ref "a" >}}` 或者 `{{% music "1" %}}`');
  });

  it('ref to a post not imported is reported, and the link is left pointing nowhere', () => {
    const result = convertShortcodes('[菜单]({{< ref "/docs/menu#top" >}})', context);
    assert.equal(result.body, '[菜单](#top)');
    assert.deepEqual(result.unresolved, [{ reference: '/docs/menu#top', line: 1 }]);
  });
});

describe('front matter of other generators', () => {
  it('reads TOML, JSON, and Hexo front matter that has no opening ---', () => {
    const toml = readPost('+++\ntitle = "添加内容"\ndate = 2021-12-04T10:43:39+08:00\ntags = ["Authoring"]\n+++\n正文', 'a.md');
    assert.equal(toml.format, 'toml');
    assert.equal(toml.data.title, '添加内容');
    assert.equal(toml.data.date, '2021-12-04T10:43:39+08:00');
    assert.equal(toml.body, '正文');
    assert.equal(toml.bodyLine, 6);
    const json = readPost('{\n  "title": "你好",\n  "draft": true\n}\n正文', 'b.md');
    assert.deepEqual(json.data, { title: '你好', draft: true });
    assert.equal(json.body, '正文');
    const hexo = readPost('title: Icarus快速上手\ndate: 2016-01-05\n---\n\n欢迎', 'c.md', true);
    assert.deepEqual(hexo.data, { title: 'Icarus快速上手', date: '2016-01-05' });
    assert.equal(hexo.body, '\n欢迎');
    assert.equal(readPost('只有正文', 'd.md').format, 'none');
    // Only Hexo reads front matter with no opening line: elsewhere `注意: …` over a rule is text.
    assert.equal(readPost('注意: 正文\n---\n更多', 'e.md').format, 'none');
  });
});

describe('the body', () => {
  it('level-1 headings go one level down, also setext ones, never inside code', () => {
    const { body, shifted } = shiftHeadings('# 一\n## 二\n\n三\n===\n\n```\n# 注释\n```');
    assert.ok(shifted);
    assert.equal(body, '## 一\n### 二\n\n## 三\n\n```\n# 注释\n```');
    assert.equal(shiftHeadings('## 二\n### 三').shifted, false);
  });

  it('<!-- more --> cuts the summary: the text above it, as one line', () => {
    const { body, summary } = cutAtMore('欢迎使用Icarus！\nIcarus是一款主题。\n\n<!-- more -->\n正文');
    assert.equal(summary, '欢迎使用Icarus！Icarus是一款主题。');
    assert.equal(body, '欢迎使用Icarus！\nIcarus是一款主题。\n\n正文');
  });
});

describe('old addresses', () => {
  const place = (extra: Partial<PostPlace> = {}): PostPlace => ({
    date: { year: 2016, month: 5, day: 16, hour: 9, minute: 5, second: 0 },
    title: 'confoo-cfp',
    headline: 'ConFoo 征稿',
    categories: [],
    sections: ['posts'],
    ...extra,
  });

  it('Jekyll: its named styles and patterns, categories in lower case, the post’s own permalink', () => {
    assert.equal(oldPath('jekyll', place(), {}), '/2016/05/16/confoo-cfp.html');
    assert.equal(oldPath('jekyll', place({ categories: ['Web', 'PWA'] }), { pattern: 'pretty' }), '/web/pwa/2016/05/16/confoo-cfp/');
    assert.equal(oldPath('jekyll', place(), { pattern: '/blog/:year/:slug' }), '/blog/2016/confoo-cfp/');
    assert.equal(oldPath('jekyll', place(), { pattern: 'pretty' }, '/about-confoo/'), '/about-confoo/');
  });

  it('Hexo: default :year/:month/:day/:title/, :category or the default category', () => {
    assert.equal(oldPath('hexo', place({ title: 'zh-CN/Getting-Started' }), {}), '/2016/05/16/zh-CN/Getting-Started/');
    assert.equal(oldPath('hexo', place({ title: 'FAQ' }), { pattern: ':category/:post_title/', defaultCategory: 'uncategorized' }), '/uncategorized/FAQ/');
    assert.equal(oldPath('hexo', place({ title: 'FAQ', categories: ['Web Dev'] }), { pattern: ':category/:post_title/' }), '/Web-Dev/FAQ/');
    // :id is known only to Hexo's database: the path keeps it, and the import says it cannot work the address out.
    assert.equal(unfilledToken(oldPath('hexo', place(), { pattern: 'p/:id/' })), ':id');
    assert.equal(unfilledToken(oldPath('hexo', place(), {})), undefined);
  });

  it('Hugo: section and name in lower case, [permalinks] by section, the language prefix, url', () => {
    assert.equal(oldPath('hugo', place({ title: 'Confoo-CFP' }), {}), '/posts/confoo-cfp/');
    assert.equal(oldPath('hugo', place(), { pattern: { posts: '/:year/:month/:slug/' } }), '/2016/05/confoo-征稿/');
    assert.equal(oldPath('hugo', place({ language: 'zh-hans', sections: ['docs', 'advanced'], title: 'hooks' }), {}), '/zh-hans/docs/advanced/hooks/');
    assert.equal(oldPath('hugo', place(), {}, '/special/'), '/special/');
  });

  it('the permalink setting that keeps them, when xinwen has every part of it', () => {
    assert.equal(xinwenPattern('jekyll', { pattern: 'pretty' }, []), '/:category/:year/:month/:day/:slug/');
    assert.equal(xinwenPattern('jekyll', {}, []), '/:category/:year/:month/:day/:slug.html');
    assert.equal(xinwenPattern('hexo', { pattern: ':year/:month/:day/:title/' }, []), '/:year/:month/:day/:slug/');
    assert.equal(xinwenPattern('hexo', { pattern: ':year/:id/' }, []), undefined);
    assert.equal(xinwenPattern('hugo', {}, ['post']), '/post/:slug/');
  });
});
