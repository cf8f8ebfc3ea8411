import { GATHERING_EVENT_TYPES, type GatheringEvent, type GatheringState, gatheringDecider } from '@catalyse/domain';
import { countBy, stateView, type StateView } from '../aggregate-views/state-view';
import { COLLECTIONS } from '../read-models';
import { NETWORK_FEED, OPS_FEED, territoryFeed } from '../room-feeds/feed-entries';

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

export const gatheringFeed = (id: string) => `gathering:${id}`;

/** What every catalyseur hears of: a gathering scheduled, moved, held or cancelled. */
const ANNOUNCED: ReadonlySet<GatheringEvent['type']> = new Set(['GatheringScheduled', 'GatheringRescheduled', 'GatheringHeld', 'GatheringCancelled']);

/**
 * `gathering-{id}` → gathering attendance (collection `gathering`, tags kind,
 * status, month, territory, participant). Feeds: every event in
 * `gathering:{id}`; announcements in `network` and `ops`; a summary in the
 * territory's feed when it has one.
 */
export const gatheringAttendance = stateView<GatheringEvent, GatheringState, GatheringSummary>({
  category: 'gathering',
  collection: COLLECTIONS.gatherings,
  decider: gatheringDecider as never,
  eventTypes: GATHERING_EVENT_TYPES,
  summarise: (state) => {
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
  },
  tags: (doc) => ({
    kind: doc.kind,
    status: doc.status,
    month: doc.month,
    ...(doc.territoryId ? { territory: doc.territoryId } : {}),
    participant: Object.entries(doc.registrations).filter(([, r]) => !r.cancelled).map(([id]) => id),
  }),
  routes: (event, { after }, id) => {
    if (!after) return [];
    const summary = { gatheringId: id, kind: after.kind, theme: after.theme, date: after.date, status: after.status, registered: after.registered, attended: after.attended };
    const routes: { room: string; data: unknown }[] = [{ room: gatheringFeed(id), data: { gatheringId: id, ...event.data } }];
    if (ANNOUNCED.has(event.type)) routes.push({ room: NETWORK_FEED, data: summary }, { room: OPS_FEED, data: summary });
    if (after.territoryId && ANNOUNCED.has(event.type)) routes.push({ room: territoryFeed(after.territoryId), data: summary });
    return routes;
  },
});
