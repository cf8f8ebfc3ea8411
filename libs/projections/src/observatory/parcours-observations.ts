import type { ParcoursEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the parcours' observations; tags: territory (many: its pilot territories). */
export const PARCOURS_OBSERVATIONS = 'observatory-parcours';

/**
 * The parcours' observations: opened (its months), each pilot territory
 * enrolled or withdrawn (its id), started, sessions (number, territories
 * present), each pilot's step, completed. Titles, themes, notes, reasons and
 * outcomes stay in the log and the board.
 */
export const parcoursObservations = observationModel<ParcoursEvent>({
  name: 'observatory-parcours',
  category: 'parcours',
  collection: PARCOURS_OBSERVATIONS,
  observe: {
    ParcoursOpened: (d) => ({ startMonth: d.startMonth, durationMonths: d.durationMonths, endMonth: d.endMonth }),
    PilotTerritoryEnrolled: (d) => ({ territory: d.territoryId }),
    PilotTerritoryWithdrawn: (d) => ({ territory: d.territoryId }),
    ParcoursStarted: (d) => ({ territories: Array.isArray(d.territoryIds) ? [...d.territoryIds] : [] }),
    ParcoursSessionHeld: (d) => ({ session: d.sessionNumber, present: Array.isArray(d.territoriesPresent) ? [...d.territoriesPresent] : [] }),
    PilotProgressRecorded: (d) => ({ territory: d.territoryId, step: d.step }),
    ParcoursCompleted: () => ({}),
  },
  tags: (doc: ObservationDoc): Tags => {
    const pilots = doc.observations.filter((o) => o.type === 'PilotTerritoryEnrolled').map((o) => (o.data as { territory: string }).territory);
    return pilots.length === 0 ? {} : { territory: [...new Set(pilots)] };
  },
});
