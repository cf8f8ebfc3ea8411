import { PARCOURS_EVENT_TYPES, PARCOURS_STEPS, type ParcoursEvent, type ParcoursState, type ParcoursStep, parcoursDecider } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { countBy, type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel, type Route } from '../read-model';

/** A pilot territory at a glance (`territories` of the board holds its progress history and outcome). */
export interface PilotSummary {
  readonly territoryId: string;
  readonly name: string;
  readonly status: 'enrolled' | 'withdrawn';
  /** The step of the method it works on (its latest progress), absent before its first record. */
  readonly step?: ParcoursStep;
  /** How many progress records it has. */
  readonly progressRecords: number;
  /** How many sessions it was present at. */
  readonly sessionsAttended: number;
}

export interface ParcoursSummary {
  /** Pilot territories still in the parcours. */
  readonly pilots: number;
  readonly withdrawn: number;
  readonly sessionsHeld: number;
  /** How many pilots (still in) work on each step of the method, in the method's order. */
  readonly byStep: Readonly<Partial<Record<ParcoursStep, number>>>;
  readonly pilotSummaries: readonly PilotSummary[];
  /** Pilot territories present per session, on average (absent before the first session). */
  readonly averagePresence?: number;
}

/**
 * The parcours board: the parcours as its decider folds it (title, months,
 * status, pilot territories with their progress history and outcome, sessions
 * with the territories present, summary) plus its summaries.
 */
export type ParcoursBoard = StateView<ParcoursState, ParcoursSummary>;

/** The collection of the boards; tags: status, territory (many: every pilot, withdrawn ones too). */
export const PARCOURS_BOARDS = 'parcours';

type Opened = Created<ParcoursState>;

function summarise(state: Opened): ParcoursSummary {
  const pilots = state.territories.filter((t) => t.status === 'enrolled');
  const steps = countBy(
    pilots.flatMap((t) => (t.step === undefined ? [] : [t.step])),
    (step) => step,
  );
  const presence = state.sessions.reduce((sum, s) => sum + s.territoriesPresent.length, 0);
  return {
    pilots: pilots.length,
    withdrawn: state.territories.length - pilots.length,
    sessionsHeld: state.sessions.length,
    byStep: Object.fromEntries(PARCOURS_STEPS.filter((s) => steps[s] !== undefined).map((s) => [s, steps[s]])),
    pilotSummaries: state.territories.map((t) => ({
      territoryId: t.territoryId,
      name: t.name,
      status: t.status,
      ...(t.step === undefined ? {} : { step: t.step }),
      progressRecords: t.progress.length,
      sessionsAttended: state.sessions.filter((s) => s.territoriesPresent.includes(t.territoryId)).length,
    })),
    ...(state.sessions.length === 0 ? {} : { averagePresence: Math.round((presence / state.sessions.length) * 10) / 10 }),
  };
}

/** The cohort's own events, which the whole network hears of. */
const NETWORK_EVENTS: ReadonlySet<string> = new Set<ParcoursEvent['type']>(['ParcoursOpened', 'ParcoursStarted', 'ParcoursSessionHeld', 'ParcoursCompleted']);
/** A pilot territory's own events, which its territory's feed shows. */
const PILOT_EVENTS: ReadonlySet<string> = new Set<ParcoursEvent['type']>(['PilotTerritoryEnrolled', 'PilotProgressRecorded', 'PilotTerritoryWithdrawn']);

type Data = Readonly<Record<string, unknown>>;

const boards = deciderView({
  name: 'parcours-board',
  category: 'parcours',
  collection: PARCOURS_BOARDS,
  decider: parcoursDecider,
  eventTypes: PARCOURS_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc) => ({ status: doc.status, territory: doc.territories.map((t) => t.territoryId) }),
  routes: (event: ParcoursEvent, { after }, id) => {
    const raw: unknown = event.data;
    if (!after || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
    const data = raw as Data;
    const head = { parcoursId: id, title: after.title, status: after.status };
    const territoryId = typeof data['territoryId'] === 'string' ? data['territoryId'] : undefined;
    const pilot = territoryId === undefined ? undefined : after.territories.find((t) => t.territoryId === territoryId);
    const line: Record<string, unknown> = { ...data, ...head, ...(pilot ? { territoryName: pilot.name } : {}) };
    if (event.type === 'ParcoursSessionHeld' && Array.isArray(data['territoriesPresent'])) line['present'] = data['territoriesPresent'].length;
    const routes: Route[] = [{ room: roomKey('ops'), data: line }];
    if (NETWORK_EVENTS.has(event.type)) routes.push({ room: roomKey('network'), data: line });
    if (PILOT_EVENTS.has(event.type) && territoryId !== undefined) routes.push({ room: roomKey('territory', territoryId), data: line });
    if (event.type === 'ParcoursCompleted') {
      for (const t of after.territories) {
        if (t.outcome === undefined) continue;
        const completedOn = data['completedOn'];
        routes.push({
          room: roomKey('territory', t.territoryId),
          data: { ...head, territoryId: t.territoryId, territoryName: t.name, outcome: t.outcome, completedOn },
        });
      }
    }
    return routes;
  },
});

/**
 * `parcours-{id}` → the parcours board (collection `parcours`, tags status,
 * territory (many: every pilot, withdrawn ones too)). There is no `parcours:`
 * room kind: every event goes to `ops` (the event data with the parcours id,
 * title, status and the pilot's name), the opening, start, sessions and
 * completion to `network` too; a pilot's enrolment, progress and withdrawal
 * to `territory:{territoryId}`, and at completion each pilot's outcome to its
 * territory's feed. Events whose data is not an object appear nowhere.
 */
export const parcoursBoards = readModel(boards);
