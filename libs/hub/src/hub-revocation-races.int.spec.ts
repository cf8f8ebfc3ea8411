/**
 * Access that ends while the hub is judging it. A join checks access before its socket is subscribed, and a check of
 * `Revocations` may read the facts before the entry that asked for it: an entry that ends someone's access, arriving
 * in between, used to leave their socket in the room, hearing its live entries until it reconnected. The access
 * checks' reads are held here (`holdDocRead`: read at once, answered late) so that each race happens every time.
 */
import { AGGREGATES } from '@catalyse/domain';
import { RedisFeedNotifier } from '@catalyse/notifier';
import { COLLECTIONS } from '@catalyse/projections';
import { type FeedEntry, HUB_EVENTS } from '@catalyse/protocol';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(30_000);

/** How long a socket is given to be told its access ended (it takes a few ms; the default wait is 15 s). */
const TOLD_WITHIN_MS = 5_000;

const textOf = (entry: FeedEntry): unknown => (entry.data as { text?: unknown }).text;

describe('access ending while it is judged (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start();
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** A message written to the room after the socket was told: a watcher hears it, the socket does not. */
  async function expectNothingMoreFor(client: TestClient, watcher: TestClient, roomId: string): Promise<void> {
    const room = `room:${roomId}`;
    const held = client.entries(room).length;
    await hub.projected(await hub.appendMessage(roomId, `après la fin de l’accès (${roomId})`));
    await watcher.waitFor(() => watcher.entries(room).some((e) => textOf(e) === `après la fin de l’accès (${roomId})`), 'the message after, live');
    expect(client.entries(room)).toHaveLength(held);
  }

  describe('a join in flight', () => {
    it('a member removed while their join of a members-only room waits for its access check is taken out once subscribed', async () => {
      await hub.openRoom('cercle', 'alice', 'members');
      await hub.room('cercle', { type: 'AddMember', data: { memberId: 'bob', addedBy: 'alice' } });
      const watcher = await hub.connect({ sub: 'op-cercle', role: 'operator' });
      await watcher.join('room:cercle');
      const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });

      // Bob's join reads the room's members (he is one), and is answered only after his removal reached the node.
      const read = hub.holdDocRead(COLLECTIONS.rooms, 'cercle');
      const joining = bob.tryJoin('room:cercle');
      await read.reached;
      await hub.room('cercle', { type: 'RemoveMember', data: { memberId: 'bob', removedBy: 'alice' } });
      await watcher.waitFor(() => watcher.entries('room:cercle').some((e) => e.kind === 'MemberRemoved'), 'the removal, live on the node');
      read.release();
      expect(await joining).toMatchObject({ ok: true });

      await bob.waitFor(() => bob.resets.length === 1, 'bob told his access ended', TOLD_WITHIN_MS);
      expect(bob.resets).toEqual([{ room: 'room:cercle', epoch: 1 }]);
      await expectNothingMoreFor(bob, watcher, 'cercle');
      expect(await bob.tryJoin('room:cercle')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'this room is for its members' } });
    });

    it('so is the first socket of the room on the node, which hears its removal only in its own ack', async () => {
      await hub.openRoom('atelier', 'alice', 'members');
      await hub.room('atelier', { type: 'AddMember', data: { memberId: 'bea', addedBy: 'alice' } });
      const bea = await hub.connect({ sub: 'bea', role: 'catalyseur' });

      const read = hub.holdDocRead(COLLECTIONS.rooms, 'atelier');
      const joining = bea.tryJoin('room:atelier');
      await read.reached;
      // Nobody follows the room on this node: the removal is emitted to no one live.
      await hub.room('atelier', { type: 'RemoveMember', data: { memberId: 'bea', removedBy: 'alice' } });
      read.release();
      expect(await joining).toMatchObject({ ok: true });
      expect(bea.entries('room:atelier').at(-1)?.kind).toBe('MemberRemoved');

      await bea.waitFor(() => bea.resets.length === 1, 'bea told her access ended', TOLD_WITHIN_MS);
      expect(bea.resets).toEqual([{ room: 'room:atelier', epoch: 1 }]);
      const watcher = await hub.connect({ sub: 'op-atelier', role: 'operator' });
      await watcher.join('room:atelier');
      await expectNothingMoreFor(bea, watcher, 'atelier');
    });

    it('a catalyseur who leaves the network while their join waits for its access check is taken out once subscribed', async () => {
      const { decider, streamOf } = AGGREGATES.catalyseur;
      await hub.run(decider, streamOf('cat-noe'), {
        type: 'JoinNetwork',
        data: { catalyseurId: 'cat-noe', name: 'Noé', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
      });
      await hub.openRoom('place', 'alice');
      const watcher = await hub.connect({ sub: 'op-place', role: 'operator' });
      await watcher.join('room:place');
      const noe = await hub.connect({ sub: 'cat-noe', role: 'catalyseur' });
      // Following `network`, the node hears of the departure.
      await noe.join('network');

      // Her join has read that she had not left; its read of the room is answered after the departure reached the node.
      const read = hub.holdDocRead(COLLECTIONS.rooms, 'place');
      const joining = noe.tryJoin('room:place');
      await read.reached;
      await hub.run(decider, streamOf('cat-noe'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
      await noe.waitFor(() => noe.resets.some((reset) => reset.room === 'network'), 'network told her access ended');
      read.release();
      expect(await joining).toMatchObject({ ok: true });

      await noe.waitFor(() => noe.resets.some((reset) => reset.room === 'room:place'), 'room:place told her access ended', TOLD_WITHIN_MS);
      await expectNothingMoreFor(noe, watcher, 'place');
      expect(await noe.tryJoin('room:place')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'catalyseur cat-noe left the network: their access ended' },
      });
    });
  });

  it('a revocation arriving while the same socket and room are being checked is checked again after that check', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await hub.propose('duo', ['asso-duo', 'ent-duo'], 'cat-duo');
    await hub.room('duo-salle', {
      type: 'OpenRoom',
      data: {
        roomId: 'duo-salle',
        kind: 'partnership',
        subject: 'duo',
        title: 'Duo',
        access: 'members',
        openedBy: 'cat-duo',
        openedAt: new Date().toISOString(),
      },
    });
    const watcher = await hub.connect({ sub: 'op-duo', role: 'operator' });
    await watcher.join('room:duo-salle');
    const duo = await hub.connect({ sub: 'cat-duo', role: 'catalyseur' });
    await duo.join('partnership:duo');
    await duo.join('room:duo-salle');

    // Removed from the room, a catalyseur who accompanies the partnership still reads it: the check this asks for
    // reads that they accompany it, and is answered only after their release reached the node.
    const read = hub.holdDocRead(COLLECTIONS.partnerships, 'duo');
    await hub.room('duo-salle', { type: 'RemoveMember', data: { memberId: 'cat-duo', removedBy: 'cat-duo' } });
    await read.reached;
    await hub.partnership('duo', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-duo', releasedOn: today } });
    // The release's checks: the partnership's feed first (refused), then its room, being checked already.
    await duo.waitFor(() => duo.resets.some((reset) => reset.room === 'partnership:duo'), 'the partnership’s feed told the access ended');
    read.release();

    await duo.waitFor(() => duo.resets.some((reset) => reset.room === 'room:duo-salle'), 'the room told the access ended', TOLD_WITHIN_MS);
    expect(duo.resets.map((reset) => reset.room).sort()).toEqual(['partnership:duo', 'room:duo-salle']);
    await expectNothingMoreFor(duo, watcher, 'duo-salle');
  });

  describe('typing notices', () => {
    it('are refused from a catalyseur who left the network, though this node may not have taken her out yet', async () => {
      const { decider, streamOf } = AGGREGATES.catalyseur;
      await hub.run(decider, streamOf('cat-ines'), {
        type: 'JoinNetwork',
        data: { catalyseurId: 'cat-ines', name: 'Inès', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
      });
      await hub.openRoom('causerie', 'alice');
      const ines = await hub.connect({ sub: 'cat-ines', role: 'catalyseur' });
      const other = await hub.connect({ sub: 'cat-autre', role: 'catalyseur' });
      await ines.join('room:causerie');
      await other.join('room:causerie');
      expect(await ines.request(HUB_EVENTS.typing, { room: 'room:causerie' })).toEqual({ ok: true, data: { room: 'room:causerie' } });
      await other.waitFor(() => other.typing.length === 1, 'Inès types');

      // The node takes her out of the room once the departure reaches it (`network`, which it follows itself): its
      // check of her sockets reads her card, held here, so she is still in the room when she types. The notice is
      // refused all the same (the access is judged again), and once she is out she is in no room to type in.
      const read = hub.holdDocRead(COLLECTIONS.catalyseurs, 'cat-ines');
      await hub.run(decider, streamOf('cat-ines'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
      await read.reached;
      expect(await ines.request(HUB_EVENTS.typing, { room: 'room:causerie' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'catalyseur cat-ines left the network: their access ended' },
      });
      read.release();
      await ines.waitFor(() => ines.resets.some((reset) => reset.room === 'room:causerie'), 'room:causerie told her access ended', TOLD_WITHIN_MS);
      expect(await ines.request(HUB_EVENTS.typing, { room: 'room:causerie' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'join room:causerie before typing in it' },
      });
      // A round trip of the other's later: no notice of hers reached it.
      expect(await other.request(HUB_EVENTS.typing, { room: 'room:causerie' })).toMatchObject({ ok: true });
      expect(other.typing).toHaveLength(1);
    });

    it('are refused from someone released from the room’s partnership, though this node may not have taken them out yet', async () => {
      const today = new Date().toISOString().slice(0, 10);
      await hub.propose('trio', ['asso-trio', 'ent-trio'], 'cat-trio');
      await hub.room('trio-salle', {
        type: 'OpenRoom',
        data: {
          roomId: 'trio-salle',
          kind: 'partnership',
          subject: 'trio',
          title: 'Trio',
          access: 'open',
          openedBy: 'cat-trio',
          openedAt: new Date().toISOString(),
        },
      });
      const trio = await hub.connect({ sub: 'cat-trio', role: 'catalyseur' });
      const partner = await hub.connect({ sub: 'paul', role: 'partner', org: 'asso-trio' });
      await trio.join('room:trio-salle');
      await partner.join('room:trio-salle');

      // No socket follows the partnership's feed, where the release is written; the node follows it for the room, and
      // takes her out once the release reaches it: its check reads the partnership's board, held here, so she is still
      // in the room when she types. The notice is refused all the same (the access is judged again), and once she is
      // out she is in no room to type in.
      const read = hub.holdDocRead(COLLECTIONS.partnerships, 'trio');
      await hub.partnership('trio', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-trio', releasedOn: today } });
      await read.reached;
      expect(await trio.request(HUB_EVENTS.typing, { room: 'room:trio-salle' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'this room is for the catalyseurs who accompany its partnership' },
      });
      read.release();
      await trio.waitFor(() => trio.resets.some((reset) => reset.room === 'room:trio-salle'), 'room:trio-salle told her access ended', TOLD_WITHIN_MS);
      expect(await trio.request(HUB_EVENTS.typing, { room: 'room:trio-salle' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'join room:trio-salle before typing in it' },
      });
      expect(await partner.request(HUB_EVENTS.typing, { room: 'room:trio-salle' })).toMatchObject({ ok: true });
      expect(partner.typing).toEqual([]);
    });
  });
});

describe('a departure, on a node none of whose sockets follows `network` or `ops`', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('takes the catalyseur out of every room they follow there, and nothing after reaches them', async () => {
    const { decider, streamOf } = AGGREGATES.catalyseur;
    await hub.run(decider, streamOf('cat-eve'), {
      type: 'JoinNetwork',
      data: { catalyseurId: 'cat-eve', name: 'Ève', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
    });
    await hub.openRoom('salon', 'alice');
    await hub.openRoom('veranda', 'alice');
    const watcher = await hub.connect({ sub: 'op-salon', role: 'operator' });
    await watcher.join('room:salon');
    await watcher.join('room:veranda');
    const eve = await hub.connect({ sub: 'cat-eve', role: 'catalyseur' });
    const tab = await hub.connect({ sub: 'cat-eve', role: 'catalyseur' });
    await eve.join('room:salon');
    await eve.join('room:veranda');
    await tab.join('room:salon');

    // Only rooms here: nobody follows the feeds the departure is written to.
    await hub.run(decider, streamOf('cat-eve'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
    await eve.waitFor(() => eve.resets.length === 2, 'both rooms told her access ended', TOLD_WITHIN_MS);
    await tab.waitFor(() => tab.resets.length === 1, 'her other tab told too', TOLD_WITHIN_MS);
    expect(eve.resets.map((reset) => reset.room).sort()).toEqual(['room:salon', 'room:veranda']);
    expect(tab.resets.map((reset) => reset.room)).toEqual(['room:salon']);
    expect(eve.entries('network')).toEqual([]);

    for (const roomId of ['salon', 'veranda']) {
      const room = `room:${roomId}`;
      const held = [eve.entries(room).length, tab.entries(room).length];
      await hub.projected(await hub.appendMessage(roomId, `après le départ (${roomId})`));
      await watcher.waitFor(() => watcher.entries(room).some((e) => textOf(e) === `après le départ (${roomId})`), 'the message after, live');
      expect([eve.entries(room).length, tab.entries(room).length]).toEqual(held);
    }
    expect(await eve.tryJoin('room:salon')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'catalyseur cat-eve left the network: their access ended' },
    });
  });
});

describe('a departure, on two hub nodes sharing a Redis, none of whose sockets follows `network` or `ops`', () => {
  let redis: RunningRedis;
  let first: HubHarness;
  let second: HubHarness;
  const notifier = async (): Promise<RedisFeedNotifier> => {
    const created = new RedisFeedNotifier({ url: redis.url, log: { warn: () => undefined, log: () => undefined } });
    await created.ready();
    return created;
  };

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

  it('takes the catalyseur out of their rooms on each node', async () => {
    const { decider, streamOf } = AGGREGATES.catalyseur;
    await first.run(decider, streamOf('cat-zoe'), {
      type: 'JoinNetwork',
      data: { catalyseurId: 'cat-zoe', name: 'Zoé', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
    });
    await first.openRoom('kiosque', 'alice');
    const watcher = await second.connect({ sub: 'op-kiosque', role: 'operator' });
    await watcher.join('room:kiosque');
    const onFirst = await first.connect({ sub: 'cat-zoe', role: 'catalyseur' });
    const onSecond = await second.connect({ sub: 'cat-zoe', role: 'catalyseur' });
    await onFirst.join('room:kiosque');
    await onSecond.join('room:kiosque');

    await first.run(decider, streamOf('cat-zoe'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
    for (const tab of [onFirst, onSecond]) {
      await tab.waitFor(() => tab.resets.length === 1, 'the room told her access ended', TOLD_WITHIN_MS);
      expect(tab.resets.map((reset) => reset.room)).toEqual(['room:kiosque']);
    }
    const held = [onFirst.entries('room:kiosque').length, onSecond.entries('room:kiosque').length];
    await first.projected(await first.appendMessage('kiosque', 'après le départ, sur deux nœuds'));
    await watcher.waitFor(() => watcher.entries('room:kiosque').some((e) => textOf(e) === 'après le départ, sur deux nœuds'), 'the message after, live');
    expect([onFirst.entries('room:kiosque').length, onSecond.entries('room:kiosque').length]).toEqual(held);
  });
});
