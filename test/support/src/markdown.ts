/** Reading the repository's markdown: which files, and their fenced code blocks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders never searched for docs (build output, dependencies, data, scratch). */
const SKIPPED = new Set(['node_modules', 'dist', 'data', 'tmp', 'coverage']);

/** Every markdown file of the repository, as paths relative to `root` with `/`, sorted. */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(root);
  return found.sort();
}

export interface CodeBlock {
  /** The markdown file, relative to the repository. */
  readonly file: string;
  /** Line (1-based) of the block's first line of code, just after the opening fence. */
  readonly line: number;
  /** The language of the info string (`ts`, `bash`, …), lower case; `''` when none. */
  readonly lang: string;
  /** The words of the info string after the language (`fragment`, …). */
  readonly flags: readonly string[];
  readonly code: string;
}

/**
 * The fenced code blocks (``` or ~~~, possibly indented) of a markdown text. As in CommonMark, a backtick
 * fence's info string holds no backtick (```` ```ts ```` in a sentence is inline code), and a block closes at a
 * fence of the same character, at least as long, with nothing after it.
 */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', info = ''] = open;
    if (fence.startsWith('`') && info.includes('`')) continue;
    const [lang = '', ...flags] = info.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? '';
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] !== undefined && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ file, line: i + 2, lang: lang.toLowerCase(), flags: flags.filter(Boolean), code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export const readMarkdown = (root: string, file: string): string => readFileSync(join(root, file), 'utf8');
