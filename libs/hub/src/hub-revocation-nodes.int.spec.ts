/**
 * Revocations a node hears only from a feed none of its sockets follows. A release is written to the partnership's
 * feed alone: a node whose socket is in one of the partnership's rooms, but none in its feed, used to leave that socket
 * in the room, hearing its live entries until it reconnected. A departure is written to `network`, which every node
 * follows for itself: written while that feed switched epoch (a rebuild), it used to be skipped with the reset.
 */
import { AGGREGATES } from '@catalyse/domain';
import { RedisFeedNotifier } from '@catalyse/notifier';
import { COLLECTIONS, type FeedUpdate, ProjectionRebuild } from '@catalyse/projections';
import type { FeedEntry } from '@catalyse/protocol';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { FanoutService } from './fanout/fanout.service';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(30_000);

/** How long a socket is given to be told its access ended (it takes a few ms; the default wait is 15 s). */
const TOLD_WITHIN_MS = 5_000;

const textOf = (entry: FeedEntry): unknown => (entry.data as { text?: unknown }).text;

/** Polls `done` every 10 ms, up to `withinMs`. */
async function until(done: () => boolean, what: string, withinMs = TOLD_WITHIN_MS): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A message written to the room after the socket was told: a watcher hears it, the socket does not. */
async function expectNothingMoreFor(hub: HubHarness, client: TestClient, watcher: TestClient, roomId: string, text: string): Promise<void> {
  const room = `room:${roomId}`;
  const held = client.entries(room).length;
  await hub.projected(await hub.appendMessage(roomId, text));
  await watcher.waitFor(() => watcher.entries(room).some((e) => textOf(e) === text), 'the message after, live');
  expect(client.entries(room)).toHaveLength(held);
}

describe('a release, on two hub nodes sharing a Redis, the second of which has no socket in the partnership’s feed', () => {
  let redis: RunningRedis;
  let first: HubHarness;
  let second: HubHarness;
  const notifier = async (): Promise<RedisFeedNotifier> => {
    const created = new RedisFeedNotifier({ url: redis.url, log: { warn: () => undefined, log: () => undefined } });
    await created.ready();
    return created;
  };
  const fannedOutOnSecond = (): readonly string[] => second.app.get(FanoutService).rooms;

  const openPartnershipRoom = (roomId: string, partnershipId: string, openedBy: string): Promise<bigint> =>
    first.room(roomId, {
      type: 'OpenRoom',
      data: { roomId, kind: 'partnership', subject: partnershipId, title: roomId, access: 'open', openedBy, openedAt: new Date().toISOString() },
    });

  beforeAll(async () => {
    redis = await startRedis();
    first = await HubHarness.start({}, { notifier: await notifier() });
    second = await HubHarness.peer(first, await notifier());
  }, 180_000); // a first run may install redis-server
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  it('takes the catalyseur out of the partnership’s room on that node: room:reset, nothing after, FORBIDDEN on rejoin', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await first.propose('pivot', ['asso-pivot', 'ent-pivot'], 'cat-pia');
    await openPartnershipRoom('pivot-salle', 'pivot', 'cat-pia');
    const watcher = await first.connect({ sub: 'op-pivot', role: 'operator' });
    await watcher.join('room:pivot-salle');
    // Her only socket, on the second node: in the partnership's room, not in its feed.
    const pia = await second.connect({ sub: 'cat-pia', role: 'catalyseur' });
    await pia.join('room:pivot-salle');
    // Followed once her join was answered and the room's card read (the ack does not wait for it).
    await until(() => second.app.get(FanoutService).followedRooms.includes('partnership:pivot'), 'partnership:pivot followed there');

    await first.partnership('pivot', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-pia', releasedOn: today } });
    await pia.waitFor(() => pia.resets.length === 1, 'the room told her access ended', TOLD_WITHIN_MS);
    expect(pia.resets).toEqual([{ room: 'room:pivot-salle', epoch: 1 }]);
    await expectNothingMoreFor(first, pia, watcher, 'pivot-salle', 'après la libération, sur l’autre nœud');
    expect(await pia.tryJoin('room:pivot-salle')).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'this room is for the catalyseurs who accompany its partnership' },
    });
    expect(pia.connected).toBe(true);
    // Her socket was the room's last on the node: the partnership's feed is no longer followed there.
    await until(() => !second.app.get(FanoutService).followedRooms.includes('partnership:pivot'), 'partnership:pivot no longer followed there');
    await until(() => !fannedOutOnSecond().includes('partnership:pivot'), 'the fan-out of partnership:pivot dropped there');
  });

  it('takes out the first catalyseur of the room on that node, released while their join was judged (before the feed was followed)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await first.propose('tandem', ['asso-tandem', 'ent-tandem'], 'cat-tim');
    await openPartnershipRoom('tandem-salle', 'tandem', 'cat-tim');
    const watcher = await first.connect({ sub: 'op-tandem', role: 'operator' });
    await watcher.join('room:tandem-salle');
    const tim = await second.connect({ sub: 'cat-tim', role: 'catalyseur' });

    // His join reads that he accompanies the partnership, and is answered only after his release was written: the
    // second node followed nothing of the partnership then, and his ack holds the room's entries, not the release.
    const read = second.holdDocRead(COLLECTIONS.partnerships, 'tandem');
    const joining = tim.tryJoin('room:tandem-salle');
    await read.reached;
    await first.partnership('tandem', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-tim', releasedOn: today } });
    read.release();
    expect(await joining).toMatchObject({ ok: true });

    await tim.waitFor(() => tim.resets.length === 1, 'the room told his access ended', TOLD_WITHIN_MS);
    expect(tim.resets).toEqual([{ room: 'room:tandem-salle', epoch: 1 }]);
    await expectNothingMoreFor(first, tim, watcher, 'tandem-salle', 'après la libération, pendant la jonction');
    await until(() => !second.app.get(FanoutService).followedRooms.includes('partnership:tandem'), 'partnership:tandem no longer followed there');
  });

  it('follows a partnership’s feed while a catalyseur’s socket of the node is in one of its rooms, until the last socket left', async () => {
    await first.propose('relais', ['asso-relais', 'ent-relais'], 'cat-rel');
    await openPartnershipRoom('relais-a', 'relais', 'cat-rel');
    await openPartnershipRoom('relais-b', 'relais', 'cat-rel');
    await first.openRoom('relais-libre', 'alice');
    const fanout = second.app.get(FanoutService);
    const partner = await second.connect({ sub: 'paul', role: 'partner', org: 'asso-relais' });
    const catalyseur = await second.connect({ sub: 'cat-rel', role: 'catalyseur' });
    const tab = await second.connect({ sub: 'cat-rel', role: 'catalyseur' });

    // A partner's socket (nothing in the partnership's feed ends its access), a room of no partnership: nothing followed.
    await partner.join('room:relais-a');
    await catalyseur.join('room:relais-libre');
    // Time for a follow to start, had these joins started one (it comes after the ack, once the card is read).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fanout.followedRooms).not.toContain('partnership:relais');
    await catalyseur.join('room:relais-a');
    await tab.join('room:relais-b');
    await until(() => fanout.followedRooms.includes('partnership:relais'), 'partnership:relais followed');

    // room:relais-a keeps a socket, the partner's; then room:relais-b still has one.
    expect(await catalyseur.request('room:leave', { room: 'room:relais-a' })).toMatchObject({ ok: true });
    expect(fanout.followedRooms).toContain('partnership:relais');
    expect(await partner.request('room:leave', { room: 'room:relais-a' })).toMatchObject({ ok: true });
    expect(fanout.followedRooms).toContain('partnership:relais');
    // The last socket goes (a disconnect leaves its rooms as a leave does): the feed is let go, its fan-out dropped.
    tab.close();
    await until(() => !fanout.followedRooms.includes('partnership:relais'), 'partnership:relais no longer followed');
    await until(() => !fanout.rooms.includes('partnership:relais'), 'the fan-out of partnership:relais dropped');
    expect(fanout.rooms).not.toContain('room:relais-b');
  });
});

