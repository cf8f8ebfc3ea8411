import { GATHERING_EVENT_TYPES, type GatheringEvent, type GatheringRegistration, type GatheringState, gatheringDecider } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { countBy, type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel, type Route } from '../read-model';

export interface GatheringSummary {
  /** Registrations standing (cancelled ones left out). */
  readonly registered: number;
  readonly registeredBySphere: Readonly<Record<string, number>>;
  readonly attended: number;
  /** attended ÷ registered once held (0 to 1, two decimals); absent before. */
  readonly attendanceRate?: number;
  readonly cancelledRegistrations: number;
  /** `YYYY-MM` of its date (the monthly webinaires are found by month). */
  readonly month: string;
}

/** Gathering attendance: the gathering as its decider folds it, with registration and attendance counts. */
export type GatheringAttendance = StateView<GatheringState, GatheringSummary>;

/**
 * The collection of the gatherings; tags: kind, status, month, territory, participant (many: standing registrations),
 * org (many: the organisations of standing registrations that name theirs).
 */
export const GATHERINGS = 'gathering';

/** What every catalyseur hears of: a gathering scheduled, moved, held or cancelled. */
const ANNOUNCED: ReadonlySet<GatheringEvent['type']> = new Set(['GatheringScheduled', 'GatheringRescheduled', 'GatheringHeld', 'GatheringCancelled']);

/** The organisations (by id) of these participants' registrations (standing ones only, unless `cancelled` too), once each. */
function organisationsOf(registrations: Readonly<Record<string, GatheringRegistration>>, participantIds: unknown, cancelled = false): string[] {
  const orgIds = new Set<string>();
  for (const id of Array.isArray(participantIds) ? (participantIds as unknown[]) : [participantIds]) {
    const registration = typeof id === 'string' ? (Object.hasOwn(registrations, id) ? registrations[id] : undefined) : undefined;
    if (registration?.orgId !== undefined && (cancelled || !registration.cancelled)) orgIds.add(registration.orgId);
  }
  return [...orgIds];
}

/** Which organisations' rooms hear of an event: those of the participants it is about, or all registered when it is announced. */
function organisationsConcerned(event: GatheringEvent, after: Created<GatheringState>): string[] {
  // Read as unknown: a malformed event routes nowhere rather than throwing.
  const data: unknown = event.data;
  const field = (name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);
  switch (event.type) {
    case 'ParticipantRegistered':
    case 'RegistrationCancelled':
      return organisationsOf(after.registrations, field('participantId'), true);
    case 'AttendanceRecorded':
      return organisationsOf(after.registrations, field('participantIds'));
    case 'GatheringScheduled':
    case 'GatheringRescheduled':
    case 'GatheringHeld':
    case 'GatheringCancelled':
      return organisationsOf(after.registrations, Object.keys(after.registrations));
    case 'SpeedDatingPairsRecorded':
      return [];
  }
}

/** The counts of a gathering's registrations and attendance, and its month. */
function summarise(state: Created<GatheringState>): GatheringSummary {
  const registrations = Object.values(state.registrations);
  const standing = registrations.filter((r) => !r.cancelled);
  const attended = standing.filter((r) => r.attended).length;
  return {
    registered: standing.length,
    registeredBySphere: countBy(standing, (r) => r.sphere),
    attended,
    ...(state.status === 'held' && standing.length > 0 ? { attendanceRate: Math.round((attended / standing.length) * 100) / 100 } : {}),
    cancelledRegistrations: registrations.length - standing.length,
    month: state.date.slice(0, 7),
  };
}

const attendance = deciderView({
  name: 'gathering-attendance',
  category: 'gathering',
  collection: GATHERINGS,
  decider: gatheringDecider,
  eventTypes: GATHERING_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc) => {
    const orgIds = organisationsOf(doc.registrations, Object.keys(doc.registrations));
    return {
      kind: doc.kind,
      status: doc.status,
      month: doc.month,
      ...(doc.territoryId ? { territory: doc.territoryId } : {}),
      participant: Object.entries(doc.registrations)
        .filter(([, r]) => !r.cancelled)
        .map(([id]) => id),
      ...(orgIds.length > 0 ? { org: orgIds } : {}),
    };
  },
  routes: (event, { after }, id) => {
    if (!after) return [];
    const summary = {
      gatheringId: id,
      kind: after.kind,
      theme: after.theme,
      date: after.date,
      status: after.status,
      registered: after.registered,
      attended: after.attended,
    };
    const routes: Route[] = [{ room: roomKey('gathering', id), data: { gatheringId: id, ...event.data } }];
    if (ANNOUNCED.has(event.type)) routes.push({ room: roomKey('network'), data: summary }, { room: roomKey('ops'), data: summary });
    if (after.territoryId && ANNOUNCED.has(event.type)) routes.push({ room: roomKey('territory', after.territoryId), data: summary });
    // The pages of the organisations concerned: their people registered, cancelled, attended; or the gathering moved.
    for (const orgId of organisationsConcerned(event, after)) routes.push({ room: roomKey('organisation', orgId), data: summary });
    return routes;
  },
});

/**
 * `gathering-{id}` → gathering attendance (collection `gathering`, tags kind,
 * status, month, territory, participant). Feeds: every event in
 * `gathering:{id}`; announcements in `network` and `ops`; a summary in the
 * territory's feed when it has one.
 */
export const gatheringAttendance = readModel(attendance);
