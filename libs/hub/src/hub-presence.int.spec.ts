/**
 * Presence (several devices of one person count once) and typing notices.
 */
import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

describe('hub presence and typing (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  const ROOM = 'room:cafe';

  beforeAll(async () => {
    hub = await HubHarness.start();
    await hub.openRoom('cafe', 'alice');
  });

  afterAll(async () => {
    await hub?.close();
  });

  const diffs = (client: TestClient): unknown[] => client.presence.filter((p) => p.type === 'diff');

  it('sends presence:state to the joiner and presence:diff to the others, counting each person once', async () => {
    const alicePhone = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    const joined = await alicePhone.join(ROOM);
    expect(joined.presence).toEqual(['alice']);
    await alicePhone.waitFor(() => alicePhone.presence.length === 1, 'presence:state');
    expect(alicePhone.presence).toEqual([{ type: 'state', room: ROOM, present: ['alice'] }]);

    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    expect((await bob.join(ROOM)).presence).toEqual(['alice', 'bob']);
    await alicePhone.waitFor(() => diffs(alicePhone).length === 1, 'bob arrives');
    expect(diffs(alicePhone)).toEqual([{ type: 'diff', room: ROOM, joins: ['bob'], leaves: [] }]);

    // Alice's second device: she is already there, nobody is told.
    const aliceLaptop = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    expect((await aliceLaptop.join(ROOM)).presence).toEqual(['alice', 'bob']);
    // Her phone leaves: she is still there through her laptop, nobody is told.
    expect(await alicePhone.request(HUB_EVENTS.leave, { room: ROOM })).toEqual({ ok: true, data: { room: ROOM } });
    // Carol arrives, then Alice's laptop goes away: now Alice has left.
    const carol = await hub.connect({ sub: 'carol', role: 'catalyseur' });
    expect((await carol.join(ROOM)).presence).toEqual(['alice', 'bob', 'carol']);
    aliceLaptop.close();
    await bob.waitFor(() => diffs(bob).length === 2, 'alice leaves');
    expect(diffs(bob)).toEqual([
      { type: 'diff', room: ROOM, joins: ['carol'], leaves: [] },
      { type: 'diff', room: ROOM, joins: [], leaves: ['alice'] },
    ]);
    await carol.waitFor(() => diffs(carol).length === 1, 'alice leaves (carol)');
    expect(carol.presence).toEqual([
      { type: 'state', room: ROOM, present: ['alice', 'bob', 'carol'] },
      { type: 'diff', room: ROOM, joins: [], leaves: ['alice'] },
    ]);
    // The phone left before Carol came: it heard nothing more.
    expect(diffs(alicePhone)).toEqual([{ type: 'diff', room: ROOM, joins: ['bob'], leaves: [] }]);

    const dave = await hub.connect({ sub: 'dave', role: 'catalyseur' });
    expect((await dave.join(ROOM)).presence).toEqual(['bob', 'carol', 'dave']);
    bob.close();
    carol.close();
    await dave.waitFor(() => diffs(dave).length === 2, 'bob and carol leave');
    // Two connections closing: the server may see them in either order.
    expect(diffs(dave)).toEqual(
      expect.arrayContaining([
        { type: 'diff', room: ROOM, joins: [], leaves: ['bob'] },
        { type: 'diff', room: ROOM, joins: [], leaves: ['carol'] },
      ]),
    );
  });

  it('relays typing to the others in the room only, and only from a socket that joined', async () => {
    const erin = await hub.connect({ sub: 'erin', role: 'catalyseur' });
    const frank = await hub.connect({ sub: 'frank', role: 'catalyseur' });
    const outsider = await hub.connect({ sub: 'gina', role: 'catalyseur' });
    await erin.join(ROOM);
    await frank.join(ROOM);

    erin.socket.volatile.emit(HUB_EVENTS.typing, { room: ROOM });
    await frank.waitFor(() => frank.typing.length === 1, 'erin types');
    expect(frank.typing).toEqual([{ room: ROOM, who: 'erin' }]);

    // With an ack: the sender is answered; a round trip later it has still received no notice of its own.
    expect(await erin.request(HUB_EVENTS.typing, { room: ROOM })).toEqual({ ok: true, data: { room: ROOM } });
    await frank.waitFor(() => frank.typing.length === 2, 'erin types again');
    expect(await erin.request(HUB_EVENTS.leave, { room: 'network' })).toMatchObject({ ok: true });
    expect(erin.typing).toEqual([]);
    expect(outsider.typing).toEqual([]);

    expect(await outsider.request(HUB_EVENTS.typing, { room: ROOM })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: `join ${ROOM} before typing in it` },
    });
    expect(await frank.request(HUB_EVENTS.leave, { room: 'network' })).toMatchObject({ ok: true });
    expect(frank.typing).toHaveLength(2);
  });
});
