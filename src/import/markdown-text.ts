/**
 * Plain text → Markdown text: backslash-escape what Markdown would read as
 * syntax, so a line of a text dump renders as the words it holds.
 */
export function escapeMarkdown(line: string): string {
  return line
    .replace(/[\\`*_[\]]/g, (char) => `\\${char}`)
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/^(#{1,6}|>|[-+])(?=\s|$)/, (mark) => `\\${mark}`)
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}
