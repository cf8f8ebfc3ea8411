import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { type RunningPostgres, startPostgres } from './postgres';

/** A throwaway PostgreSQL for one test file, and a fresh schema per store. */
export interface PostgresSuite {
  /** `postgres://…` of the server (inside tests and hooks). */
  readonly url: string;
  /** A small pool for the test itself: look inside schemas, drop them. */
  readonly admin: Pool;
  /** A new, unused schema name, e.g. `es_3f2a…`. */
  freshSchema(prefix: string): string;
  dropSchema(schema: string): Promise<void>;
}

/**
 * Starts PostgreSQL before the file's tests and stops it after them (jest
 * `beforeAll`/`afterAll`, registered by this call at the top of a spec file).
 */
export function postgresForThisFile(): PostgresSuite {
  let server: RunningPostgres | undefined;
  let admin: Pool | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    admin = new Pool({ connectionString: server.url, max: 3 });
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('PostgreSQL is not started yet: use it inside tests and hooks');
    return value;
  };
  return {
    get url() {
      return started(server).url;
    },
    get admin() {
      return started(admin);
    },
    freshSchema: (prefix) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    dropSchema: async (schema) => {
      await started(admin).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
