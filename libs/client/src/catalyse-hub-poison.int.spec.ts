import { io } from 'socket.io-client';
import { type Ack, type FeedEntry, HUB_EVENTS, HUB_MAX_MESSAGE_BYTES } from '@catalyse/protocol';
import { CatalyseHub, type OutboxStorage, RoomRefusedError, valueOf, webStorage } from './index';
import { ClosingProxy } from './testing/closing-proxy';
import { MAX_CLOSES_PER_POST } from './hub/post-limits';
import { useCatalyse } from './testing/catalyse-fixture';
import { waitFor } from './testing/wait';

const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;

/** A Web Storage in memory (what `localStorage` is to a page), and what it holds. */
function pageStorage(): { storage: OutboxStorage; stored: () => string } {
  const items = new Map<string, string>();
  const storage = webStorage({ getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) });
  return { storage, stored: () => [...items.values()].join('') };
}

/**
 * A post the hub cannot take locked the client: one over the hub's 64 KB limit closed the connection at the transport,
 * the outbox sent it again at each reconnect (once a second, for ever, and again after a reload), and no other post,
 * nor any live entry, went through. The client refuses what the hub would refuse for its length or size before it is
 * kept, cleans what an older client kept, and gives up a post after which the transport closed `MAX_CLOSES_PER_POST`
 * (five) times in a row: `UNANSWERED`, the hub may have posted it; if its entry reaches the room, it leaves `failed()`.
 */
