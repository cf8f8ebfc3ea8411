import type { AccessFacts, RoomFacts } from '@catalyse/auth';
import type { CommandHandler } from '@catalyse/commands';
import { AGGREGATES } from '@catalyse/domain';

/**
 * The access facts from the aggregates' own streams (the write side): a
 * partner acts on its partnership the moment it is proposed, never waiting for
 * the projector. Folded through the command handler's cache.
 */
export class StreamFacts implements AccessFacts {
  constructor(private readonly handler: CommandHandler) {}

  async partnershipPartners(partnershipId: string): Promise<readonly { readonly orgId: string }[] | undefined> {
    const { decider, streamOf } = AGGREGATES.partnership;
    const { state } = await this.handler.load(decider, streamOf(partnershipId));
    return state.status === 'none' ? undefined : state.partners;
  }

  async room(roomId: string): Promise<RoomFacts | undefined> {
    const { decider, streamOf } = AGGREGATES.room;
    const { state } = await this.handler.load(decider, streamOf(roomId));
    return state.status === 'none' ? undefined : state;
  }
}
