/**
 * A feed rebuilt into a new epoch: the room's sockets get `room:reset` and are
 * unsubscribed; joining again with their old since, they get a reset and a
 * snapshot of the new epoch, then live entries again, exactly.
 */
import { ProjectionRebuild } from '@catalyse/projections';
import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness, range, seqs } from './testing/hub-harness';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

describe('hub after a feed rebuild (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  const ROOM = 'room:rebuilt';

  beforeAll(async () => {
    hub = await HubHarness.start({ snapshotSize: 5 });
    await hub.openRoom('rebuilt', 'alice');
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** A real rebuild of the read models into the next epoch; it notifies the hub of every room. */
  const rebuildFeeds = async (): Promise<void> => {
    await new ProjectionRebuild(hub.events, hub.store, hub.notifier, { holder: 'hub-reset-spec' }).run();
  };

  it('resets the room, and a rejoin with the old since gets a snapshot of the new epoch, then live entries', async () => {
    let last = 0n;
    for (let i = 0; i < 12; i++) last = await hub.appendMessage('rebuilt', `avant ${i}`);
    await hub.projected(last);
    const before = await hub.head(ROOM);
    const client = await hub.connect({ sub: 'cat-1', role: 'catalyseur' });
    await client.join(ROOM, { epoch: before.epoch, seq: 0 });
    expect(seqs(client.entries(ROOM))).toEqual(range(1, 13));

    await rebuildFeeds();
    // The switch alone resets the room (the rebuild notifies every room), before any new entry.
    await client.waitFor(() => client.resets.length === 1, 'room:reset');
    expect(await hub.head(ROOM)).toEqual({ epoch: before.epoch + 1, head: 13 });
    last = await hub.appendMessage('rebuilt', 'après la reconstruction');
    await hub.projected(last);
    const after = await hub.head(ROOM);
    expect(after).toEqual({ epoch: before.epoch + 1, head: 14 });
    expect(client.resets).toEqual([{ room: ROOM, epoch: after.epoch }]);
    // Unsubscribed: the entry of the new epoch does not come live; a round trip proves it has not.
    expect(await client.request(HUB_EVENTS.leave, { room: 'network' })).toMatchObject({ ok: true });
    expect(client.entries(ROOM)).toHaveLength(13);

    const since = client.cursor(ROOM);
    expect(since).toEqual({ epoch: before.epoch, seq: 13 });
    const rejoined = await client.join(ROOM, since);
    expect(rejoined).toMatchObject({ epoch: after.epoch, head: 14, snapshot: true });
    expect(seqs(rejoined.entries)).toEqual(range(10, 14));
    expect(client.resets).toHaveLength(2);

    last = await hub.appendMessage('rebuilt', 'et ensuite');
    await hub.projected(last);
    await client.waitForSeq(ROOM, 15);
    expect(
      client
        .entries(ROOM)
        .slice(13)
        .map((e) => `${e.epoch}/${e.seq}`),
    ).toEqual(range(10, 15).map((seq) => `${after.epoch}/${seq}`));
  });
});
