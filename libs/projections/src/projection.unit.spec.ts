import type { RecordedEvent } from '@catalyse/event-store';
import { type FeedEntry, REDACTION_KIND, roomKey } from '@catalyse/protocol';
import { type ErasureSource, type IgnoredEvent, Projection } from './projection';
import { type ReadModel, readModel, routeEntries } from './read-model';
import { COLLECTIONS, READ_MODELS, readModelRegistry } from './registry';
import { redactJson } from './redaction/redact-json';
import type { DocWrite, EntryWrite, ProjectionTx, Redaction, RedactionResult } from './store';
import type { FeedUpdate } from './feed-notifier';
import { versionOf } from './streams';
import { partnershipBoards } from './partnership-board/partnership-board';
import { EventLog, SILVER_GEEK } from './testing/fixtures';

/** Documents and feeds in memory: what `Projection` read and wrote. */
class MemoryTx implements ProjectionTx {
  readonly epoch = 1;
  readonly docs = new Map<string, { doc: unknown; tags: unknown }>();
  readonly feeds = new Map<string, FeedEntry[]>();
  reads = 0;

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.reads++;
    return this.docs.get(`${collection}/${id}`)?.doc as T | undefined;
  }
  async getDocs<T>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    this.reads++;
    const found = new Map<string, T>();
    for (const id of ids) if (this.docs.has(`${collection}/${id}`)) found.set(id, this.docs.get(`${collection}/${id}`)?.doc as T);
    return found;
  }
  async putDoc<T>(collection: string, id: string, doc: T, tags?: Readonly<Record<string, string | readonly string[]>>): Promise<void> {
    this.docs.set(`${collection}/${id}`, { doc, tags });
  }
  async putDocs(docs: readonly DocWrite[]): Promise<void> {
    for (const { collection, id, doc, tags } of docs) await this.putDoc(collection, id, doc, tags);
  }
  async appendFeedEntries(entries: readonly EntryWrite[]): Promise<FeedUpdate[]> {
    const heads = new Map<string, FeedUpdate>();
    for (const { room, ...entry } of entries) {
      const appended = await this.appendFeedEntry(room, entry);
      heads.set(room, { room, epoch: appended.epoch, head: appended.seq });
    }
    return [...heads.values()];
  }
  async deleteDoc(collection: string, id: string): Promise<void> {
    this.docs.delete(`${collection}/${id}`);
  }
  async appendFeedEntry(room: string, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    const feed = this.feeds.get(room) ?? [];
    const appended = { ...entry, room, epoch: this.epoch, seq: feed.length + 1 };
    this.feeds.set(room, [...feed, appended]);
    return appended;
  }
  async setCheckpoint(): Promise<void> {}
  async getCheckpoint(): Promise<bigint> {
    return 0n;
  }
  async deleteCheckpoint(): Promise<void> {}
  async switchEpoch(): Promise<never[]> {
    return [];
  }
  async assertLease(): Promise<void> {}
  async redact(redactions: readonly Redaction[]): Promise<RedactionResult> {
    let docs = 0;
    for (const [key, { doc, tags }] of this.docs) {
      const redacted = redactJson({ doc, tags }, redactions);
      if (!redacted.changed) continue;
      this.docs.set(key, redacted.value);
      docs++;
    }
    const entries: FeedEntry[] = [];
    for (const [room, feed] of this.feeds) {
      this.feeds.set(
        room,
        feed.map((entry) => {
          const redacted = redactJson(entry.data, redactions);
          if (!redacted.changed) return entry;
          const rewritten = { ...entry, data: redacted.value };
          entries.push(rewritten);
          return rewritten;
        }),
      );
    }
    return { docs, entries };
  }
}

/** A second read model over the partnership streams: the milestones' titles, by partnership, in a feed of their own. */
interface MilestoneList {
  readonly titles: readonly string[];
  readonly revision: string;
}
const milestoneLists = readModel<MilestoneList>({
  name: 'milestone-list',
  category: 'partnership',
  collection: 'milestone-list',
  evolve: (doc, event) => {
    if (event.type !== 'MilestonePlanned') return doc;
    const title = (event.data as { title: string }).title;
    return { titles: [...(doc?.titles ?? []), title], revision: versionOf(event).revision };
  },
  tags: (doc) => ({ count: String(doc.titles.length) }),
  feeds: (event, { after }) =>
    event.type === 'MilestonePlanned' && after ? routeEntries(event, [{ room: roomKey('theme', 'jalons'), data: { titles: after.titles } }]) : [],
  refuse: (event) => (event.type === 'MilestonePlanned' && typeof event.data !== 'object' ? 'not a milestone' : undefined),
});

const P = 'partnership-silver-geek';

function silverGeek(log: EventLog): RecordedEvent[] {
  return [
    log.record(P, 'PartnershipProposed', SILVER_GEEK),
    log.record(P, 'MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' }),
    log.record(P, 'MilestonePlanned', { milestoneId: 'm-tournoi', title: 'Tournoi intergénérationnel', dueDate: '2026-06-20' }),
  ];
}

