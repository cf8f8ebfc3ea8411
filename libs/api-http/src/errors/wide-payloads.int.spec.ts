/**
 * A body, or a query, of thousands of unknown keys (5,600 fit under the 64 KB limit) is refused before the validators
 * walk it, and every validation answer stays small whatever was sent: such bodies cost 30 to 190 ms each and were
 * answered with every key listed twice (a 400 KB answer to a 59 KB body), which let any signed-in user saturate the
 * api.
 */
import { MAX_PAYLOAD_KEYS, MAX_PAYLOAD_TOTAL_KEYS, MAX_REPORTED_FIELDS } from '@catalyse/protocol';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

/** `{room: 'network', k0: 1 … k{n-1}: 1}` as sent by the outside tester. */
function wide(n: number, base: Record<string, unknown> = { kind: 'network' }): Record<string, unknown> {
  const body: Record<string, unknown> = { ...base };
  for (let i = 0; i < n; i += 1) body[`k${i}`] = 1;
  return body;
}

const SMALL = 4096;

describe('HTTP api: wide payloads get a small 400, without the validators walking them', () => {
  let api: ApiHarness;
  let partner: string;
  let operator: string;
  beforeAll(async () => {
    api = await startApi({ http: { throttle: false } });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'uriopss-centre' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  /** The answer as it went over the wire (its JSON), and its body. */
  const send = async (token: string, method: string, path: string, body?: unknown) => {
    const answer = await api.request<ErrorBody>(method, path, { token, ...(body === undefined ? {} : { raw: JSON.stringify(body) }) });
    return { ...answer, size: Buffer.byteLength(JSON.stringify(answer.body)) };
  };

  it('refuses a body of 5,600 unknown keys (POST /api/rooms, a partner) with one detail naming the body, under 4 KB', async () => {
    const body = wide(5600);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(50_000);
    for (const token of [partner, operator]) {
      const answer = await send(token, 'POST', '/api/rooms', body);
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
      expect(answer.body.message).toBe(`invalid request: (body) has 5601 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`);
      expect(answer.body.details).toEqual([{ field: '(body)', messages: [`(body) has 5601 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`] }]);
      expect(answer.size).toBeLessThan(SMALL);
    }
  });

  it('refuses a wide object nested in a body, naming it', async () => {
    const answer = await send(operator, 'POST', '/api/partnerships', {
      title: 'Silver Geek',
      territory: wide(MAX_PAYLOAD_KEYS + 1, { id: 'na' }),
      partners: [],
      modes: ['mecenat'],
    });
    expect([answer.status, answer.body.code, answer.body.details?.map((d) => d.field)]).toEqual([400, 'VALIDATION', ['territory']]);
    expect(answer.body.message).toContain(`territory has ${MAX_PAYLOAD_KEYS + 2} properties`);
  });

  it('refuses a body of many objects each within the limit, too many in all (90 partners of 60 keys), but not the widest legitimate one', async () => {
    const partners = Array.from({ length: 90 }, () => wide(60, {}));
    const answer = await send(operator, 'POST', '/api/partnerships', { title: 'Silver Geek', territory: { id: 'na' }, partners, modes: ['mecenat'] });
    const message = `(body) has more than ${MAX_PAYLOAD_TOTAL_KEYS} properties in all (its objects together), more than any request takes`;
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([400, 'VALIDATION', `invalid request: ${message}`]);
    expect(answer.body.details).toEqual([{ field: '(body)', messages: [message] }]);
    // A speed dating's pairs as many as 64 KB hold (1,598: 3,197 keys) reach the route (the gathering is unknown).
    const pairs = Array.from({ length: 1598 }, () => ({ associationId: 'a', entrepriseId: 'e' }));
    const raw = JSON.stringify({ pairs });
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(64 * 1024);
    const legit = await api.request<ErrorBody>('POST', '/api/gatherings/inconnu/record-pairs', { token: operator, raw });
    expect([legit.status, legit.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it(`lists at most ${MAX_REPORTED_FIELDS} fields of a body the validators refuse, and counts the others`, async () => {
    const answer = await send(operator, 'POST', '/api/rooms', wide(MAX_PAYLOAD_KEYS - 1));
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
    expect(answer.body.details).toHaveLength(MAX_REPORTED_FIELDS);
    const named = answer.body.details?.map((d) => d.field) ?? [];
    // The 63 unknown keys, and the fields a room needs that are missing.
    const more = /^invalid request: (.+), … and (\d+) more$/.exec(answer.body.message);
    expect(more?.[1]).toBe(named.join(', '));
    expect(Number(more?.[2])).toBeGreaterThanOrEqual(MAX_PAYLOAD_KEYS - 1 - MAX_REPORTED_FIELDS);
    expect(answer.size).toBeLessThan(SMALL);
  });

  it('clips a key as long as the body rather than repeating it', async () => {
    const key = 'x'.repeat(60_000);
    const answer = await send(operator, 'POST', '/api/rooms', { kind: 'network', [key]: 1 });
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
    expect(answer.size).toBeLessThan(SMALL);
    expect(answer.body.details?.some((d) => d.field.startsWith('xxx') && d.field.endsWith('…'))).toBe(true);
    // Nor where a refusal before the validators names it: a prototype key under it, a nesting too deep in it.
    for (const raw of [`{"${key}": {"__proto__": 1}}`, `{"${key}": ${'['.repeat(40)}${']'.repeat(40)}}`]) {
      const refused = await api.request<ErrorBody>('POST', '/api/rooms', { token: operator, raw });
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION']);
      expect(Buffer.byteLength(JSON.stringify(refused.body))).toBeLessThan(SMALL);
    }
  });

  it('refuses a query of hundreds of parameters with a small answer, on a route with a query DTO and on one without', async () => {
    const query = Array.from({ length: 600 }, (_, i) => `k${i}=1`).join('&');
    const listed = await send(operator, 'GET', `/api/partnerships?${query}`);
    expect([listed.status, listed.body.code, listed.body.details?.map((d) => d.field)]).toEqual([400, 'VALIDATION', ['(query)']]);
    expect(listed.body.message).toBe(`invalid request: (query) has 600 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`);
    const health = await send(operator, 'GET', `/api/health?${query}`);
    expect([health.status, health.body.code, health.body.details?.length]).toEqual([400, 'VALIDATION', MAX_REPORTED_FIELDS]);
    expect(health.body.message).toMatch(/, … and 590 more$/);
    expect(health.size).toBeLessThan(SMALL);
  });

  it('answers 200 such bodies in a row, each small, and stays healthy', async () => {
    const raw = JSON.stringify(wide(5600));
    let reported = 0;
    let bytes = 0;
    const answers = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const answer = await api.request<ErrorBody>('POST', '/api/rooms', { token: operator, raw });
        reported += answer.body.details?.length ?? 0;
        bytes += Buffer.byteLength(JSON.stringify(answer.body));
        return answer.status;
      }),
    );
    expect(new Set(answers)).toEqual(new Set([400]));
    // One detail each (the body), not 5,600.
    expect(reported).toBe(200);
    expect(bytes).toBeLessThan(200 * SMALL);
    const health = await api.request<{ status: string }>('GET', '/api/health');
    expect(health.status).toBe(200);
  });
});
