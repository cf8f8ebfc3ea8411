import { valueOf } from './http/result';
import { CatalyseHub, memoryStorage } from './index';
import { useCatalyse } from './testing/catalyse-fixture';
import { waitFor } from './testing/wait';

/**
 * A reader removed from a members-only room while it follows it: the hub takes its socket out of the room and says so
 * with a `room:reset` of the room's current epoch. The client joins again, and its room holds the refusal, as a room
 * refused at its first join does (the console shows it the same way).
 */
describe('CatalyseHub: removed from a room it follows (real Catalyse, real socket.io)', () => {
  const catalyse = useCatalyse();

  it('hears the removal: the room is refused FORBIDDEN; added back, it joins again and gets what was posted meanwhile', async () => {
    const id = valueOf(await catalyse.http.rooms.open({ kind: 'theme', subject: 'client', title: 'Réservé', access: 'members' })).id;
    const key = `room:${id}`;
    valueOf(await catalyse.http.rooms.act(id, 'add-member', { memberId: 'cat-2' }));
    const hub = new CatalyseHub({
      url: catalyse.server.url,
      token: catalyse.server.token({ sub: 'cat-2', role: 'catalyseur' }),
      storage: memoryStorage(),
      transports: ['websocket'],
    });
    catalyse.hubs.push(hub);
    const room = hub.room(key);
    await room.ready();
    expect(room.refusal()).toBeUndefined();

    valueOf(await catalyse.http.rooms.act(id, 'remove-member', { memberId: 'cat-2' }));
    await waitFor(() => room.refusal() !== undefined, 'the removal heard as a refusal', 5_000);
    expect(room.refusal()).toMatchObject({ code: 'FORBIDDEN' });

    // Posted while cat-2 is out, then cat-2 added back: a join again (a reconnection here) finds it.
    valueOf(await catalyse.http.rooms.postMessage(id, 'pendant l’absence'));
    valueOf(await catalyse.http.rooms.act(id, 'add-member', { memberId: 'cat-2' }));
    hub.socket.disconnect();
    hub.socket.connect();
    await waitFor(
      () => room.refusal() === undefined && room.entries().some((entry) => (entry.data as { text?: string } | null)?.text === 'pendant l’absence'),
      'the room joined again with the message posted meanwhile',
      5_000,
    );
  }, 30_000);
});
