import { COLLECTIONS, type PartnershipBoard, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import type { AccessFacts } from './facts';
import type { RoomFacts } from './room-rules';

/** The access facts as the read models hold them (the hub, which serves the read side). */
export class ReadModelFacts implements AccessFacts {
  constructor(private readonly store: ProjectionStore) {}

  async partnershipPartners(partnershipId: string): Promise<readonly { readonly orgId: string }[] | undefined> {
    return (await this.store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, partnershipId))?.partners;
  }

  room(roomId: string): Promise<RoomFacts | undefined> {
    return this.store.getDoc<RoomCard>(COLLECTIONS.rooms, roomId);
  }
}
