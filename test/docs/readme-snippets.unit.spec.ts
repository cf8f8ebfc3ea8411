/**
 * The docs are checked against the code: every ```ts block of the
 * repository's markdown (README.md, each lib's README, docs/) type-checks
 * against the workspace, unless marked ```ts fragment (a shape, not meant to
 * compile: counted and printed); every `npm run <script>` names a script of
 * package.json; every `npm run ops -- <command>` a command of the ops CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CodeBlock, codeBlocks, markdownFiles, readMarkdown } from '@catalyse/testing';
import { describeProblem, type SnippetProblem, typeCheckSnippets } from './snippets';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '..', '..');
const FILES = markdownFiles(ROOT);
const TEXT = new Map(FILES.map((file) => [file, readMarkdown(ROOT, file)]));
const BLOCKS = FILES.flatMap((file) => codeBlocks(file, TEXT.get(file) ?? ''));
const isTs = (block: CodeBlock): boolean => block.lang === 'ts' || block.lang === 'typescript';
const FRAGMENTS = BLOCKS.filter((block) => isTs(block) && block.flags.includes('fragment'));
const SNIPPETS = BLOCKS.filter((block) => isTs(block) && !block.flags.includes('fragment'));
const FILES_WITH_SNIPPETS = [...new Set(SNIPPETS.map((s) => s.file))];

describe('README code snippets', () => {
  let problems: SnippetProblem[] = [];

  beforeAll(() => {
    problems = typeCheckSnippets(ROOT, SNIPPETS);
    console.log(
      `README snippets: ${SNIPPETS.length} type-checked in ${FILES_WITH_SNIPPETS.length} files; ${FRAGMENTS.length} marked \`ts fragment\` and skipped` +
        FRAGMENTS.map((f) => `\n  skipped ${f.file}:${f.line}`).join(''),
    );
  });

  it('finds the markdown of the repository', () => {
    expect(FILES).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'libs/operations/README.md', 'libs/demo/README.md']));
  });

  if (FILES_WITH_SNIPPETS.length > 0) {
    it.each(FILES_WITH_SNIPPETS)('%s: every ```ts block compiles against the workspace', (file) => {
      expect(problems.filter((p) => p.file === file).map(describeProblem)).toEqual([]);
    });
  }
});

describe('commands named in the docs', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
  const opsSources = readdirSync(join(ROOT, 'apps', 'ops', 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  const opsCommands = opsSources.flatMap((f) =>
    [...readFileSync(join(ROOT, 'apps', 'ops', 'src', f), 'utf8').matchAll(/\.command\(\s*'([a-z][\w-]*)/g)].map((m) => m[1] ?? ''),
  );
  /** Every match of `pattern` in every markdown file, with its line: `{where: 'file:line', name}`. */
  const mentions = (pattern: RegExp): { where: string; name: string }[] =>
    FILES.flatMap((file) =>
      (TEXT.get(file) ?? '').split('\n').flatMap((text, i) => [...text.matchAll(pattern)].map((m) => ({ where: `${file}:${i + 1}`, name: m[1] ?? '' }))),
    );

  it('every `npm run <script>` names a script of package.json', () => {
    const named = mentions(/npm run(?:\s+-{1,2}[a-z-]+)*\s+([A-Za-z][\w:.-]*)/g);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter(({ name }) => !scripts.includes(name))).toEqual([]);
  });

  it('every `npm run ops -- <command>` names a command of the ops CLI (apps/ops/src)', () => {
    expect(opsCommands).toEqual(expect.arrayContaining(['token', 'verify', 'demo', 'generate']));
    const named = mentions(/npm run(?:\s+-{1,2}[a-z-]+)*\s+ops\s+--\s+([^\s`'"|)]+)/g).filter(({ name }) => !name.startsWith('<') && !name.startsWith('-'));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter(({ name }) => !opsCommands.includes(name))).toEqual([]);
  });
});
