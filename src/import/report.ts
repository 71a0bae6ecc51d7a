import path from 'node:path';
import type { MessageScript } from '../core/format-error.ts';
import { language, say } from '../core/language.ts';
import type { ImportResult, PageReport } from './import.ts';

/**
 * The import report: one table row per page (what became of it, the
 * article, the fields found, the encoding it was read in, the script it was
 * in, and how many characters script repair changed, leaked pinyin readings
 * were removed and punctuation marks were made full-width), then each page's
 * warnings, then a count. Errors of failed pages are printed apart, in the
 * project's error format (see main.ts).
 */
export function formatReport(result: ImportResult, script: MessageScript = (text) => text): string {
  const show = (text: string) => (language() === 'zh' ? script(text) : text);
  // A migration's rows are posts, and its fields are the ones written.
  const posts = 'notes' in result;
  const header = (posts ? say('原文 结果 文章 写入的字段 编码 字形 修正 拼音 标点', 'post result article written encoding script changed pinyin punctuation') : say('网页 结果 文章 找到的字段 编码 字形 修正 拼音 标点', 'page result article found encoding script changed pinyin punctuation'))
    .split(' ')
    .map(show);
  const rows = result.pages.map((page) => [
    page.page,
    show(statusText(page, result.dryRun)),
    page.article ? articleName(page.article) : '-',
    page.fields.length > 0 ? page.fields.join(' ') : '-',
    page.encoding ?? '-',
    page.script ? show(say(SCRIPT_ZH[page.script], page.script)) : '-',
    String(page.scriptChanged),
    String(page.pinyinRemoved),
    String(page.punctuation),
  ]);
  const into = shownFolder(result.outDir);
  const title = say(`${show('导入到')} ${into}${result.dryRun ? show('（试运行：不写入任何文件）') : ''}`, `import into ${into}${result.dryRun ? ' (dry run: nothing written)' : ''}`);
  const lines = [title, '', ...table([header, ...rows], [6, 7, 8])];
  const warned = result.pages.filter((page) => page.warnings.length > 0 || page.error);
  if (warned.length > 0) {
    lines.push('', say(show('警告：'), 'warnings:'));
    for (const page of warned) {
      for (const warning of page.warnings) lines.push(`  ${page.page}${say('：', ': ')}${show(warning)}`);
      if (page.error) {
        lines.push(say(`  ${page.page}：${show(`没有导入：${page.error.message}（见下面的错误）`)}`, `  ${page.page}: not imported: ${page.error.message} (see the error below)`));
      }
    }
  }
  const notes = (result as ImportResult & { notes?: string[] }).notes ?? [];
  if (notes.length > 0) lines.push('', ...notes.map((note) => `  ${show(note)}`));
  lines.push('', show(summary(result, posts)));
  return `${lines.join('\n')}\n`;
}

const SCRIPT_ZH: Record<NonNullable<PageReport['script']>, string> = { simplified: '简体', traditional: '繁体', mixed: '简繁混杂' };

const STATUS_ZH: Record<PageReport['status'], string> = { imported: '已导入', replaced: '已覆盖', skipped: '已跳过', failed: '失败' };

function statusText(page: PageReport, dryRun: boolean): string {
  if (language() === 'zh') {
    if (dryRun && page.status === 'imported') return '将导入';
    if (dryRun && page.status === 'replaced') return '将覆盖';
    return STATUS_ZH[page.status];
  }
  if (!dryRun) return page.status;
  return page.status === 'imported' ? 'would import' : page.status === 'replaced' ? 'would replace' : page.status;
}

/** The article's file name; an article folder's index.md is shown with its folder. */
function articleName(article: string): string {
  const name = path.basename(article);
  return name === 'index.md' ? `${path.basename(path.dirname(article))}/${name}` : name;
}

function summary(result: ImportResult, posts: boolean): string {
  const count = (status: PageReport['status']) => result.pages.filter((page) => page.status === status).length;
  const verb = result.dryRun ? 'would be ' : '';
  const total = result.pages.length;
  const will = result.dryRun ? '将' : '';
  const [unit, measure, noun] = posts ? ['篇文章', '篇', 'post'] : ['个网页', '个', 'page'];
  return say(
    `共 ${total} ${unit}：${count('imported')} ${measure}${will}导入，${count('replaced')} ${measure}${will}覆盖，${count('skipped')} ${measure}跳过（以前导入过），${count('failed')} ${measure}失败`,
    `${total} ${noun}${total === 1 ? '' : 's'}: ${count('imported')} ${verb}imported, ${count('replaced')} ${verb}replaced, ` +
      `${count('skipped')} skipped (imported before), ${count('failed')} failed`,
  );
}

function shownFolder(folder: string): string {
  return path.relative(process.cwd(), folder) || '.';
}

/** Columns padded to their widest cell, counting a Chinese character as two columns; `right` columns are right-aligned. */
function table(rows: string[][], right: number[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]!))));
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column]! - displayWidth(cell));
        return right.includes(column) ? pad + cell : column === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000 ? 2 : 1;
  }
  return width;
}
