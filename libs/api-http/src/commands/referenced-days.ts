import type { CalendarDate } from '@catalyse/domain';
import { dayOf } from '../validation/instant';
import type { CommandRequest } from './command-request';
import type { Commands } from './commands';

/**
 * The days of the aggregates a command names beside its own, for the decider to date the fact after them (a decider
 * sees no other aggregate): read from the write side, never behind. `undefined` when the aggregate is unknown (its
 * existence is checked elsewhere, or not required): the decider then does not compare.
 */

/** The day a catalyseur joined the network, in the network's time zone (`joinedAt` may be an instant). */
export async function catalyseurJoinedOn(commands: Commands, request: CommandRequest, catalyseurId: string): Promise<CalendarDate | undefined> {
  const state = await commands.state('catalyseur', catalyseurId);
  return state.status === 'none' ? undefined : dayOf(state.joinedAt, request.at);
}

/** The date a gathering takes place (or took place): its current date, after any reschedule. */
export async function gatheringDate(commands: Commands, gatheringId: string | undefined): Promise<CalendarDate | undefined> {
  if (gatheringId === undefined) return undefined;
  const state = await commands.state('gathering', gatheringId);
  return state.status === 'none' ? undefined : state.date;
}
