import { PARCOURS_EVENT_TYPES, type ParcoursEvent, type ParcoursState, parcoursDecider } from '@catalyse/domain';
import { countBy, stateView, type StateView } from '../aggregate-views/state-view';
import { COLLECTIONS } from '../read-models';
import { NETWORK_FEED, OPS_FEED, territoryFeed } from '../room-feeds/feed-entries';

export interface ParcoursSummary {
  /** Pilot territories still in the parcours. */
  readonly pilots: number;
  readonly withdrawn: number;
  readonly sessionsHeld: number;
  /** How many pilots work on each step of the method. */
  readonly byStep: Readonly<Record<string, number>>;
}

export type ParcoursBoard = StateView<ParcoursState, ParcoursSummary>;

/**
 * `parcours-{id}` → the parcours board (collection `parcours`, tags status,
 * territory). There is no `parcours:` room: its events go to `ops`, the
 * opening, start, sessions and completion to `network` too, and a pilot's
 * enrolment, progress or withdrawal to that territory's feed.
 */
export const parcoursBoards = stateView<ParcoursEvent, ParcoursState, ParcoursSummary>({
  category: 'parcours',
  collection: COLLECTIONS.parcours,
  decider: parcoursDecider as never,
  eventTypes: PARCOURS_EVENT_TYPES,
  summarise: (state) => {
    const pilots = state.territories.filter((t) => t.status === 'enrolled');
    return {
      pilots: pilots.length,
      withdrawn: state.territories.length - pilots.length,
      sessionsHeld: state.sessions.length,
      byStep: countBy(
        pilots.filter((t) => t.step !== undefined),
        (t) => t.step ?? '',
      ),
    };
  },
  tags: (doc) => ({ status: doc.status, territory: doc.territories.map((t) => t.territoryId) }),
  routes: (event, { after }, id) => {
    if (!after) return [];
    const summary = { parcoursId: id, title: after.title, status: after.status, ...event.data };
    const routes: { room: string; data: unknown }[] = [{ room: OPS_FEED, data: summary }];
    if (event.type === 'ParcoursOpened' || event.type === 'ParcoursStarted' || event.type === 'ParcoursSessionHeld' || event.type === 'ParcoursCompleted') {
      routes.push({ room: NETWORK_FEED, data: summary });
    }
    if (event.type === 'PilotTerritoryEnrolled' || event.type === 'PilotProgressRecorded' || event.type === 'PilotTerritoryWithdrawn') {
      routes.push({ room: territoryFeed(event.data.territoryId), data: summary });
    }
    return routes;
  },
});
