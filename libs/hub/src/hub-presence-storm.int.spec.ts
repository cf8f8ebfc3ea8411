/**
 * A storm of joins and leaves of one socket, sent together: whoever is in the room must end knowing who is there.
 * The room used to be told each arrival when the join was answered, after the leaves sent with it had already told
 * the departure: the last diff said "joined" of someone who had gone, and nothing corrected it.
 */
import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import type { PresenceMessage, TestClient } from './testing/test-client';

jest.setTimeout(30_000);

/** What a member holds: its presence:state, then each presence:diff in order; and the leaves of people it did not hold. */
function held(messages: readonly PresenceMessage[]): { present: string[]; unknownLeaves: string[] } {
  let people = new Set<string>();
  const unknownLeaves: string[] = [];
  for (const message of messages) {
    if (message.type === 'state') people = new Set(message.present);
    else {
      for (const sub of message.leaves) if (!people.delete(sub)) unknownLeaves.push(sub);
      for (const sub of message.joins) people.add(sub);
    }
  }
  return { present: [...people].sort(), unknownLeaves };
}

describe('presence under a storm of joins and leaves (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start();
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** The room's presence as the server has it: what a new joiner is told. */
  const serverPresence = async (room: string): Promise<string[]> => {
    const sub = `probe-${room.replace(':', '-')}`;
    const probe = await hub.connect({ sub, role: 'catalyseur' });
    const joined = await probe.join(room);
    probe.close();
    return joined.presence.filter((who) => who !== sub).sort();
  };

  /** Waits for the diffs to settle: a few presenceDiffMs with nothing new, then a round trip. */
  const settle = async (client: TestClient): Promise<void> => {
    let seen = -1;
    while (seen !== client.presence.length) {
      seen = client.presence.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await client.request(HUB_EVENTS.leave, { room: 'network' });
  };

  const storm = async (name: string, pairs: number): Promise<{ watcher: TestClient; room: string }> => {
    const room = `room:${name}`;
    await hub.openRoom(name, 'op-1');
    const watcher = await hub.connect({ sub: 'op-1', role: 'operator' });
    expect((await watcher.tryJoin(room)).ok).toBe(true);
    const stormer = await hub.connect({ sub: 'cat-1', role: 'catalyseur' });
    const requests = Array.from({ length: pairs }, () => [stormer.tryJoin(room), stormer.request(HUB_EVENTS.leave, { room })]).flat();
    const acks = await Promise.all(requests);
    expect(acks.map((ack) => ack.ok)).toEqual(acks.map(() => true));
    await settle(watcher);
    return { watcher, room };
  };

  it.each([40, 1])('%i join/leave pairs sent together: the watcher ends holding the room’s presence', async (pairs) => {
    const { watcher, room } = await storm(`storm-${pairs}`, pairs);
    const real = await serverPresence(room);
    expect(real).toEqual(['op-1']);
    await settle(watcher);
    const view = held(watcher.presence.filter((m) => m.room === room));
    expect(view.present).toEqual(real);
    // Never told of a departure of someone it was not told had arrived.
    expect(view.unknownLeaves).toEqual([]);
  });

  it('repeated storms in a room: every member ends holding the room’s presence', async () => {
    const room = 'room:storms';
    await hub.openRoom('storms', 'op-1');
    const watchers = await Promise.all(['op-1', 'op-2'].map((sub) => hub.connect({ sub, role: 'operator' })));
    await watchers[0]!.join(room);
    const stormers = await Promise.all(['cat-1', 'cat-2', 'cat-3'].map((sub) => hub.connect({ sub, role: 'catalyseur' })));
    for (let round = 0; round < 4; round++) {
      // 20 requests per connection and round (a connection may send 100 a second); cat-3 ends in the room in odd rounds.
      const requests = stormers.flatMap((client, i) =>
        Array.from({ length: 10 }, (_, k) =>
          i === 2 && round % 2 === 1 && k === 9
            ? [client.request(HUB_EVENTS.leave, { room }), client.tryJoin(room)]
            : [client.tryJoin(room), client.request(HUB_EVENTS.leave, { room })],
        ).flat(),
      );
      // op-2 joins in the middle of the storms: its state and the diffs after it must agree too.
      if (round === 2) requests.push(watchers[1]!.tryJoin(room));
      expect((await Promise.all(requests)).filter((ack) => !ack.ok)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await Promise.all(watchers.map(settle));
    const real = await serverPresence(room);
    expect(real).toEqual(['cat-3', 'op-1', 'op-2']);
    await Promise.all(watchers.map(settle));
    for (const watcher of watchers) expect(held(watcher.presence.filter((m) => m.room === room)).present).toEqual(real);
  });
});
