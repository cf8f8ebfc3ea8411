import type { IntroductionEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the introductions' observations; tags: territory, catalyseur, gathering (when made at one). */
export const INTRODUCTION_OBSERVATIONS = 'observatory-introduction';

/** What the observatory keeps of an introduction: where, by whom, at which gathering, between which spheres (no names, no purpose). */
export interface IntroductionObserved {
  readonly territory: string;
  readonly catalyseur: string;
  readonly gathering?: string;
  /** The accompaniment it came from, when it names one (ADR 0024): the funnel follows accompaniments into partnerships. */
  readonly accompaniment?: string;
  readonly spheres: readonly string[];
}

/**
 * The introductions' observations, the funnel's steps: introduced (territory,
 * catalyseur, gathering, spheres), met (no notes), each partnership proposed
 * after it (its id), closed without follow-up (no reason).
 */
export const introductionObservations = observationModel<IntroductionEvent>({
  name: 'observatory-introductions',
  category: 'introduction',
  collection: INTRODUCTION_OBSERVATIONS,
  observe: {
    OrganisationsIntroduced: (d): IntroductionObserved => ({
      territory: d.territoryId,
      catalyseur: d.catalyseurId,
      ...(d.gatheringId === undefined ? {} : { gathering: d.gatheringId }),
      ...(typeof d.accompanimentId === 'string' ? { accompaniment: d.accompanimentId } : {}),
      spheres: Array.isArray(d.organisations) ? d.organisations.map((o) => o.sphere) : [],
    }),
    IntroducedOrganisationsMet: () => ({}),
    IntroductionLedToPartnership: (d) => ({ partnership: d.partnershipId }),
    IntroductionClosedWithoutFollowUp: () => ({}),
  },
  tags: (doc: ObservationDoc): Tags => {
    const made = doc.observations.find((o) => o.type === 'OrganisationsIntroduced')?.data as IntroductionObserved | undefined;
    if (made === undefined) return {};
    return { territory: made.territory, catalyseur: made.catalyseur, ...(made.gathering === undefined ? {} : { gathering: made.gathering }) };
  },
});
