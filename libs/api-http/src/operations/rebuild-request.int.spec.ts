import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import { PROJECTION_REBUILD_JOB } from '@catalyse/projections';
import type { ErrorBody } from '@catalyse/protocol';
import { type ApiHarness, startApi } from '../test-support/api-harness';

/**
 * `POST /api/operations/rebuilds` reads the headers every command route reads (the outside tester's fuzz queued 20
 * rebuilds in a second, `If-Match: "8` and `Idempotency-Key: a b` accepted): a malformed header is 400, an If-Match
 * (a rebuild changes nothing the client holds) 400, and a retry with the same Idempotency-Key is the same job.
 * A queue without a worker: the jobs stay waiting, as they are counted.
 */
describe('asking for a rebuild (real HTTP, a job queue without a worker)', () => {
  let api: ApiHarness;
  let jobs: InProcessJobQueue;
  let operator: string;
  const ask = (headers: Record<string, string>, body: unknown = {}) =>
    api.request<{ id: string; status: string } & Partial<ErrorBody>>('POST', '/api/operations/rebuilds', { token: operator, body, headers });

  beforeAll(async () => {
    jobs = new InProcessJobQueue();
    api = await startApi({ jobs });
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api?.close();
    await jobs?.close();
  });

  it('refuses a malformed Idempotency-Key or If-Match, and any If-Match, with 400 and queues nothing', async () => {
    const malformed: Record<string, string>[] = [{ 'Idempotency-Key': 'a b' }, { 'Idempotency-Key': 'x'.repeat(201) }, { 'If-Match': '"8' }];
    for (const headers of malformed) {
      const answer = await ask(headers);
      expect({ headers, status: answer.status, code: answer.body.code }).toEqual({ headers, status: 400, code: 'VALIDATION' });
    }
    const matched = await ask({ 'If-Match': '"3"' });
    expect([matched.status, matched.body.message]).toEqual([400, 'If-Match does not apply to a rebuild: it changes no resource the client holds']);
    expect((await ask({ 'If-Match': '*' })).status).toBe(202);
  });

  it('refuses a batch size given as null, as any malformed one, with 400 naming the field, and queues nothing', async () => {
    const enqueue = jest.spyOn(jobs, 'enqueue');
    try {
      const given = await ask({}, { batchSize: null });
      expect([given.status, given.body.code, given.body.details]).toEqual([
        400,
        'VALIDATION',
        [{ field: 'batchSize', messages: ['batchSize must be an integer, not null: leave it out instead'] }],
      ]);
      // The same shape as the other refusals of the field.
      const text = await ask({}, { batchSize: '10' });
      expect([text.status, text.body.code, text.body.details]).toEqual([
        400,
        'VALIDATION',
        [{ field: 'batchSize', messages: ['batchSize must be an integer number'] }],
      ]);
      expect(Object.keys(given.body).sort()).toEqual(Object.keys(text.body).sort());
      expect(enqueue).not.toHaveBeenCalled();
      // Left out, it is the default.
      expect((await ask({}, {})).status).toBe(202);
      expect(enqueue).toHaveBeenCalledTimes(1);
    } finally {
      enqueue.mockRestore();
    }
  });

  it('answers a retry with the same key with the same job, and refuses the key for another batch size (409)', async () => {
    const first = await ask({ 'Idempotency-Key': 'rb-same-1' }, { batchSize: 200 });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await ask({ 'Idempotency-Key': 'rb-same-1' }, { batchSize: 200 });
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([202, first.body.id, 'true']);
    expect((await jobs.state(PROJECTION_REBUILD_JOB, first.body.id))?.status).toBe('waiting');
    const other = await ask({ 'Idempotency-Key': 'rb-same-1' }, { batchSize: 300 });
    expect([other.status, other.body.code]).toEqual([409, 'CONFLICT']);
    // Without a key, each request is a rebuild of its own.
    const [a, b] = await Promise.all([ask({}), ask({})]);
    expect(a.body.id).not.toBe(b.body.id);
  });
});
