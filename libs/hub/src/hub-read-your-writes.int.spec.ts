/**
 * Read-your-writes on the hub: a room or partnership created through the
 * command path a moment ago can be joined (and posted in) at once, while the
 * projector is behind — the access check that found nothing waits for the read
 * side to reach the log's head, then checks once more (a member added a moment
 * ago too: FORBIDDEN waits the same way). An unknown room while
 * the read side is at the head is NOT_FOUND without a wait.
 */
import { type PartnershipCommand, partnershipDecider, type RoomCommand, roomDecider, roomStream } from '@catalyse/domain';
import type { Ack } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

const WAIT_MS = 2000;

describe('hub read-your-writes (real Nest app, SQLite, projector held back)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ readSideWaitMs: WAIT_MS });
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** A request whose answer so far is `pending`, or its ack's `ok` or error code. */
  const pending = <T>(request: Promise<Ack<T>>): { readonly answer: () => string; readonly ack: Promise<Ack<T>> } => {
    let answer = 'pending';
    const ack = request.then((received) => {
      answer = received.ok ? 'ok' : received.error.code;
      return received;
    });
    return { answer: () => answer, ack };
  };

  /** Until the hub has started waiting for the read side (its first read of the projector's checkpoint), or answered. */
  const hubWaiting = async (checkpointReadsBefore: number, answered: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (hub.checkpointReads === checkpointReadsBefore && !answered()) {
      if (Date.now() > deadline) throw new Error('the hub never waited for the read side');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const openRoom = (id: string, openedBy: string): RoomCommand => ({
    type: 'OpenRoom',
    data: { roomId: id, kind: 'network', title: `Salle ${id}`, access: 'open', openedBy, openedAt: new Date().toISOString() },
  });

  it('joins a room and a partnership created a moment ago, and posts in a new room, while the projector is behind', async () => {
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    const marie = await hub.connect({ sub: 'marie', role: 'partner', org: 'flda' });
    await hub.projector.stop();
    const checkpointReads = hub.checkpointReads;

    // Written through the command path (what POST /api/rooms and /api/partnerships run), not projected yet.
    await hub.send(roomDecider, roomStream('atelier'), openRoom('atelier', 'alice'), 'alice');
    await hub.send(roomDecider, roomStream('salon'), openRoom('salon', 'alice'), 'alice');
    const proposal: PartnershipCommand = {
      type: 'ProposePartnership',
      data: {
        partnershipId: 'flda-ardeche',
        title: 'FLDA × Conseil général de l’Ardèche',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'association' },
          { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' },
        ],
        modes: ['mecenat'],
        proposedAt: new Date().toISOString(),
      },
    };
    await hub.send(partnershipDecider, 'partnership-flda-ardeche', proposal, 'marie');

    const join = pending(alice.tryJoin('room:atelier'));
    const partnerJoin = pending(marie.tryJoin('partnership:flda-ardeche'));
    const post = pending(alice.post('room:salon', 'm-1', 'Bonjour, première !'));
    const answers = (): string[] => [join.answer(), partnerJoin.answer(), post.answer()];
    try {
      await hubWaiting(checkpointReads, () => answers().some((answer) => answer !== 'pending'));
      // Held while the read side cannot know the room: no NOT_FOUND meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answers()).toEqual(['pending', 'pending', 'pending']);
    } finally {
      await hub.projector.start();
    }
    expect(await join.ack).toMatchObject({ ok: true, data: { room: 'room:atelier', snapshot: true, presence: ['alice'] } });
    expect(alice.entries('room:atelier').map((e) => e.kind)).toEqual(['RoomOpened']);
    expect(await partnerJoin.ack).toMatchObject({ ok: true, data: { room: 'partnership:flda-ardeche' } });
    expect(marie.entries('partnership:flda-ardeche').map((e) => e.kind)).toEqual(['PartnershipProposed']);
    expect(await post.ack).toMatchObject({ ok: true, data: { room: 'room:salon', seq: 2 } });
    expect((await hub.feed('room:salon')).map((e) => e.kind)).toEqual(['RoomOpened', 'MessagePosted']);
  });

  it('lets a member added a moment ago into a members-only room, while the projector is behind', async () => {
    await hub.send(
      roomDecider,
      roomStream('bureau'),
      { ...openRoom('bureau', 'alice'), data: { ...openRoom('bureau', 'alice').data, access: 'members' } } as RoomCommand,
      'alice',
    );
    await hub.projected(await hub.events.headPosition());
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    expect(await bob.tryJoin('room:bureau')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await hub.projector.stop();
    const checkpointReads = hub.checkpointReads;
    let join: { readonly answer: () => string; readonly ack: Promise<Ack<unknown>> };
    try {
      await hub.send(roomDecider, roomStream('bureau'), { type: 'AddMember', data: { memberId: 'bob', addedBy: 'alice' } }, 'alice');
      join = pending(bob.tryJoin('room:bureau'));
      await hubWaiting(checkpointReads, () => join.answer() !== 'pending');
      expect(join.answer()).toBe('pending');
    } finally {
      await hub.projector.start();
    }
    expect(await join.ack).toMatchObject({ ok: true, data: { room: 'room:bureau' } });
    expect(bob.entries('room:bureau').map((e) => e.kind)).toEqual(['RoomOpened', 'MemberAdded']);
  });

  it('answers NOT_FOUND for an unknown room without waiting when the read side is at the head', async () => {
    await hub.projected(await hub.events.headPosition());
    const eve = await hub.connect({ sub: 'eve', role: 'catalyseur' });
    const started = Date.now();
    const answers = await Promise.all([eve.tryJoin('room:nulle-part'), eve.tryJoin('partnership:nope'), eve.post('room:nulle-part', 'm-1', 'allô ?')]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    // Far below the 2 s a wait would take (generous: a loaded machine).
    expect(Date.now() - started).toBeLessThan(WAIT_MS / 2);
  });

  it('answers NOT_FOUND after the bounded wait when the projector stays behind, every waiter sharing one read of the checkpoint at a time', async () => {
    const clients = await Promise.all(['p-1', 'p-2', 'p-3'].map((sub) => hub.connect({ sub, role: 'catalyseur' })));
    await hub.projector.stop();
    try {
      // Something the projector has not folded: the read side is behind the head.
      await hub.send(roomDecider, roomStream('plus-tard'), openRoom('plus-tard', 'alice'), 'alice');
      const checkpointReads = hub.checkpointReads;
      const started = Date.now();
      const answers = await Promise.all(clients.flatMap((client) => Array.from({ length: 10 }, (_, i) => client.tryJoin(`room:inconnue-${i}`))));
      const elapsed = Date.now() - started;
      expect(new Set(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)))).toEqual(new Set(['NOT_FOUND']));
      expect(elapsed).toBeGreaterThanOrEqual(WAIT_MS - 100);
      // 30 waits of 2 s: one shared poll (every 25 ms) reads about 80 times; a poll per wait would read about 2,400.
      expect(hub.checkpointReads - checkpointReads).toBeLessThan(400);
    } finally {
      await hub.projector.start();
    }
  });
});
