// Tests by tier (docs/architecture.md §7.3), named by suffix. `npm test` runs the three in turn.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

/**
 * No KurrentDB server can run on the development machines (docs/architecture.md §8): its
 * contract suite is left out unless KURRENTDB_URL points to one, and the global
 * setup says so in the output of every run.
 */
const KURRENTDB_SUITE = '/libs/event-store-kurrentdb/src/kurrentdb-event-store.int.spec.ts';

const tier = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: [`**/*.${name}.spec.ts`],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.KURRENTDB_URL ? [] : [KURRENTDB_SUITE])],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [tier('unit'), tier('int'), tier('e2e')],
  // A per-project testTimeout is not honoured by jest 30: one generous global
  // limit; e2e specs that need longer set their own.
  testTimeout: 60_000,
  // redis-server installed once (as root), before the workers start (see tools/jest-global-setup.js).
  globalSetup: '<rootDir>/tools/jest-global-setup.js',
};
