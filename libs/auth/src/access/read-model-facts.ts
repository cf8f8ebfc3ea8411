import { type AccompanimentCard, type CatalyseurCard, COLLECTIONS, type PartnershipBoard, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import type { RoomKey } from '@catalyse/protocol';
import type { AccessFacts, AccompanimentFacts, RecordedKind } from './facts';
import type { PartnershipFacts, RoomFacts } from './room-rules';

/** The collection of each kind of recorded document. */
const RECORDED_IN: Readonly<Record<RecordedKind, string>> = {
  gathering: COLLECTIONS.gatherings,
  experimentation: COLLECTIONS.experimentations,
  organisation: COLLECTIONS.organisations,
  catalyseur: COLLECTIONS.catalyseurs,
  territory: COLLECTIONS.territories,
};

/** Whether a feed holds any entry, as the read models hold it (its head in its current epoch). */
export async function feedHasEntries(store: ProjectionStore, room: RoomKey): Promise<boolean> {
  return (await store.feedHead(room)).head > 0;
}

/**
 * Whether some open room of kind `theme` is about `theme`, as the room cards say (tags `kind` and `subject`). A
 * members-only room's subject is its members' business: counting it would tell anyone, by a 200 against a 404 on
 * `theme:{subject}`, that a private room is about it.
 */
export async function themeRoomOf(store: ProjectionStore, theme: string): Promise<boolean> {
  return (await store.findDocs<RoomCard>(COLLECTIONS.rooms, { kind: 'theme', subject: theme })).some((card) => card.access === 'open');
}

/** The access facts as the read models hold them (the hub, which serves the read side). */
export class ReadModelFacts implements AccessFacts {
  constructor(private readonly store: ProjectionStore) {}

  async partnership(partnershipId: string): Promise<PartnershipFacts | undefined> {
    const board = await this.store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, partnershipId);
    // A board written before assignments existed (not rebuilt since) has no `catalyseurs`: nobody accompanies it.
    return board && { partners: board.partners, catalyseurs: (board as Partial<PartnershipBoard>).catalyseurs ?? [] };
  }

  room(roomId: string): Promise<RoomFacts | undefined> {
    return this.store.getDoc<RoomCard>(COLLECTIONS.rooms, roomId);
  }

  async catalyseurHasLeft(catalyseurId: string): Promise<boolean> {
    return (await this.store.getDoc<CatalyseurCard>(COLLECTIONS.catalyseurs, catalyseurId))?.status === 'left';
  }

  accompaniment(accompanimentId: string): Promise<AccompanimentFacts | undefined> {
    return this.store.getDoc<AccompanimentCard>(COLLECTIONS.accompaniments, accompanimentId);
  }

  async recorded(kind: RecordedKind, id: string): Promise<boolean> {
    return (await this.store.getDoc(RECORDED_IN[kind], id)) !== undefined;
  }

  themeRoom(theme: string): Promise<boolean> {
    return themeRoomOf(this.store, theme);
  }

  feedHasEntries(room: RoomKey): Promise<boolean> {
    return feedHasEntries(this.store, room);
  }
}
