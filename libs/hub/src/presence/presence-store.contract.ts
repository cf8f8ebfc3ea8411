import type { PresenceStore } from './presence-store';

/**
 * The behaviour every `PresenceStore` must show, called from each store's spec:
 * `presenceStoreContract('in memory', async () => new InMemoryPresenceStore())`. `create` gives a store of its own
 * (an empty presence); the caller closes it.
 */
export function presenceStoreContract(name: string, create: () => Promise<PresenceStore>): void {
  describe(`PresenceStore contract: ${name}`, () => {
    let store: PresenceStore;
    const sorted = async (room: string): Promise<string[]> => [...(await store.present(room))].sort();

    beforeEach(async () => {
      store = await create();
    });

    it('counts a person once, however many sockets they have in a room', async () => {
      expect(await store.add('room:a', 'alice', 's1')).toEqual({ first: true });
      expect(await store.add('room:a', 'alice', 's2')).toEqual({ first: false });
      expect(await store.add('room:a', 'alice', 's2')).toEqual({ first: false });
      expect(await store.add('room:a', 'bob', 's3')).toEqual({ first: true });
      expect(await store.add('room:b', 'alice', 's1')).toEqual({ first: true });
      expect(await sorted('room:a')).toEqual(['alice', 'bob']);

      expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
      expect(await sorted('room:a')).toEqual(['alice', 'bob']);
      expect(await store.remove('room:a', 'alice', 's2')).toEqual({ last: true });
      expect(await sorted('room:a')).toEqual(['bob']);
      expect(await sorted('room:b')).toEqual(['alice']);
    });

    it('ignores the removal of a socket it does not know, and counts a socket added twice once', async () => {
      expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
      await store.add('room:a', 'alice', 's1');
      expect(await store.remove('room:a', 'alice', 's9')).toEqual({ last: false }); // not hers: she keeps s1
      expect(await store.remove('room:a', 'bob', 's1')).toEqual({ last: false }); // s1 is not bob's
      expect(await sorted('room:a')).toEqual(['alice']);
      expect(await store.add('room:a', 'alice', 's1')).toEqual({ first: false }); // a join again
      expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: true }); // still one socket
      expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
      expect(await store.present('room:a')).toEqual([]);
      // Nothing of her left behind: her next socket is her first again.
      expect(await store.add('room:a', 'alice', 's2')).toEqual({ first: true });
    });

    it('tells each first and last socket right in a room of hundreds, whatever joined or left in between', async () => {
      const people = [...Array(400).keys()].map((i) => `p${i}`);
      const firsts = await Promise.all(people.map((sub) => store.add('room:big', sub, `${sub}-a`)));
      expect(firsts.every(({ first }) => first)).toBe(true);
      // Every other person opens a second socket, then the first ones all go: each keeps the second.
      const halves = people.filter((_, i) => i % 2 === 0);
      const seconds = await Promise.all(halves.map((sub) => store.add('room:big', sub, `${sub}-b`)));
      expect(seconds.some(({ first }) => first)).toBe(false);
      const removals = await Promise.all(people.map((sub) => store.remove('room:big', sub, `${sub}-a`)));
      expect(removals.filter(({ last }) => last)).toHaveLength(people.length - halves.length);
      expect(await sorted('room:big')).toEqual([...halves].sort());
      const lasts = await Promise.all(halves.map((sub) => store.remove('room:big', sub, `${sub}-b`)));
      expect(lasts.every(({ last }) => last)).toBe(true);
      expect(await store.present('room:big')).toEqual([]);
    });
  });
}
