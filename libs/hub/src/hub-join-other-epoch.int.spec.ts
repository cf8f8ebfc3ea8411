/**
 * A join whose `since` names an epoch other than the room's current one gets `room:reset` first, then a snapshot of
 * the current epoch, whether that epoch is older (a rebuild switched it since) or not known yet (a cursor from a
 * future epoch: a client that kept one of another deployment, or a bug of its own). A future epoch used to get the
 * snapshot without the reset, and the client was left to guess that what it held was to be dropped.
 */
import { ProjectionRebuild } from '@catalyse/projections';
import { HubHarness, range, seqs } from './testing/hub-harness';

jest.setTimeout(30_000);

describe('a join with a since of another epoch (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  const ROOM = 'room:epoques';

  beforeAll(async () => {
    hub = await HubHarness.start({ snapshotSize: 5 });
    await hub.openRoom('epoques', 'alice');
    let last = 0n;
    for (let i = 0; i < 8; i++) last = await hub.appendMessage('epoques', `message ${i}`);
    await hub.projected(last);
    // A real rebuild into the next epoch: there is an earlier one to name.
    await new ProjectionRebuild(hub.events, hub.store, hub.notifier, { holder: 'hub-join-other-epoch-spec' }).run();
    expect((await hub.head(ROOM)).epoch).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it.each([
    ['a later epoch', 1, 3],
    ['a much later epoch, past the head', 7, 500],
    ['an earlier epoch', -1, 3],
  ])('%s: room:reset of the current epoch before the ack, then a snapshot', async (_name, offset, seq) => {
    const { epoch, head } = await hub.head(ROOM);
    const client = await hub.connect({ sub: `cat-epoch-${offset}`, role: 'catalyseur' });
    const joined = await client.join(ROOM, { epoch: epoch + offset, seq });
    expect(client.resets).toEqual([{ room: ROOM, epoch }]);
    // The reset came before the ack.
    expect(client.log.indexOf('room:reset')).toBeLessThan(client.log.indexOf('ack:room:join'));
    expect(joined).toMatchObject({ epoch, head, snapshot: true });
    expect(seqs(joined.entries)).toEqual(range(head - 4, head));
  });

  it('a since of the current epoch: no reset', async () => {
    const { epoch, head } = await hub.head(ROOM);
    const client = await hub.connect({ sub: 'cat-epoch-same', role: 'catalyseur' });
    const joined = await client.join(ROOM, { epoch, seq: 2 });
    expect(client.resets).toEqual([]);
    expect(joined).toMatchObject({ epoch, head, snapshot: false });
  });
});
