import {
  type AccessFacts,
  type AccompanimentFacts,
  feedHasEntries,
  type PartnershipFacts,
  type RecordedKind,
  type RoomFacts,
  themeRoomOf,
} from '@catalyse/auth';
import type { CommandHandler } from '@catalyse/commands';
import { aggregateFor, AGGREGATES } from '@catalyse/domain';
import { UnreadableEventError } from '@catalyse/event-store';
import type { ProjectionStore } from '@catalyse/projections';
import type { RoomKey } from '@catalyse/protocol';
import type { ApiReadSide } from '../reads/read-side';

/**
 * The access facts from the aggregates' own streams (the write side): a
 * partner acts on its partnership the moment it is proposed, never waiting for
 * the projector, and a catalyseur the moment it is assigned. Folded through
 * the command handler's cache. What no stream holds (the rooms about a theme,
 * the entries of a feed) is read from the read models.
 */
export class StreamFacts implements AccessFacts {
  constructor(
    private readonly handler: CommandHandler,
    private readonly readModels: ProjectionStore,
    private readonly readSide: ApiReadSide,
  ) {}

  async partnership(partnershipId: string): Promise<PartnershipFacts | undefined> {
    const { decider, streamOf } = AGGREGATES.partnership;
    const { state } = await this.handler.load(decider, streamOf(partnershipId));
    return state.status === 'none' ? undefined : state;
  }

  async room(roomId: string): Promise<RoomFacts | undefined> {
    const { decider, streamOf } = AGGREGATES.room;
    const { state } = await this.handler.load(decider, streamOf(roomId));
    return state.status === 'none' ? undefined : state;
  }

  /**
   * From the catalyseur's stream. An event this code cannot read there (a newer version's, during a rolling upgrade)
   * must not lock the person out of everything: they are taken as not left, and the commands on their own stream
   * are refused as unreadable by the handler as before.
   */
  async catalyseurHasLeft(catalyseurId: string): Promise<boolean> {
    const { decider, streamOf } = AGGREGATES.catalyseur;
    try {
      const { state } = await this.handler.load(decider, streamOf(catalyseurId));
      return state.status === 'left';
    } catch (error) {
      if (error instanceof UnreadableEventError) return false;
      throw error;
    }
  }

  async accompaniment(accompanimentId: string): Promise<AccompanimentFacts | undefined> {
    const { decider, streamOf } = AGGREGATES.accompaniment;
    const { state } = await this.handler.load(decider, streamOf(accompanimentId));
    return state.status === 'none' ? undefined : state;
  }

  /** From its stream: one holding an event this code cannot read (a newer version's) is recorded all the same. */
  async recorded(kind: RecordedKind, id: string): Promise<boolean> {
    const { decider, streamOf } = aggregateFor(kind);
    try {
      const { state } = await this.handler.load(decider, streamOf(id));
      return (state as { readonly status?: string }).status !== 'none';
    } catch (error) {
      if (error instanceof UnreadableEventError) return true;
      throw error;
    }
  }

  themeRoom(theme: string): Promise<boolean> {
    return this.onceCaughtUp(() => themeRoomOf(this.readModels, theme));
  }

  feedHasEntries(room: RoomKey): Promise<boolean> {
    return this.onceCaughtUp(() => feedHasEntries(this.readModels, room));
  }

  /**
   * A fact of the read models that says no may be one the projector has not folded yet (a theme room opened, or a
   * partnership proposed in a territory never registered, a moment ago: the client reads its feed at once). So a no
   * is asked again once the projector has reached what the log held when it was said (at most 2 s, no wait when it is
   * there), as the hub's joins wait for the read side.
   */
  private async onceCaughtUp(fact: () => Promise<boolean>): Promise<boolean> {
    if (await fact()) return true;
    await this.readSide.caughtUp();
    return fact();
  }
}
