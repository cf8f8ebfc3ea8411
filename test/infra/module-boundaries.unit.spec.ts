/**
 * The module boundaries forbid something real (docs/architecture.md §2.4): ESLint with
 * the workspace's own config, on source placed in real projects, must refuse
 * the imports that cross the onion or the scopes, and accept the allowed ones.
 * (`npm test` runs `nx show projects` first, so the project graph is fresh.)
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

jest.setTimeout(60_000);

describe('module boundaries (eslint.config.mjs, @nx/enforce-module-boundaries)', () => {
  /** The real ESLint CLI (its ESM config cannot load inside jest's VM), the code given on stdin as if it were `filePath`. */
  const violations = (filePath: string, code: string): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'],
        {
          cwd: ROOT,
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0 && code !== 1) return reject(new Error(`eslint exited with ${code}: ${err}`));
        const [result] = JSON.parse(out) as { messages: { ruleId: string | null; message: string }[] }[];
        resolve((result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
      });
      child.stdin.end(code);
    });

  it('keeps the domain free of frameworks, drivers and adapters', async () => {
    const found = await violations(
      'libs/domain/src/index.ts',
      "import { Injectable } from '@nestjs/common';\nimport { SqliteEventStore } from '@catalyse/event-store-sqlite';\nexport const x = [Injectable, SqliteEventStore];\n",
    );
    expect(found).toEqual([
      expect.stringContaining('"type:domain" is not allowed to import "@nestjs/common"'),
      expect.stringContaining('"type:domain" can only depend on libs tagged with "type:domain"'),
    ]);
  });

  it('keeps application code off adapters and test servers', async () => {
    const found = await violations(
      'libs/projections/src/index.ts',
      "import { SqliteEventStore } from '@catalyse/event-store-sqlite';\nimport { startRedis } from '@catalyse/test-servers';\nexport const x = [SqliteEventStore, startRedis];\n",
    );
    expect(found).toHaveLength(2);
    for (const message of found) expect(message).toContain('"type:application" can only depend on libs tagged with');
  });

  it('keeps one scope out of another’s features', async () => {
    expect(await violations('libs/hub/src/index.ts', "import { configureHttpApp } from '@catalyse/api-http';\nexport const x = configureHttpApp;\n")).toEqual([
      expect.stringContaining('"scope:hub" can only depend on libs tagged with "scope:hub", "scope:shared"'),
    ]);
  });

  it('accepts what the layering allows', async () => {
    expect(await violations('libs/projections/src/store.ts', "import type { FeedEntry } from '@catalyse/protocol';\nexport type X = FeedEntry;\n")).toEqual([]);
    expect(
      await violations('libs/runtime/src/index.ts', "import { SqliteEventStore } from '@catalyse/event-store-sqlite';\nexport const x = SqliteEventStore;\n"),
    ).toEqual([]);
  });

  it('has no wildcard constraint, and every project carries one scope and one type tag that a constraint names', async () => {
    const config = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--print-config', 'libs/domain/src/index.ts'], {
        cwd: ROOT,
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const [, options] = (
      JSON.parse(config) as { rules: Record<string, [number, { depConstraints: { sourceTag: string; onlyDependOnLibsWithTags?: string[] }[] }]> }
    ).rules['@nx/enforce-module-boundaries'] ?? [0, { depConstraints: [] }];
    const constraints = options.depConstraints;
    expect(constraints.length).toBeGreaterThan(10);
    for (const c of constraints) {
      expect({ c, wildcard: c.sourceTag.includes('*') || (c.onlyDependOnLibsWithTags ?? []).some((t) => t.includes('*')) }).toEqual({ c, wildcard: false });
    }
    const constrained = new Set(constraints.map((c) => c.sourceTag));
    const projects = ['apps', 'libs', 'test'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => {
          try {
            return [
              {
                name: `${dir}/${entry.name}`,
                tags: (JSON.parse(readFileSync(join(ROOT, dir, entry.name, 'project.json'), 'utf8')) as { tags?: string[] }).tags ?? [],
              },
            ];
          } catch {
            return [];
          }
        }),
    );
    expect(projects.length).toBeGreaterThan(25);
    for (const { name, tags } of projects) {
      const scopes = tags.filter((t) => t.startsWith('scope:'));
      const types = tags.filter((t) => t.startsWith('type:'));
      expect({ name, scopes: scopes.length, types: types.length, constrained: [...scopes, ...types].every((t) => constrained.has(t)) }).toEqual({
        name,
        scopes: 1,
        types: 1,
        constrained: true,
      });
    }
  });
});
