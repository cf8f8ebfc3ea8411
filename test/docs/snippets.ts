/**
 * Type-checking README snippets against the workspace with the TypeScript
 * compiler API: each ```ts block becomes a file of a temporary folder inside
 * the repository (so that the `@catalyse/*` aliases of tsconfig.base.json and
 * node_modules resolve as for the code), one program checks them all, and each
 * diagnostic is mapped back to its README line. The folder is deleted after.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from '@catalyse/testing';

/** A problem found in a snippet, located in its markdown file. */
export interface SnippetProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** `file:line: TSxxxx message`, as the test prints it. */
export const describeProblem = (p: SnippetProblem): string => `${p.file}:${p.line}: ${p.message}`;

/** Type-checks the snippets with the options of `<root>/tsconfig.base.json`; returns the problems of each snippet file only. */
export function typeCheckSnippets(root: string, snippets: readonly CodeBlock[]): SnippetProblem[] {
  const configPath = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // Snippets are ES modules, so that they may `await` at top level as a reader would write it;
    // the bundler resolution reads the same `paths` and node_modules as the code's node16 one.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
  };

  const dir = join(root, 'tmp', `readme-snippets-${process.pid}-${Date.now()}`);
  const bySnippetFile = new Map<string, CodeBlock>();
  mkdirSync(dir, { recursive: true });
  try {
    snippets.forEach((snippet, index) => {
      const path = join(dir, `${String(index).padStart(3, '0')}-${snippet.file.replace(/[^A-Za-z0-9]+/g, '_')}-L${snippet.line}.ts`);
      // `export {}` after the code keeps its lines where they are and makes it a module.
      writeFileSync(path, `${snippet.code}\nexport {};\n`);
      bySnippetFile.set(path, snippet);
    });
    const program = ts.createProgram({ rootNames: [...bySnippetFile.keys()], options });
    const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    if (global.length > 0) throw new Error(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
    const problems: SnippetProblem[] = [];
    for (const [path, snippet] of bySnippetFile) {
      const source = program.getSourceFile(path);
      if (!source) throw new Error(`the compiler did not load ${path}`);
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
        problems.push({ file: snippet.file, line: snippet.line + at, message: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` });
      }
    }
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
