import { memoryStorage, Outbox, type OutboxStorage, type PendingPost } from './outbox';

const post = (clientMsgId: string, room = 'room:r', text = clientMsgId): PendingPost => ({ clientMsgId, room, text, createdAt: '2026-12-05T10:00:00.000Z' });
const texts = (outbox: Outbox): string[] => outbox.all().map((p) => p.text);

/** A page's tabs: each opens its own hub, each hub its own outbox, on one `localStorage` key. */
describe('Outbox: the tabs of a page on one storage', () => {
  let storage: OutboxStorage;
  beforeEach(() => {
    storage = memoryStorage();
  });

  it('a post written offline in a tab is kept when another tab writes, and a reload after the tab closed sends both', () => {
    const tab1 = new Outbox(storage, 'cat-1');
    const tab2 = new Outbox(storage, 'cat-1');
    tab1.add(post('A'));
    tab2.add(post('B'));
    // Tab 1 closes; tab 2 is reloaded: its new hub takes back what both wrote, in the order written.
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual(['A', 'B']);
  });

  it('a post answered in one tab is not sent again by another tab, nor by a reload', () => {
    const tab1 = new Outbox(storage, 'cat-1');
    tab1.add(post('A'));
    const tab2 = new Outbox(storage, 'cat-1'); // opened while A waited: it holds A too
    expect(texts(tab2)).toEqual(['A']);
    tab1.remove('A'); // the hub answered tab 1
    // Tab 2 no longer shows A as pending, and its next look at the room drops it rather than sending it again (the
    // hub deduplicates only recent posts).
    expect(tab2.of('room:r')).toEqual([]);
    expect(tab2.first('room:r')).toBeUndefined();
    tab2.add(post('B'));
    expect(texts(tab2)).toEqual(['B']);
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual(['B']);
  });

  it('a save by a tab that still held an answered post does not put it back', () => {
    const tab1 = new Outbox(storage, 'cat-1');
    tab1.add(post('A'));
    const tab2 = new Outbox(storage, 'cat-1');
    tab1.remove('A');
    tab2.add(post('B')); // tab 2 saves with A still in its memory
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual(['B']);
  });

  it('another person’s pending posts stay in the storage, untouched, and are never taken by this person’s hub', () => {
    const theirs = new Outbox(storage, 'cat-2');
    theirs.add(post('theirs'));
    const mine = new Outbox(storage, 'cat-1');
    expect(texts(mine)).toEqual([]);
    mine.add(post('mine'));
    expect(texts(new Outbox(storage, 'cat-2'))).toEqual(['theirs']);
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual(['mine']);
    expect(new Outbox(storage, 'cat-1').all()[0]?.owner).toBe('cat-1');
  });

  it('reads what an older client stored (no owner, no answered list) as pending, and starts empty on an unreadable value', () => {
    storage.save(JSON.stringify({ version: 1, pending: [post('old')] }));
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual(['old']);
    storage.save('{not json');
    expect(texts(new Outbox(storage, 'cat-1'))).toEqual([]);
  });

  it('remembers a bounded number of answered posts', () => {
    const outbox = new Outbox(storage, 'cat-1');
    for (let i = 0; i < 600; i++) {
      outbox.add(post(`p${i}`));
      outbox.remove(`p${i}`);
    }
    const stored = JSON.parse(storage.load() ?? '{}') as { pending: unknown[]; answered: string[] };
    expect(stored.pending).toEqual([]);
    expect(stored.answered).toHaveLength(500);
    expect(stored.answered.at(-1)).toBe('p599');
  });

  it('an outbox opened before its person was known lets go of the others’ posts once it is, and owns its own', () => {
    new Outbox(storage, 'bob').add(post('B'));
    const unknown = new Outbox(storage); // a token function that failed at first: no owner yet
    unknown.add(post('A'));
    expect(texts(unknown)).toEqual(['B', 'A']);
    unknown.own('alice');
    expect(texts(unknown)).toEqual(['A']); // Bob's is not sent with Alice's token
    unknown.own('bob'); // once known, the owner stays
    expect(texts(unknown)).toEqual(['A']);
    expect(texts(new Outbox(storage, 'bob'))).toEqual(['B']); // still stored, his
    expect(new Outbox(storage, 'alice').all()).toEqual([{ ...post('A'), owner: 'alice' }]);
  });
});
