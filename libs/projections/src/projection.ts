import type { RecordedEvent } from '@catalyse/event-store';
import type { RoomKey } from '@catalyse/protocol';
import { catalyseurTags, evolveCatalyseurCard } from './catalyseur-directory/evolve-catalyseur-card';
import { boardTags, evolveBoard } from './partnership-board/evolve-board';
import { COLLECTIONS, type CatalyseurCard, type PartnershipBoard, type RoomCard } from './read-models';
import { evolveRoomCard, roomTags } from './room-cards/evolve-room-card';
import { type FeedContext, feedEntriesFor } from './room-feeds/feed-entries';
import type { FeedUpdate } from './feed-notifier';
import type { ProjectionTx } from './store';
import { parseStream } from './streams';


export interface ApplyResult {
  /** One per touched room, with its head after the batch. */
  readonly feeds: readonly FeedUpdate[];
  /** Feed entries appended. */
  readonly entries: number;
  /** Documents written. */
  readonly docs: number;
}

type Tags = Record<string, string | readonly string[]>;

interface Staged {
  readonly collection: string;
  readonly id: string;
  doc: unknown;
  tags: Tags;
  dirty: boolean;
}

/**
 * The glue between the pure read models and the store: folds a batch of
 * recorded events (in position order) into the partnership boards, the
 * catalyseur directory, the room cards and the room feeds, through one
 * `ProjectionTx`. Documents are read once per batch and written once per
 * batch; feed entries are appended in event order. The caller owns the
 * transaction and the checkpoint.
 */
export class Projection {
  async applyEvents(tx: ProjectionTx, events: readonly RecordedEvent[]): Promise<ApplyResult> {
    const staged = new Map<string, Staged | null>();
    const heads = new Map<RoomKey, FeedUpdate>();
    let entries = 0;

    const load = async <T>(collection: string, id: string): Promise<T | undefined> => {
      const key = `${collection}\u0000${id}`;
      const cached = staged.get(key);
      if (cached !== undefined) return (cached?.doc as T | undefined) ?? undefined;
      const doc = await tx.getDoc<T>(collection, id);
      staged.set(key, doc === undefined ? null : { collection, id, doc, tags: {}, dirty: false });
      return doc;
    };
    const stage = (collection: string, id: string, doc: unknown, tags: Tags): void => {
      staged.set(`${collection}\u0000${id}`, { collection, id, doc, tags, dirty: true });
    };

    for (const event of events) {
      const stream = parseStream(event.stream);
      if (!stream) continue;
      let context: FeedContext = {};
      switch (stream.category) {
        case 'partnership': {
          const before = await load<PartnershipBoard>(COLLECTIONS.partnerships, stream.id);
          const after = evolveBoard(before, event);
          if (after && after !== before) stage(COLLECTIONS.partnerships, stream.id, after, boardTags(after));
          context = after ? { board: after } : {};
          break;
        }
        case 'catalyseur': {
          const before = await load<CatalyseurCard>(COLLECTIONS.catalyseurs, stream.id);
          const after = evolveCatalyseurCard(before, event);
          if (after && after !== before) stage(COLLECTIONS.catalyseurs, stream.id, after, catalyseurTags(after));
          context = after ? { catalyseur: after } : {};
          break;
        }
        case 'room': {
          const before = await load<RoomCard>(COLLECTIONS.rooms, stream.id);
          const after = evolveRoomCard(before, event);
          if (after && after !== before) stage(COLLECTIONS.rooms, stream.id, after, roomTags(after));
          context = after ? { room: after } : {};
          break;
        }
      }
      for (const { room, ...entry } of feedEntriesFor(event, context)) {
        const appended = await tx.appendFeedEntry(room, entry);
        heads.set(room, { room, epoch: appended.epoch, head: appended.seq });
        entries++;
      }
    }

    let docs = 0;
    for (const s of staged.values()) {
      if (!s?.dirty) continue;
      await tx.putDoc(s.collection, s.id, s.doc, s.tags);
      docs++;
    }
    return { feeds: [...heads.values()], entries, docs };
  }
}
