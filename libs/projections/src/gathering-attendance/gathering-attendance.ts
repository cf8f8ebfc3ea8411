import { GATHERING_EVENT_TYPES, type GatheringEvent, type GatheringState, gatheringDecider } from '@catalyse/domain';
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

/** The collection of the gatherings; tags: kind, status, month, territory, participant (many: standing registrations). */
export const GATHERINGS = 'gathering';

/** What every catalyseur hears of: a gathering scheduled, moved, held or cancelled. */
const ANNOUNCED: ReadonlySet<GatheringEvent['type']> = new Set(['GatheringScheduled', 'GatheringRescheduled', 'GatheringHeld', 'GatheringCancelled']);

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
  tags: (doc) => ({
    kind: doc.kind,
    status: doc.status,
    month: doc.month,
    ...(doc.territoryId ? { territory: doc.territoryId } : {}),
    participant: Object.entries(doc.registrations)
      .filter(([, r]) => !r.cancelled)
      .map(([id]) => id),
  }),
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