describe('CatalyseHub and the posts the hub cannot take (real Catalyse, real socket.io)', () => {
  const catalyse = useCatalyse();

  const hubOf = (sub: string, storage: OutboxStorage, url = catalyse.server.url, transports = ['websocket']): CatalyseHub => {
    const hub = new CatalyseHub({ url, token: catalyse.server.token({ sub, role: 'catalyseur' }), storage, transports });
    catalyse.hubs.push(hub);
    return hub;
  };
  const openRoom = catalyse.openRoom;
  /** Counts the disconnects of every connection the hub opens. */
  const disconnects = (hub: CatalyseHub): (() => number) => {
    let count = 0;
    hub.onStatus((status) => (count += status === 'offline' ? 1 : 0));
    return () => count;
  };

  it('refuses at once, into failed(), a text longer than the hub takes (counted as it counts); the next post is delivered', async () => {
    const key = await openRoom('Trop long');
    const page = pageStorage();
    const hub = hubOf('poseur', page.storage);
    const room = hub.room(key);
    await room.ready();
    const offline = disconnects(hub);

    room.post('a'.repeat(70_000)); // 70 KB: the hub would close the connection at the transport
    room.post('x'.repeat(4001));
    expect(hub.failed().map((post) => [post.text.length, post.error.code])).toEqual([
      [70_000, 'VALIDATION'],
      [4001, 'VALIDATION'],
    ]);
    expect(hub.failed()[1]?.error.details).toEqual([{ field: 'text', messages: ['text must be shorter than or equal to 4000 characters'] }]);
    expect(room.failed()).toHaveLength(2);
    expect(hub.pending()).toEqual([]);
    expect(page.stored()).not.toContain('aaaa');

    // 4,000 characters as the hub counts them: an emoji is one, a variation selector after a character adds nothing.
    const hearts = '❤️'.repeat(2000) + '😀'.repeat(2000); // 8,000 UTF-16 units
    room.post(hearts);
    room.post('message normal après');
    await waitFor(() => hub.pending().length === 0, 'the two posts acked');
    await waitFor(() => room.entries().filter(textOf).length === 2, 'the two posts in the room');
    expect(room.entries().filter(textOf).map(textOf)).toEqual([hearts, 'message normal après']);
    expect(hub.failed()).toHaveLength(2);
    expect(offline()).toBe(0);
    expect(hub.status).toBe('online');
  });

  it('cleans, at load, an outbox an older client kept with a post the hub cannot take; the others are delivered once', async () => {
    const key = await openRoom('Boîte d’envoi empoisonnée');
    const page = pageStorage();
    const createdAt = new Date().toISOString();
    page.storage.save(
      JSON.stringify({
        version: 1,
        pending: [
          { clientMsgId: 'vieux-1', room: key, text: 'a'.repeat(70_000), createdAt, owner: 'ancien' },
          { clientMsgId: 'vieux-2', room: key, text: 'écrit avant la mise à jour', createdAt, owner: 'ancien' },
        ],
        answered: [],
      }),
    );

    const hub = hubOf('ancien', page.storage);
    // At once, before any connection: out of the outbox and of the storage, in failed().
    expect(hub.failed().map((post) => [post.clientMsgId, post.error.code])).toEqual([['vieux-1', 'VALIDATION']]);
    expect(hub.pending().map((post) => post.clientMsgId)).toEqual(['vieux-2']);
    expect(page.stored()).not.toContain('aaaa');
    const offline = disconnects(hub);
    const room = hub.room(key);
    await room.ready();
    await waitFor(() => hub.pending().length === 0, 'the kept post acked');
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'écrit avant la mise à jour'), 'the kept post in the room');
    expect(room.entries().filter(textOf).map(textOf)).toEqual(['écrit avant la mise à jour']);
    expect(offline()).toBe(0);

    // A reload: nothing of the poisoned post is left to send.
    hub.close();
    const reloaded = hubOf('ancien', page.storage);
    expect(reloaded.pending()).toEqual([]);
    expect(reloaded.failed()).toEqual([]);
  });

  it('gives up (UNANSWERED) a post after which the transport closed five times in a row; the posts of other rooms and the next ones go out; its entry, once posted, takes it out of failed()', async () => {
    const poisoned = await openRoom('Fermée à chaque envoi');
    const other = await openRoom('À côté');
    // Closes the connection each time the post is sent, as a hub does with what it cannot take.
    const proxy = await ClosingProxy.start(catalyse.server.url, 'MARQUEUR-POISON');
    const hub = hubOf('sondeur', pageStorage().storage, proxy.url, ['polling']);
    try {
      const room = hub.room(poisoned);
      const beside = hub.room(other);
      await Promise.all([room.ready(), beside.ready()]);

      room.post('MARQUEUR-POISON');
      beside.post('dans l’autre salle');
      room.post('après le poison');
      await waitFor(
        () => hub.failed().length === 1,
        () => `the post given up (closes: ${proxy.closed})`,
        45_000,
      );
      expect(hub.failed()[0]?.text).toBe('MARQUEUR-POISON');
      expect(hub.failed()[0]?.error).toMatchObject({ code: 'UNANSWERED', message: expect.stringContaining('may have been posted') });
      expect(proxy.closed).toBe(MAX_CLOSES_PER_POST);

      await waitFor(() => hub.pending().length === 0, 'the other posts acked');
      await waitFor(() => room.entries().some(textOf) && beside.entries().some(textOf), 'the posts in their rooms');
      expect(room.entries().filter(textOf).map(textOf)).toEqual(['après le poison']);
      expect(beside.entries().filter(textOf).map(textOf)).toEqual(['dans l’autre salle']);
      // Live entries of others reach it again.
      const bob = hubOf('bob', pageStorage().storage);
      bob.room(poisoned).post('bob écrit');
      await waitFor(() => room.entries().some((entry) => textOf(entry) === 'bob écrit'), 'bob’s post, live');
      expect(proxy.closed).toBe(MAX_CLOSES_PER_POST);

      // The hub did post it (here through another connection of the same person, with its clientMsgId): its entry
      // reaches the room, and the post leaves failed(), posted once.
      const given = hub.failed()[0];
      const tab = io(catalyse.server.url, {
        auth: { token: catalyse.server.token({ sub: 'sondeur', role: 'catalyseur' }) },
        transports: ['websocket'],
        forceNew: true,
      });
      try {
        const ask = (event: string, body: object): Promise<Ack<unknown>> =>
          new Promise((resolve) => (tab.emit as (e: string, b: object, ack: (answer: Ack<unknown>) => void) => void)(event, body, resolve));
        expect((await ask(HUB_EVENTS.join, { room: poisoned })).ok).toBe(true);
        expect((await ask(HUB_EVENTS.post, { room: poisoned, clientMsgId: given?.clientMsgId, text: given?.text })).ok).toBe(true);
      } finally {
        tab.disconnect();
      }
      await waitFor(() => room.entries().some((entry) => textOf(entry) === 'MARQUEUR-POISON'), 'the given-up post’s entry, live');
      expect(hub.failed()).toEqual([]);
      expect(room.failed()).toEqual([]);
      expect(hub.pending()).toEqual([]);
    } finally {
      hub.close();
      // Its transport's last request (the close packet) goes through before the proxy stops.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await proxy.close();
    }
  }, 60_000);

  // A room key long enough that a join's packet passed the hub's limit closed the connection at each (re)join: the
  // client reconnected, rejoined every room and was closed again, for ever, and no room of it worked.
  it('refuses at once a room whose key is too long for a join (PAYLOAD_TOO_LARGE), sends nothing of it, and its other rooms keep working', async () => {
    const key = await openRoom('À côté d’une clé trop longue');
    const hub = hubOf('cle-longue', pageStorage().storage);
    const offline = disconnects(hub);
    const room = hub.room(key);
    await room.ready();
    const huge = hub.room(`room:${'x'.repeat(HUB_MAX_MESSAGE_BYTES)}`);
    const refused = await Promise.race([
      huge.ready().then(
        () => 'joined',
        (error: unknown) => error,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000)),
    ]);
    expect(refused).toBeInstanceOf(RoomRefusedError);
    expect(huge.refusal()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`${HUB_MAX_MESSAGE_BYTES}`) as unknown });
    huge.typing();
    room.post('la salle voisine répond');
    await waitFor(() => room.pending().length === 0 && room.entries().some((entry) => textOf(entry) === 'la salle voisine répond'), 'the other room’s post');
    huge.leave();
    valueOf(await catalyse.http.rooms.postMessage(key.slice('room:'.length), 'par HTTP'));
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'par HTTP'), 'a live entry of the other room');
    // Never closed: nothing of the long key was sent (a join, a typing notice, a leave).
    expect(offline()).toBe(0);
    expect(hub.status).toBe('online');
  });
});
