import type { RoomFacts } from './room-rules';

/**
 * What the access rules need to know about the world, whatever it is read
 * from: the write side (the api's commands must not wait for the projector;
 * `StreamFacts` in `@catalyse/api-http`) or the read models (the hub;
 * `ReadModelFacts`).
 */
export interface AccessFacts {
  /** The partners of a partnership; `undefined` when there is no such partnership. */
  partnershipPartners(partnershipId: string): Promise<readonly { readonly orgId: string }[] | undefined>;
  /** A room's kind, subject, access and members; `undefined` when there is no such room. */
  room(roomId: string): Promise<RoomFacts | undefined>;
}
