import { type CalendarDate, isDateOrInstant } from '@catalyse/domain';
import { dayOf } from '../validation/instant';
import type { CommandRequest } from './command-request';
import type { Commands } from './commands';

/**
 * The days of the aggregates a command names beside its own, for the decider to date the fact after them (a decider
 * sees no other aggregate): read from the write side, never behind. `undefined` when the aggregate is unknown (its
 * existence is checked elsewhere, or not required): the decider then does not compare.
 */

/**
 * The day a catalyseur first joined the network, in the network's time zone (`joinedAt` may be an instant): the first
 * `CatalyseurJoined` of its stream, not the state's (a catalyseur who left and joined again holds the re-join's, and
 * the facts of its first membership are no less its own). Asked after `Commands.assertMember` (an accompaniment's
 * opening, an introduction, an assignment to a partnership, the catalyseurs an experimentation names: one who never
 * joined is 404 there) or `Commands.assertProposer` (a catalyseur's proposal: 422 there), so `undefined` only when its
 * `joinedAt` is neither a date nor an instant (an event written by hand): the decider then does not compare, rather
 * than the time zone's formatting throwing on an invalid date (a 500). It stays `undefined` for an unknown catalyseur
 * too (the catalyseur launching an experimentation without naming anyone is not checked as a member).
 */
export async function catalyseurJoinedOn(commands: Commands, request: CommandRequest, catalyseurId: string): Promise<CalendarDate | undefined> {
  const state = await commands.state('catalyseur', catalyseurId);
  if (state.status === 'none') return undefined;
  const joined = await commands.firstEventData('catalyseur', catalyseurId, 'CatalyseurJoined');
  const joinedAt = typeof joined === 'object' && joined !== null ? (joined as { joinedAt?: unknown }).joinedAt : undefined;
  return isDateOrInstant(joinedAt) ? dayOf(joinedAt, request.at) : undefined;
}

/** The date a gathering takes place (or took place): its current date, after any reschedule. */
export async function gatheringDate(commands: Commands, gatheringId: string | undefined): Promise<CalendarDate | undefined> {
  if (gatheringId === undefined) return undefined;
  const state = await commands.state('gathering', gatheringId);
  return state.status === 'none' ? undefined : state.date;
}