describe('Projection', () => {
  it('folds each event through every read model of its category, in registry order: both get their documents and feeds', async () => {
    const tx = new MemoryTx();
    const result = await new Projection([partnershipBoards, milestoneLists]).applyEvents(tx, silverGeek(new EventLog()));
    expect(tx.docs.get('partnership/silver-geek')?.doc).toMatchObject({ id: 'silver-geek', nextDueDate: '2026-04-15', revision: '2' });
    expect(tx.docs.get('milestone-list/silver-geek')).toEqual({
      doc: { titles: ['Ateliers tablettes en EHPAD', 'Tournoi intergénérationnel'], revision: '2' },
      tags: { count: '2' },
    });
    expect(tx.feeds.get('theme:jalons')?.map((e) => e.data)).toEqual([
      { titles: ['Ateliers tablettes en EHPAD'] },
      { titles: ['Ateliers tablettes en EHPAD', 'Tournoi intergénérationnel'] },
    ]);
    expect(tx.feeds.get('partnership:silver-geek')?.map((e) => e.kind)).toEqual(['PartnershipProposed', 'MilestonePlanned', 'MilestonePlanned']);
    // For one event, the board's entries come before the list's (registry order).
    const positions = [...tx.feeds.values()].flat().filter((e) => e.position === '2');
    expect(positions.map((e) => e.room)).toEqual(['partnership:silver-geek', 'territory:charenton', 'theme:jalons']);
    // The proposal in the three partners' organisation rooms too.
    expect(result).toMatchObject({ docs: 2, entries: 3 + 3 + 2 + 2 + 2 });
    expect(tx.reads).toBe(2); // each document read once per batch
  });

  it('an erasure removes the former values from documents staged in the same batch and from feed entries, and tells each room', async () => {
    const tx = new MemoryTx();
    const log = new EventLog();
    const asked: string[] = [];
    const source: ErasureSource = {
      formerValues: async (subject) => {
        asked.push(subject);
        return [{ value: 'Tournoi intergénérationnel', match: 'exact', replacement: '[effacé]' }];
      },
    };
    const events = [...silverGeek(log), log.record('person-x', 'PersonalDataErased', { subject: 'x', reason: 'request_of_the_person' })];
    const result = await new Projection([partnershipBoards, milestoneLists], undefined, source).applyEvents(tx, events);
    expect(asked).toEqual(['x']);
    expect(result.erased).toEqual(['x']);
    expect(tx.docs.get('milestone-list/silver-geek')?.doc).toEqual({ titles: ['Ateliers tablettes en EHPAD', '[effacé]'], revision: '2' });
    expect(JSON.stringify([...tx.docs.values()])).not.toContain('Tournoi');
    const jalons = tx.feeds.get('theme:jalons') ?? [];
    expect(jalons.map((e) => [e.seq, e.kind, e.data])).toEqual([
      [1, 'MilestonePlanned', { titles: ['Ateliers tablettes en EHPAD'] }],
      [2, 'MilestonePlanned', { titles: ['Ateliers tablettes en EHPAD', '[effacé]'] }],
      [3, REDACTION_KIND, { entries: [{ seq: 2, data: { titles: ['Ateliers tablettes en EHPAD', '[effacé]'] } }] }],
    ]);
    expect(result.feeds.find((f) => f.room === 'theme:jalons')?.head).toBe(3);
  });

  it('without an erasure source, an erasure event changes nothing', async () => {
    const tx = new MemoryTx();
    const log = new EventLog();
    const events = [...silverGeek(log), log.record('person-x', 'PersonalDataErased', { subject: 'x' })];
    const result = await new Projection([partnershipBoards, milestoneLists]).applyEvents(tx, events);
    expect(result.erased).toEqual([]);
    expect(tx.feeds.get('theme:jalons')).toHaveLength(2);
  });

  it('a model that refuses an event leaves it out of its own documents only, and says which model did', async () => {
    const ignored: IgnoredEvent[] = [];
    const tx = new MemoryTx();
    const log = new EventLog();
    const events = [...silverGeek(log), log.record(P, 'MilestonePlanned', 'written by hand')];
    await new Projection([partnershipBoards, milestoneLists], (i) => ignored.push(i)).applyEvents(tx, events);
    expect(ignored.map((i) => [i.model, i.type, i.reason])).toEqual([
      ['partnership-board', 'MilestonePlanned', 'the data of MilestonePlanned is not an object'],
      ['milestone-list', 'MilestonePlanned', 'not a milestone'],
    ]);
    expect(tx.docs.get('partnership/silver-geek')?.doc).toMatchObject({ revision: '2' });
  });

  it('derived documents: read once per batch when first needed, each event building on the last, a throwing change leaving that event out of its model', async () => {
    // A milestone count per territory, kept beside the milestone lists; a title « boom » makes the count's update throw.
    interface Count {
      readonly milestones: number;
    }
    const counted: ReadModel = {
      ...milestoneLists,
      name: 'counted-list',
      collection: 'counted-list',
      derivedCollections: ['milestone-count'],
      derived: (event, { after }) =>
        event.type === 'MilestonePlanned' && after
          ? [
              {
                collection: 'milestone-count',
                id: 'charenton',
                update: (doc) => {
                  if ((event.data as { title: string }).title === 'boom') throw new Error('no count for boom');
                  return { milestones: ((doc as Count | undefined)?.milestones ?? 0) + 1 };
                },
                tags: () => ({}),
              },
            ]
          : [],
    };
    const tx = new MemoryTx();
    await tx.putDoc('milestone-count', 'charenton', { milestones: 10 });
    const log = new EventLog();
    const ignored: IgnoredEvent[] = [];
    const events = [
      ...silverGeek(log),
      log.record(P, 'MilestonePlanned', { milestoneId: 'm-boom', title: 'boom', dueDate: '2026-07-01' }),
      log.record(P, 'MilestonePlanned', { milestoneId: 'm-bilan', title: 'Bilan', dueDate: '2026-09-01' }),
    ];
    const result = await new Projection([partnershipBoards, counted], (i) => ignored.push(i)).applyEvents(tx, events);
    expect(tx.docs.get('milestone-count/charenton')?.doc).toEqual({ milestones: 13 });
    expect(ignored.map((i) => [i.model, i.position, i.reason])).toEqual([['counted-list', 4n, 'no count for boom']]);
    // The board folded « boom »; the list did not (neither its document nor its feed).
    expect(tx.docs.get('partnership/silver-geek')?.doc).toMatchObject({ revision: '4' });
    expect(tx.docs.get('counted-list/silver-geek')?.doc).toEqual({
      titles: ['Ateliers tablettes en EHPAD', 'Tournoi intergénérationnel', 'Bilan'],
      revision: '4',
    });
    expect(tx.feeds.get('theme:jalons')?.map((e) => [e.position, (e.data as MilestoneList).titles.length])).toEqual([
      ['2', 1],
      ['3', 2],
      ['5', 3],
    ]);
    // The two prefetches, then the count read once when the first milestone needed it.
    expect(tx.reads).toBe(3);
    expect(result).toMatchObject({ docs: 3 });
  });

  it('ignores streams no model reads: another category, a system stream, a name without id', async () => {
    const tx = new MemoryTx();
    const log = new EventLog();
    const events = [
      log.record('gathering-rencontre-2026', 'GatheringScheduled', {}),
      log.record('$system', 'Whatever', null),
      log.record('partnership-', 'PartnershipProposed', SILVER_GEEK),
    ];
    expect(await new Projection([partnershipBoards, milestoneLists]).applyEvents(tx, events)).toEqual({ feeds: [], entries: 0, docs: 0, erased: [] });
    expect(tx.reads).toBe(0);
  });

  it('refuses two models of one name, or two models writing one collection (their own or a derived one)', () => {
    const copy = (changes: Partial<ReadModel>): ReadModel => ({ ...milestoneLists, ...changes });
    expect(() => new Projection([milestoneLists, copy({ collection: 'other' })])).toThrow('two read models are named milestone-list');
    expect(() => readModelRegistry([partnershipBoards, copy({ collection: 'partnership' })])).toThrow(
      'read models partnership-board and milestone-list both write the partnership collection',
    );
    expect(() => readModelRegistry([...READ_MODELS, copy({ derivedCollections: [COLLECTIONS.funnels] })])).toThrow(
      'read models introduction-cards and milestone-list both write the funnel collection',
    );
  });

  it('the registry: one model per folder, each its own collection, COLLECTIONS derived from them', () => {
    expect(READ_MODELS.map((m) => [m.name, m.category, m.collection])).toEqual([
      ['partnership-board', 'partnership', 'partnership'],
      ['catalyseur-directory', 'catalyseur', 'catalyseur'],
      ['room-cards', 'room', 'room'],
      ['experimentation-board', 'experimentation', 'experimentation'],
      ['gathering-attendance', 'gathering', 'gathering'],
      ['territory-profiles', 'territory', 'territory'],
      ['introduction-cards', 'introduction', 'introduction'],
      ['parcours-board', 'parcours', 'parcours'],
      ['report-cards', 'report', 'report'],
      ['organisation-pages', 'organisation', 'organisation'],
      ['accompaniment-cards', 'accompaniment', 'accompaniment'],
      ['catalyseur-portfolio-partnerships', 'partnership', 'portfolio-partnership'],
      ['catalyseur-portfolio-accompaniments', 'accompaniment', 'portfolio-accompaniment'],
      ['observatory-partnerships', 'partnership', 'observatory-partnership'],
      ['observatory-catalyseurs', 'catalyseur', 'observatory-catalyseur'],
      ['observatory-gatherings', 'gathering', 'observatory-gathering'],
      ['observatory-introductions', 'introduction', 'observatory-introduction'],
      ['observatory-accompaniments', 'accompaniment', 'observatory-accompaniment'],
      ['observatory-experimentations', 'experimentation', 'observatory-experimentation'],
      ['observatory-parcours', 'parcours', 'observatory-parcours'],
    ]);
    expect(new Set([...READ_MODELS.map((m) => m.collection), ...READ_MODELS.flatMap((m) => m.derivedCollections ?? [])])).toEqual(
      new Set(Object.values(COLLECTIONS)),
    );
  });
});
