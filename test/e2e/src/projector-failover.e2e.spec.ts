/**
 * Two projector processes on one store: one active, one standby. Killing the
 * active one with SIGKILL (no goodbye, its lease left behind) lets the standby
 * take over once the lease runs out — not before, and within the lease plus a
 * standby's retry period (a third of the lease), measured from the kill to the
 * standby's own log line —; the room's feed ends complete, in order, nothing
 * lost or doubled.
 */
import { expectStatus, HttpClient, mintToken, type RunningService, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(120_000);

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** When the service logged the first line matching `pattern` (pino's `time`, ms on this machine's clock). */
function loggedAt(output: string, pattern: RegExp): number | undefined {
  for (const line of output.split('\n')) {
    if (!pattern.test(line)) continue;
    const time = (JSON.parse(line) as { time?: unknown }).time;
    if (typeof time === 'number') return time;
  }
  return undefined;
}

const LEASE_MS = 1500;
const ACTIVE = /active \(holds the lease/;
const STANDBY = /standby \(another projector holds the lease\)/;

describe('projector failover', () => {
  const data = tempDataDir();
  const services: RunningService[] = [];

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    data.remove();
  });

  it('the standby takes over from a killed active projector; the feed stays exact', async () => {
    const env = { JWT_SECRET: 'a-shared-secret-for-the-failover-test-0123456789', PROJECTOR_LEASE_MS: String(LEASE_MS), LOG_LEVEL: 'info' };
    const first = await startService('projector', { dataDir: data.dir, env });
    services.push(first);
    await until(() => ACTIVE.test(first.output()), 'the first projector to become active');
    const second = await startService('projector', { dataDir: data.dir, env });
    services.push(second);
    await until(() => STANDBY.test(second.output()), 'the second projector to wait as standby');
    const api = await startService('api', { dataDir: data.dir, env: { ...env, LOG_LEVEL: 'warn' } });
    services.push(api);

    const http = new HttpClient(api.url, await mintToken(data.dir, { sub: 'cat-occitanie', role: 'catalyseur' }, env));
    expectStatus(await http.post('/api/rooms', { id: 'occitanie', kind: 'theme', subject: 'occitanie', title: 'Occitanie', access: 'open' }), 201);
    const post = async (n: number): Promise<void> => {
      expectStatus(await http.post('/api/rooms/occitanie/post-message', { clientMsgId: `m-${n}`, text: `message ${n}` }), 200);
    };
    const feed = async (): Promise<{ seq: number; data: { text?: string } }[]> =>
      expectStatus(await http.get<{ entries: { seq: number; data: { text?: string } }[] }>('/api/rooms/occitanie/feed?since=0&limit=500'), 200).entries;

    for (let n = 1; n <= 15; n++) await post(n);
    await until(async () => (await feed()).length === 16, 'the first 15 messages projected');
    expect(ACTIVE.test(second.output())).toBe(false);

    const killedAt = Date.now();
    await first.kill(); // SIGKILL: the lease stays until it runs out
    for (let n = 16; n <= 30; n++) await post(n);
    await until(() => ACTIVE.test(second.output()), 'the standby to take over', 15_000);
    // The lease was renewed at most a third of its time before the kill; the standby looks every third of it.
    const takeover = (loggedAt(second.output(), ACTIVE) ?? Number.NaN) - killedAt;
    process.stdout.write(`projector failover: the standby took over ${takeover} ms after the SIGKILL (lease ${LEASE_MS} ms)\n`);
    expect(takeover).toBeGreaterThanOrEqual(LEASE_MS / 3);
    expect(takeover).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 3 + 1000); // + 1 s for a busy machine
    await until(async () => (await feed()).length === 31, 'all 30 messages projected', 15_000);

    const entries = await feed();
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(entries.slice(1).map((entry) => entry.data.text)).toEqual(Array.from({ length: 30 }, (_, i) => `message ${i + 1}`));
  });
});
