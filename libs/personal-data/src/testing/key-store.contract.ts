import { type KeyStore, PersonErasedError } from '../key-store';

export interface KeyStoreUnderTest {
  readonly store: KeyStore;
  /** Another connection to the same data (another process). */
  readonly openPeer: () => Promise<KeyStore>;
  /** Every byte the store keeps (for SQLite the file and its WAL; for PostgreSQL a dump of its schema, bytea in hex). */
  readonly bytes: () => Promise<Buffer>;
}

/** The one contract of the `KeyStore` port, run against every adapter. */
export function keyStoreContract(name: string, open: () => Promise<KeyStoreUnderTest>): void {
  describe(`KeyStore contract: ${name}`, () => {
    let under: KeyStoreUnderTest;
    let store: KeyStore;
    const peers: KeyStore[] = [];
    beforeEach(async () => {
      under = await open();
      store = under.store;
    });
    afterEach(async () => {
      for (const peer of peers.splice(0)) await peer.close();
      await store.close();
    });
    const at = '2026-12-02T10:00:00.000Z';

    it('makes one 256-bit key per owner on first write, gives the same key afterwards and to another process, and notes the streams', async () => {
      const first = await store.keysForWriting(['ana', 'bruno'], ['ana', 'bruno'], 'catalyseur-ana');
      expect([...first.keys()].sort()).toEqual(['ana', 'bruno']);
      expect(first.get('ana')).toHaveLength(32);
      expect(first.get('ana')?.equals(first.get('bruno') as Buffer)).toBe(false);
      const again = await store.keysForWriting(['ana'], ['ana', 'chloe'], 'room-r1');
      expect(again.get('ana')?.equals(first.get('ana') as Buffer)).toBe(true);
      expect(again.has('chloe')).toBe(false); // concerned without fields of theirs: no key made
      const peer = await under.openPeer();
      peers.push(peer);
      expect((await peer.keysForReading(['ana', 'bruno', 'nobody'])).get('ana')?.equals(first.get('ana') as Buffer)).toBe(true);
      expect((await peer.keysForReading(['nobody'])).size).toBe(0);
      expect(await store.streamsOf('ana')).toEqual(['catalyseur-ana', 'room-r1']);
      expect(await store.record('ana')).toEqual({ subject: 'ana', status: 'active', streams: 2 });
      expect(await store.record('chloe')).toEqual({ subject: 'chloe', status: 'unknown', streams: 0 });
    });

    it('two processes making the same person’s key at once agree on one key', async () => {
      const peer = await under.openPeer();
      peers.push(peer);
      const [a, b] = await Promise.all([store.keysForWriting(['dora'], ['dora'], 's-1'), peer.keysForWriting(['dora'], ['dora'], 's-2')]);
      expect(a.get('dora')?.equals(b.get('dora') as Buffer)).toBe(true);
    });

    it('an erasure hides the key from readers at once, keeps it for the projector until completed, then destroys it', async () => {
      const key = (await store.keysForWriting(['eve'], ['eve'], 'catalyseur-eve')).get('eve') as Buffer;
      const asked = await store.beginErasure('eve', at);
      expect(asked).toEqual({ subject: 'eve', status: 'erasing', erasureAskedAt: at, streams: 1 });
      expect(await store.beginErasure('eve', '2027-01-01T00:00:00.000Z')).toEqual(asked); // idempotent: the first asking stays
      expect((await store.keysForReading(['eve'])).size).toBe(0);
      expect((await store.keyOfErasing('eve'))?.equals(key)).toBe(true);
      expect(await store.pendingErasures()).toEqual(['eve']);
      await store.completeErasure('eve', at);
      expect(await store.keyOfErasing('eve')).toBeUndefined();
      expect(await store.pendingErasures()).toEqual([]);
      expect(await store.streamsOf('eve')).toEqual([]);
      expect(await store.record('eve')).toEqual({ subject: 'eve', status: 'erased', erasureAskedAt: at, erasedAt: at, streams: 0 });
      await store.completeErasure('eve', '2027-01-01T00:00:00.000Z'); // idempotent
      expect((await store.record('eve')).erasedAt).toBe(at);
      await store.compact();
      const bytes = await under.bytes();
      expect(bytes.includes(key) || bytes.includes(Buffer.from(key.toString('hex'), 'utf8'))).toBe(false); // raw, or as a dump writes bytea
    });

    it('refuses to write about an erasing or erased person, as owner or only concerned, and makes no key then', async () => {
      await store.keysForWriting(['fred'], ['fred'], 'catalyseur-fred');
      await store.beginErasure('fred', at);
      await expect(store.keysForWriting(['gus'], ['gus', 'fred'], 'room-r')).rejects.toThrow(PersonErasedError);
      expect((await store.record('gus')).status).toBe('unknown');
      await store.completeErasure('fred', at);
      await expect(store.keysForWriting(['fred'], ['fred'], 'catalyseur-fred')).rejects.toMatchObject({ subjects: ['fred'] });
    });

    it('erases a person it never made a key for (nothing of theirs encrypted yet): they stay erased', async () => {
      expect(await store.beginErasure('hana', at)).toMatchObject({ status: 'erasing', streams: 0 });
      expect(await store.keyOfErasing('hana')).toBeUndefined();
      await store.completeErasure('hana', at);
      await expect(store.keysForWriting(['hana'], ['hana'], 'x-1')).rejects.toThrow(PersonErasedError);
    });

    it('handles ids with quotes, accents and many subjects at once', async () => {
      const many = Array.from({ length: 600 }, (_, i) => `p'${i}-é`);
      const keys = await store.keysForWriting(many, many, "room-l'été");
      expect(keys.size).toBe(600);
      expect((await store.keysForReading(many)).size).toBe(600);
      expect(await store.streamsOf("p'7-é")).toEqual(["room-l'été"]);
    });
  });
}
