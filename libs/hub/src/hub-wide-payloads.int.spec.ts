/**
 * A request of thousands of unknown keys (5,600 fit in a 64 KB payload) is refused before the validators walk it,
 * and every VALIDATION ack stays small whatever was sent: such joins cost 30 to 190 ms each and were acked with
 * every key listed twice (a 626 KB ack to a 59 KB join), so that one partner's socket could saturate the hub.
 */
import { HUB_EVENTS, MAX_PAYLOAD_KEYS, MAX_REPORTED_FIELDS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(60_000);

/** `{room, k0: 1 … k{n-1}: 1}`, as the outside tester sent it. */
function wide(n: number, room = 'network'): Record<string, unknown> {
  const payload: Record<string, unknown> = { room };
  for (let i = 0; i < n; i += 1) payload[`k${i}`] = 1;
  return payload;
}

const SMALL = 4096;

describe('hub: wide payloads get a small VALIDATION ack (real Nest app, SQLite, socket.io client)', () => {
  let hub: HubHarness;
  let partner: TestClient;
  const ROOM = 'room:agora';

  beforeAll(async () => {
    // Rate limits well above the loop below: what is measured is the validation, not the budget.
    hub = await HubHarness.start({ requestsPerSecond: 10_000, requestsPerMinute: 100_000 });
    await hub.openRoom('agora', 'alice');
    partner = await hub.connect({ sub: 'marie', role: 'partner', org: 'flda' });
  });

  afterAll(async () => {
    await hub?.close();
  });

  const sizeOf = (ack: unknown): number => Buffer.byteLength(JSON.stringify(ack));

  it('refuses a room:join of 5,600 unknown keys with one detail naming the payload, under 4 KB', async () => {
    const ack = await partner.requestRaw(HUB_EVENTS.join, [wide(5600)]);
    const message = `(payload) has 5601 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`;
    expect(ack).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `invalid ${HUB_EVENTS.join} payload: ${message}`, details: [{ field: '(payload)', messages: [message] }] },
    });
    expect(sizeOf(ack)).toBeLessThan(SMALL);
  });

  it('refuses a wide object nested in a payload, naming it', async () => {
    const ack = await partner.requestRaw(HUB_EVENTS.sync, [{ room: ROOM, since: wide(MAX_PAYLOAD_KEYS, 'x') }]);
    expect(ack.ok ? [] : [ack.error.code, ack.error.details?.map((d) => d.field)]).toEqual(['VALIDATION', ['since']]);
  });

  it(`lists at most ${MAX_REPORTED_FIELDS} fields of a payload the validators refuse, and counts the others`, async () => {
    const ack = await partner.requestRaw(HUB_EVENTS.post, [{ ...wide(MAX_PAYLOAD_KEYS - 3, ROOM), clientMsgId: 'c-1', text: 'bonjour' }]);
    if (ack.ok) throw new Error('accepted');
    expect(ack.error.code).toBe('VALIDATION');
    expect(ack.error.details).toHaveLength(MAX_REPORTED_FIELDS);
    expect(ack.error.message).toMatch(
      new RegExp(`^invalid ${HUB_EVENTS.post} payload: k0: property k0 should not exist; .*, … and ${MAX_PAYLOAD_KEYS - 3 - MAX_REPORTED_FIELDS} more$`),
    );
    expect(sizeOf(ack)).toBeLessThan(SMALL);
  });

  it('clips a key as long as the payload rather than repeating it', async () => {
    const key = 'y'.repeat(60_000);
    const nested = JSON.parse(`{"${key}": {"__proto__": 1}}`) as unknown;
    for (const payload of [{ room: ROOM, [key]: 1 }, nested, { [key]: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown }]) {
      const ack = await partner.requestRaw(HUB_EVENTS.join, [payload]);
      expect(ack.ok ? undefined : ack.error.code).toBe('VALIDATION');
      expect(sizeOf(ack)).toBeLessThan(SMALL);
    }
  });

  it('answers 200 such joins from one socket, each small, and keeps serving it and the others', async () => {
    const payload = wide(5600);
    let reported = 0;
    let bytes = 0;
    for (let i = 0; i < 200; i += 1) {
      const ack = await partner.requestRaw(HUB_EVENTS.join, [payload]);
      if (ack.ok) throw new Error('accepted');
      expect(ack.error.code).toBe('VALIDATION');
      reported += ack.error.details?.length ?? 0;
      bytes += sizeOf(ack);
    }
    // One detail each (the payload), not 5,600.
    expect(reported).toBe(200);
    expect(bytes).toBeLessThan(200 * SMALL);
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    expect(await alice.tryJoin(ROOM)).toMatchObject({ ok: true, data: { room: ROOM } });
  });
});
