import type { RoomKey } from '@catalyse/protocol';
import type { PartnershipFacts, RoomFacts } from './room-rules';

/** The kinds of thing a feed is about that are recorded documents, looked up by their id (`FeedSubjects`). */
export type RecordedKind = 'gathering' | 'experimentation' | 'organisation' | 'catalyseur' | 'territory';

/** What the access rules know of an accompaniment. */
export interface AccompanimentFacts {
  readonly organisationId: string;
  readonly catalyseurId: string;
}

/**
 * What the access rules need to know about the world, whatever it is read
 * from: the write side (the api's commands must not wait for the projector;
 * `StreamFacts` in `@catalyse/api-http`) or the read models (the hub;
 * `ReadModelFacts`).
 */
export interface AccessFacts {
  /** A partnership's partners and the catalyseurs who accompany it; `undefined` when there is no such partnership. */
  partnership(partnershipId: string): Promise<PartnershipFacts | undefined>;
  /** A room's kind, subject, access and members; `undefined` when there is no such room. */
  room(roomId: string): Promise<RoomFacts | undefined>;
  /** Whether a catalyseur left the network (`false` for one who never joined: a token's subject may be no catalyseur yet). */
  catalyseurHasLeft(catalyseurId: string): Promise<boolean>;
  /** The organisation an accompaniment accompanies and the catalyseur who holds it; `undefined` when there is no such accompaniment. */
  accompaniment(accompanimentId: string): Promise<AccompanimentFacts | undefined>;
  /** Whether a gathering, an experimentation, an organisation, a catalyseur or a territory is recorded (its stream or its document). */
  recorded(kind: RecordedKind, id: string): Promise<boolean>;
  /** Whether a room of kind `theme` is about `theme` (its subject). */
  themeRoom(theme: string): Promise<boolean>;
  /** Whether a feed holds any entry (a territory's is fed by what happens there, registered or not). */
  feedHasEntries(room: RoomKey): Promise<boolean>;
}