describe('a departure written while `network` switches epoch (a rebuild), on a node none of whose sockets follows it', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is heard all the same: the catalyseur, back in a room after the rebuild, is taken out of it', async () => {
    const { decider, streamOf } = AGGREGATES.catalyseur;
    await hub.run(decider, streamOf('cat-eva'), {
      type: 'JoinNetwork',
      data: { catalyseurId: 'cat-eva', name: 'Éva', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
    });
    await hub.openRoom('foyer', 'alice');
    const watcher = await hub.connect({ sub: 'op-foyer', role: 'operator' });
    const eva = await hub.connect({ sub: 'cat-eva', role: 'catalyseur' });
    await watcher.join('room:foyer');
    await eva.join('room:foyer');
    const before = await hub.head('room:foyer');

    // The rebuild tells the rooms of their new epoch in chunks: `network`'s update is in a later one, not sent yet.
    const held: FeedUpdate[] = [];
    await new ProjectionRebuild(
      hub.events,
      hub.store,
      {
        publish: (updates) => {
          held.push(...updates.filter((update) => update.room === 'network'));
          return hub.notifier.publish(updates.filter((update) => update.room !== 'network'));
        },
      },
      { holder: 'hub-revocation-nodes-spec' },
    ).run();
    expect(held).toHaveLength(1);
    await eva.waitFor(() => eva.resets.length === 1, 'room:foyer reset by the rebuild');
    await watcher.waitFor(() => watcher.resets.length === 1, 'room:foyer reset by the rebuild');
    // Both join again, in the new epoch: she has not left yet.
    await watcher.join('room:foyer');
    expect(await eva.join('room:foyer')).toMatchObject({ epoch: before.epoch + 1 });

    // She leaves: the departure is written to the new epoch of `network`; the node, still on the old one, hears of
    // the new epoch with it.
    await hub.run(decider, streamOf('cat-eva'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
    await eva.waitFor(() => eva.resets.length === 2, 'room:foyer told her access ended', TOLD_WITHIN_MS);
    expect(eva.resets.at(-1)).toEqual({ room: 'room:foyer', epoch: before.epoch + 1 });
    await expectNothingMoreFor(hub, eva, watcher, 'foyer', 'après le départ, après la reconstruction');
    expect(await eva.tryJoin('room:foyer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'catalyseur cat-eva left the network: their access ended' },
    });
    // The rebuild's last chunk, late: nothing more happens.
    await hub.notifier.publish(held);
    expect(eva.resets).toHaveLength(2);
  });
});
