import { type AccompanimentCard, type CatalyseurCard, COLLECTIONS, type PartnershipBoard, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import type { AccessFacts, AccompanimentFacts } from './facts';
import type { PartnershipFacts, RoomFacts } from './room-rules';

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
}
