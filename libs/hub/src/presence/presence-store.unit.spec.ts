import { InMemoryPresenceStore } from './presence-store';

describe('InMemoryPresenceStore', () => {
  it('counts a person once, however many sockets they have in a room', async () => {
    const store = new InMemoryPresenceStore();
    expect(await store.add('room:a', 'alice', 's1')).toEqual({ first: true, present: ['alice'] });
    expect(await store.add('room:a', 'alice', 's2')).toEqual({ first: false, present: ['alice'] });
    expect(await store.add('room:a', 'alice', 's2')).toEqual({ first: false, present: ['alice'] });
    expect(await store.add('room:a', 'bob', 's3')).toEqual({ first: true, present: ['alice', 'bob'] });
    expect(await store.add('room:b', 'alice', 's1')).toEqual({ first: true, present: ['alice'] });

    expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
    expect(await store.present('room:a')).toEqual(['alice', 'bob']);
    expect(await store.remove('room:a', 'alice', 's2')).toEqual({ last: true });
    expect(await store.present('room:a')).toEqual(['bob']);
    expect(await store.present('room:b')).toEqual(['alice']);
  });

  it('ignores the removal of a socket it does not know', async () => {
    const store = new InMemoryPresenceStore();
    expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
    await store.add('room:a', 'alice', 's1');
    expect(await store.remove('room:a', 'alice', 's9')).toEqual({ last: false });
    expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: true });
    expect(await store.remove('room:a', 'alice', 's1')).toEqual({ last: false });
    expect(await store.present('room:a')).toEqual([]);
  });
});
