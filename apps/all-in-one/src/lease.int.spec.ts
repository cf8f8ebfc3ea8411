/**
 * The all-in-one's projector lease: `PROJECTOR_LEASE_MS` sets its time (as in
 * the projector app), and a lease left behind by a dead run named in
 * `takeOverFrom` is taken over at once instead of after that time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { loadOrCreateSecret } from '@catalyse/auth';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector } from '@catalyse/projector';
import { loadConfig, READ_MODELS_FILE } from '@catalyse/runtime';
import { AllInOneModule, type AllInOneLease } from './app.module';

jest.setTimeout(60_000);

describe('the all-in-one’s projector lease', () => {
  let dataDir: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-all-in-one-lease-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>, lease?: AllInOneLease): Promise<Projector> => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', ...env });
    app = await NestFactory.create(AllInOneModule.register(config, loadOrCreateSecret(dataDir, undefined), lease), { logger: false });
    await app.init();
    return app.get(Projector);
  };

  const until = async (check: () => boolean, what: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /** The lease row as the store keeps it: who holds `main`, and for how long still (ms). */
  const leaseRow = (): { holder: string; leftMs: number } | undefined => {
    const db = new Database(join(dataDir, READ_MODELS_FILE), { readonly: true });
    try {
      const row = db.prepare('SELECT holder, expires_at FROM leases WHERE name = ?').get('main') as { holder: string; expires_at: number } | undefined;
      return row ? { holder: row.holder, leftMs: row.expires_at - Date.now() } : undefined;
    } finally {
      db.close();
    }
  };

  it('lasts PROJECTOR_LEASE_MS', async () => {
    const projector = await start({ PROJECTOR_LEASE_MS: '900' }, { holder: 'this-run' });
    await until(() => projector.active, 'the projector to take the lease', 5_000);
    const row = leaseRow();
    expect(row?.holder).toBe('this-run');
    expect(row?.leftMs).toBeGreaterThan(0);
    expect(row?.leftMs).toBeLessThanOrEqual(900);
  });

  it('takes over at once the lease a dead run left behind, when told it is dead', async () => {
    const leftBehind = SqliteProjectionStore.open({ file: join(dataDir, READ_MODELS_FILE) });
    expect(await leftBehind.claimLease('main', 'dead-run', 60_000)).toBe(true);
    await leftBehind.close();

    const started = Date.now();
    const projector = await start({}, { holder: 'this-run', takeOverFrom: ['dead-run'] });
    await until(() => projector.active, 'the projector to take the dead run’s lease', 5_000);
    expect(Date.now() - started).toBeLessThan(5_000); // not the minute left on the dead run's lease
    expect(leaseRow()?.holder).toBe('this-run');
  });
});
