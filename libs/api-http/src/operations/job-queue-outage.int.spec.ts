/**
 * Redis down under a running api (jobs on BullMQ): enqueuing answers 503
 * UNAVAILABLE at once instead of never, `/api/health` says the job queue is
 * down, and both are fine again once Redis is back, without a restart.
 */
import { randomUUID } from 'node:crypto';
import { BullMqJobQueue } from '@catalyse/jobs-bullmq';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { type ApiHarness, startApi } from '../test-support/api-harness';

jest.setTimeout(180_000); // a first run may install redis-server

describe('the api while the job queue’s Redis is down', () => {
  let redis: RunningRedis;
  let jobs: BullMqJobQueue;
  let api: ApiHarness;

  beforeAll(async () => {
    redis = await startRedis();
    jobs = new BullMqJobQueue({ url: redis.url, prefix: `a${randomUUID().slice(0, 8)}`, log: { warn: () => undefined, log: () => undefined } });
    api = await startApi({ jobs });
  });

  afterAll(async () => {
    await api?.close();
    await jobs?.close();
    await redis?.stop();
  });

  it('answers 503 UNAVAILABLE promptly and reports the job queue down, then accepts again once Redis is back', async () => {
    const operator = api.token({ sub: 'op-1', role: 'operator' });
    const before = await api.request<{ details?: Record<string, unknown> }>('GET', '/api/health');
    expect(before.body.details?.['jobQueue']).toEqual({ status: 'up' });
    const accepted = await api.request('POST', '/api/operations/rebuilds', { token: operator, body: {} });
    expect({ status: accepted.status, body: accepted.body }).toMatchObject({ status: 202 });

    await redis.stop({ abruptly: true });
    const started = Date.now();
    const refused = await api.request('POST', '/api/operations/rebuilds', { token: operator, body: {} });
    expect(Date.now() - started).toBeLessThan(3500);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/job queue/) });
    const health = await api.request<{ error?: Record<string, unknown> }>('GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body.error?.['jobQueue']).toMatchObject({ status: 'down', message: expect.stringMatching(/Redis unreachable/) });

    await redis.restart();
    const deadline = Date.now() + 10_000;
    const upAgain = async (): Promise<boolean> => {
      const answer = await api.request<{ details?: Record<string, { status?: string }> }>('GET', '/api/health');
      return answer.body.details?.['jobQueue']?.status === 'up';
    };
    while (!(await upAgain())) {
      if (Date.now() > deadline) throw new Error('/api/health did not come back');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await api.request('POST', '/api/operations/rebuilds', { token: operator, body: {} })).status).toBe(202);
  });
});
