/**
 * A projector stuck on a batch that keeps failing (here: the read models' store refuses every commit, through a
 * trigger on its real file, while it still answers reads) retried it forever behind a 200 `ok`: only `lastError` and
 * a growing lag said so. Once the batch has kept failing for longer than `maxProjectorFailingMs`, `/api/health`
 * reports the projector `down` (503, as a stopped projector or one beyond `maxProjectorLag`), saying that a batch
 * fails and since when, never the error's text; it is `up` again as soon as a batch commits.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Health {
  status: string;
  code?: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string; lastError?: string; failingSince?: string }>;
  details: Record<string, { status: string; message?: string; lastError?: string; failingSince?: string; lag?: string }>;
}

const SECRET = 'disk sector 4242 of /srv/catalyse unreadable';
// Long enough for the first answer after the first failure to come before it on a loaded 2-core machine.
const MAX_FAILING_MS = 4000;

describe('/api/health while the projector is stuck on a failing batch (real SQLite, real projector, real HTTP)', () => {
  let api: ApiHarness;
  let token: string;
  const { send } = httpSteps(() => api);
  const health = () => api.request<Health>('GET', '/api/health');
  /** Every commit of the read models refused (the checkpoint moves in each batch's transaction); reads still answer. */
  const onReadModels = (sql: string): void => {
    const raw = new Database(join(api.dir, 'read-models.db'));
    try {
      raw.exec(sql);
    } finally {
      raw.close();
    }
  };

  beforeAll(async () => {
    api = await startApi({ api: { maxProjectorFailingMs: MAX_FAILING_MS } });
    token = api.token({ sub: 'cata-1', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is 200 while a batch has failed for a short while, 503 once it has kept failing too long, without the error’s text, then 200 again', async () => {
    expect((await health()).status).toBe(200);
    onReadModels(`
      CREATE TRIGGER stuck_insert BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, '${SECRET}'); END;
      CREATE TRIGGER stuck_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, '${SECRET}'); END;
    `);
    const { position } = await send(token, '/api/rooms', { id: 'salon-bloque', kind: 'network', title: 'Salon bloqué', access: 'open' }, 201);

    // The first failure: retried, said (not why), not yet down.
    const firstFailure = Date.now() + 10_000;
    while ((await api.projector.status()).lastError === undefined) {
      if (Date.now() > firstFailure) throw new Error('the batch did not fail');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const early = await health();
    expect(early.status).toBe(200);
    expect(early.body.details['projector']).toMatchObject({
      status: 'up',
      lastError: 'the last batch failed; it is retried (the projector’s log says why)',
    });

    // Still failing beyond the threshold: down, as a stopped projector is.
    let stuck = early;
    const deadline = Date.now() + 10_000;
    while (stuck.status === 200) {
      if (Date.now() > deadline) throw new Error(`/api/health still answers 200: ${JSON.stringify(stuck.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      stuck = await health();
    }
    expect(stuck.status).toBe(503);
    expect(stuck.body).toMatchObject({ status: 'error', code: 'UNAVAILABLE' });
    expect(stuck.body.error?.['projector']).toMatchObject({
      status: 'down',
      message: `a batch has been failing for more than ${MAX_FAILING_MS} ms; it is retried (the projector’s log says why)`,
      lastError: 'the last batch failed; it is retried (the projector’s log says why)',
    });
    const since = Date.parse(stuck.body.error?.['projector']?.failingSince ?? '');
    expect(Date.now() - since).toBeGreaterThan(MAX_FAILING_MS);
    // The stores answer: only the projector is down.
    expect(stuck.body.details['eventStore']?.status).toBe('up');
    expect(stuck.body.details['projectionStore']?.status).toBe('up');
    // Anyone may read this route: never the error's text.
    expect(JSON.stringify(stuck.body)).not.toContain('4242');
    expect((await api.projector.status()).lastError).toContain(SECRET);

    // The store commits again: the retried batch goes through, and health is up at once.
    onReadModels('DROP TRIGGER stuck_insert; DROP TRIGGER stuck_update;');
    await api.projected(position, 15_000);
    const healed = await health();
    expect(healed.status).toBe(200);
    expect(healed.body.details['projector']?.status).toBe('up');
    expect(healed.body.details['projector']?.lastError).toBeUndefined();
    expect(healed.body.details['projector']?.failingSince).toBeUndefined();
  }, 30_000);
});
