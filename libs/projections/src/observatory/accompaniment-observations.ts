import type { AccompanimentEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the accompaniments' observations; tags: catalyseur, organisation. */
export const ACCOMPANIMENT_OBSERVATIONS = 'observatory-accompaniment';

/** What the observatory keeps of an accompaniment's opening: which organisation, by which catalyseur (no purpose). */
export interface AccompanimentObserved {
  readonly organisation: string;
  readonly catalyseur: string;
}

/**
 * The accompaniments' observations: opened (organisation, catalyseur), each
 * session (no topics, no summary), each maturity seen (the maturity only),
 * closed (its outcome, no reason).
 */
export const accompanimentObservations = observationModel<AccompanimentEvent>({
  name: 'observatory-accompaniments',
  category: 'accompaniment',
  collection: ACCOMPANIMENT_OBSERVATIONS,
  observe: {
    AccompanimentOpened: (d): AccompanimentObserved => ({ organisation: d.organisationId, catalyseur: d.catalyseurId }),
    AccompanimentSessionHeld: () => ({}),
    OrganisationMaturityRecorded: (d) => ({ maturity: d.maturity }),
    AccompanimentClosed: (d) => ({ outcome: d.outcome }),
  },
  tags: (doc: ObservationDoc): Tags => {
    const opened = doc.observations.find((o) => o.type === 'AccompanimentOpened')?.data as AccompanimentObserved | undefined;
    return opened === undefined ? {} : { catalyseur: opened.catalyseur, organisation: opened.organisation };
  },
});
