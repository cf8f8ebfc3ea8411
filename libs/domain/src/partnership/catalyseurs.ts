import { ruleViolated, alreadyExists } from '../kernel/errors';
import { notBeforeJoining, optionalText, ownEntry, requireCalendarDate, requireText, show } from '../kernel/validation';
import type { CalendarDate } from '../kernel/vocabulary';
import type { AssignCatalyseur, PartnershipEvent, ProposedPartnership, ReleaseCatalyseur } from './types';
import { notAfterToday, notBefore, notBeforeProposal } from './dates';

/**
 * Who accompanies a partnership: catalyseurs assigned to it and released from
 * it (docs/adr/0025-who-accompanies-a-partnership.md). The partnership must be
 * accepting commands (not closed: the decider checks it before), and a date is
 * never before the day it was proposed nor after the day it is recorded, nor
 * before the day the catalyseur joined the network (when the edge gives it).
 */

export function assignCatalyseur(data: AssignCatalyseur['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  const catalyseurId = requireText(data.catalyseurId, 'a catalyseur id is needed');
  if (state.catalyseurs.includes(catalyseurId)) throw alreadyExists(`catalyseur ${show(catalyseurId)} already accompanies this partnership`);
  const assignedOn = requireCalendarDate(data.assignedOn, 'the date of the assignment');
  notBeforeProposal(assignedOn, 'the assignment', state);
  notAfterToday(assignedOn, 'the assignment', data.today);
  notBeforeJoining(assignedOn, 'the assignment', catalyseurId, data.catalyseurJoinedOn);
  return [{ type: 'CatalyseurAssigned', data: { catalyseurId, assignedOn } }];
}

export function releaseCatalyseur(data: ReleaseCatalyseur['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  const catalyseurId = requireText(data.catalyseurId, 'a catalyseur id is needed');
  if (!state.catalyseurs.includes(catalyseurId)) throw ruleViolated(`catalyseur ${show(catalyseurId)} does not accompany this partnership`);
  const releasedOn = requireCalendarDate(data.releasedOn, 'the date of the release');
  notBeforeProposal(releasedOn, 'the release', state);
  notBefore(releasedOn, 'the release', state.assignedOn && ownEntry(state.assignedOn, catalyseurId), `the assignment of catalyseur ${show(catalyseurId)}`);
  notAfterToday(releasedOn, 'the release', data.today);
  const reason = optionalText(data.reason);
  return [{ type: 'CatalyseurReleased', data: { catalyseurId, releasedOn, ...(reason === undefined ? {} : { reason }) } }];
}

/**
 * The assignment of the catalyseur who proposed the partnership, on the day of the proposal (none when no catalyseur
 * proposed it): not before the day it joined the network (`joinedOn`, when the edge gives it).
 */
export function assignedOnProposal(proposedBy: unknown, proposedOn: CalendarDate, joinedOn: unknown): readonly PartnershipEvent[] {
  const catalyseurId = optionalText(proposedBy);
  if (catalyseurId === undefined) return [];
  notBeforeJoining(proposedOn, 'the proposal', catalyseurId, joinedOn);
  return [{ type: 'CatalyseurAssigned', data: { catalyseurId, assignedOn: proposedOn } }];
}
