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

  /** Who a client knows is there: its presence:state, then each presence:diff in order. */
  const present = (client: TestClient): string[] => {
    let people = new Set<string>();
    for (const message of client.presence) {
      if (message.type === 'state') people = new Set(message.present);
      else {
        for (const sub of message.leaves) people.delete(sub);
        for (const sub of message.joins) people.add(sub);
      }
    }
    return [...people].sort();
  };
  /** Diffs a client received from index `from` of its presence messages on that mention `sub`. */
  const mentions = (client: TestClient, sub: string, from = 0): number =>
    client.presence.slice(from).filter((m) => m.type === 'diff' && (m.joins.includes(sub) || m.leaves.includes(sub))).length;
  const knows = (client: TestClient, people: string[], what: string): Promise<void> =>
    client.waitFor(() => JSON.stringify(present(client)) === JSON.stringify([...people].sort()), `${what} (knows ${present(client).join(', ')})`);

  it('sends presence:state to the joiner and presence:diff to the room, counting each person once', async () => {
    const alicePhone = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    const joined = await alicePhone.join(ROOM);
    expect(joined.presence).toEqual(['alice']);
    await alicePhone.waitFor(() => alicePhone.presence.length >= 1, 'presence:state');
    expect(alicePhone.presence[0]).toEqual({ type: 'state', room: ROOM, present: ['alice'] });

    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    expect((await bob.join(ROOM)).presence).toEqual(['alice', 'bob']);
    await knows(alicePhone, ['alice', 'bob'], 'bob arrives');

    // Alice's second device: she is already there, nobody is told.
    await bob.request(HUB_EVENTS.leave, { room: 'network' }); // a round trip: what was sent to bob before has arrived
    const seen = bob.presence.length;
    const aliceLaptop = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    expect((await aliceLaptop.join(ROOM)).presence).toEqual(['alice', 'bob']);
    // Her phone leaves: she is still there through her laptop, nobody is told.
    expect(await alicePhone.request(HUB_EVENTS.leave, { room: ROOM })).toEqual({ ok: true, data: { room: ROOM } });
    const phoneHeard = alicePhone.presence.length;
    // Carol arrives, then Alice's laptop goes away: now Alice has left.
    const carol = await hub.connect({ sub: 'carol', role: 'catalyseur' });
    expect((await carol.join(ROOM)).presence).toEqual(['alice', 'bob', 'carol']);
    await knows(bob, ['alice', 'bob', 'carol'], 'carol arrives');
    expect(mentions(bob, 'alice', seen)).toBe(0);
    aliceLaptop.close();
    await knows(bob, ['bob', 'carol'], 'alice leaves');
    await knows(carol, ['bob', 'carol'], 'alice leaves (carol)');
    expect(mentions(bob, 'alice', seen)).toBe(1);
    // The phone left the room: it heard nothing more of it.
    await bob.request(HUB_EVENTS.leave, { room: 'network' }); // a round trip: whatever was sent has arrived
    expect(alicePhone.presence.length).toBe(phoneHeard);

    const dave = await hub.connect({ sub: 'dave', role: 'catalyseur' });
    expect((await dave.join(ROOM)).presence).toEqual(['bob', 'carol', 'dave']);
    bob.close();
    carol.close();
    await knows(dave, ['dave'], 'bob and carol leave');
  });

  it('tells a storm of arrivals in a few diffs, each person once, and everyone ends knowing everyone', async () => {
    const room = 'room:agora';
    await hub.openRoom('agora', 'alice');
    const watcher = await hub.connect({ sub: 'watcher', role: 'catalyseur' });
    await watcher.join(room);
    const crowd = await Promise.all(Array.from({ length: 30 }, (_, i) => hub.connect({ sub: `person-${i}`, role: 'catalyseur' })));
    await Promise.all(crowd.map((client) => client.join(room)));
    const everyone = ['watcher', ...crowd.map((_, i) => `person-${i}`)];
    await knows(watcher, everyone, 'the crowd arrives');
    await Promise.all(crowd.map((client, i) => knows(client, everyone, `person-${i} knows everyone`)));
    const diffs = watcher.presence.filter((m) => m.type === 'diff');
    // 30 arrivals within a few presenceDiffMs: a handful of diffs, not 30; each arrival in one of them.
    expect(diffs.length).toBeLessThanOrEqual(10);
    const arrivals = diffs.flatMap((m) => (m.type === 'diff' ? m.joins : [])).filter((sub) => sub !== 'watcher');
    expect(arrivals.sort()).toEqual(crowd.map((_, i) => `person-${i}`).sort());
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

    // Within a second, more notices are answered but not relayed: a held key is not 350 emits a keystroke.
    for (let i = 0; i < 5; i++) expect(await erin.request(HUB_EVENTS.typing, { room: ROOM })).toEqual({ ok: true, data: { room: ROOM } });
    expect(await frank.request(HUB_EVENTS.leave, { room: 'network' })).toMatchObject({ ok: true }); // a round trip of frank's
    expect(frank.typing).toHaveLength(1);

    // With an ack, a second later: the sender is answered, the notice relayed; it has still received none of its own.
    await new Promise((resolve) => setTimeout(resolve, 1050));
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
