// The baseline a build is compared against, measured in the same run: the
// bare minimum loop of read + gray-matter + markdown-it + write, one thread.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';

const [root, outDir] = process.argv.slice(2);
const begin = performance.now();
const md = new MarkdownIt();
rmSync(outDir!, { recursive: true, force: true });
const files = readdirSync(path.join(root!, 'content'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.md'))
  .sort();
for (const file of files) {
  const parsed = matter(readFileSync(path.join(root!, 'content', file), 'utf8'), {});
  const html = `<h1>${String(parsed.data.title)}</h1>${md.render(parsed.content)}`;
  const target = path.join(outDir!, file.replace(/\.md$/, ''), 'index.html');
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, html);
}
const totalMs = performance.now() - begin;
process.stdout.write(`${JSON.stringify({ totalMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
