import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Drivers and frameworks the pure domain may never import (docs/architecture.md §2.4). */
const FRAMEWORKS_AND_DRIVERS = [
  '@nestjs/*',
  'bullmq',
  'ioredis',
  'socket.io',
  'socket.io-client',
  'pg',
  'better-sqlite3',
  '@kurrent/*',
  'express',
  'class-validator',
  'class-transformer',
  'rxjs',
];

const LIBRARY_SCOPES = ['scope:shared', 'scope:api', 'scope:hub', 'scope:projector'];

/**
 * Module boundaries on two axes. Production code follows the onion (domain ←
 * contracts ← application ← adapters ← apps) and the scopes; test code (specs,
 * `testing/` and `test-support/` folders) may also wire real adapters of any
 * library scope, as integration tests must. The domain stays pure everywhere.
 */
function boundaries(forTests) {
  const plus = (tags) => (forTests ? [...new Set([...tags, 'type:adapter', 'type:testing'])] : tags);
  const scoped = (tags) => (forTests ? [...new Set([...tags, ...LIBRARY_SCOPES])] : tags);
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      // ── type axis: the onion ──
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: FRAMEWORKS_AND_DRIVERS },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: plus(['type:contracts', 'type:domain']),
        ...(forTests ? {} : { bannedExternalImports: ['@nestjs/*', 'bullmq', 'ioredis', 'socket.io', 'pg', 'better-sqlite3', '@kurrent/*'] }),
      },
      {
        sourceTag: 'type:application',
        onlyDependOnLibsWithTags: plus(['type:application', 'type:contracts', 'type:domain']),
        ...(forTests ? {} : { bannedExternalImports: ['bullmq', 'ioredis', 'socket.io', 'pg', 'better-sqlite3', '@kurrent/*'] }),
      },
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: plus(['type:adapter', 'type:application', 'type:contracts', 'type:domain']) },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: plus(['type:adapter', 'type:application', 'type:contracts', 'type:domain']) },
      // A browser app: no adapter (drivers, frameworks of the server), only what runs in a page.
      { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:application', 'type:contracts', 'type:domain'] },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:test', 'type:testing', 'type:adapter', 'type:application', 'type:contracts', 'type:domain'] },
      // Throwaway servers for tests (Redis, PostgreSQL): usable by any test code, by no production code.
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing'] },
      // ── scope axis: who may use whose features ──
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: scoped(['scope:shared']) },
      { sourceTag: 'scope:api', onlyDependOnLibsWithTags: scoped(['scope:api', 'scope:shared']) },
      { sourceTag: 'scope:hub', onlyDependOnLibsWithTags: scoped(['scope:hub', 'scope:shared']) },
      { sourceTag: 'scope:projector', onlyDependOnLibsWithTags: scoped(['scope:projector', 'scope:shared']) },
      { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:ops', 'scope:projector', 'scope:shared'] },
      // The console (apps/console) runs in a browser: the typed client, the protocol and the domain's vocabulary only.
      {
        sourceTag: 'scope:console',
        onlyDependOnLibsWithTags: ['platform:browser'],
        bannedExternalImports: [...FRAMEWORKS_AND_DRIVERS.filter((p) => p !== 'socket.io-client'), 'node:*'],
      },
      { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:api', 'scope:hub', 'scope:projector', 'scope:shared'] },
      // Tests and the bench may use the demo's histories (`scope:ops`) as data.
      { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:test', ...LIBRARY_SCOPES, 'scope:platform', 'scope:ops'] },
    ],
  };
}

const TEST_FILES = ['**/*.spec.ts', '**/testing/**/*.ts', '**/test-support/**/*.ts'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'data/**', 'tmp/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    // Nest needs runtime class references for DI and validation metadata.
    files: ['apps/**/*.ts', 'libs/api-http/**/*.ts', 'libs/hub/**/*.ts', 'libs/runtime/**/*.ts', 'libs/auth/**/*.ts', 'libs/projector/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
