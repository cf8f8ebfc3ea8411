import type { PartnershipEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the partnerships' observations; tags: territory. */
export const PARTNERSHIP_OBSERVATIONS = 'observatory-partnership';

/** What the observatory keeps of a partnership's proposal: where, which modes, which spheres (no names). */
export interface ProposalObserved {
  readonly territory: { readonly id: string; readonly name: string; readonly scale: string };
  readonly modes: readonly string[];
  readonly spheres: readonly string[];
}

const territoryOf = (doc: ObservationDoc): string | undefined => {
  const proposal = doc.observations.find((o) => o.type === 'PartnershipProposed')?.data as ProposalObserved | undefined;
  return proposal?.territory.id;
};

/**
 * The partnerships' observations: proposal (territory, modes, spheres), phase
 * changes with their cycle, milestones (due dates, reached, dropped),
 * committees, impact scores (the dimension's and its sub-dimensions'), conclusions. Indicators, objectives, titles,
 * reasons and evidence stay in the log and the board.
 */
export const partnershipObservations = observationModel<PartnershipEvent>({
  name: 'observatory-partnerships',
  category: 'partnership',
  collection: PARTNERSHIP_OBSERVATIONS,
  observe: {
    PartnershipProposed: (d): ProposalObserved => ({
      territory: { id: d.territory.id, name: d.territory.name, scale: d.territory.scale },
      modes: [...d.modes],
      spheres: d.partners.map((p) => p.sphere),
    }),
    ObjectivesAgreed: () => undefined,
    MilestonePlanned: (d) => ({ milestone: d.milestoneId, due: d.dueDate }),
    PilotageStarted: (d) => ({ cycle: d.cycle }),
    MilestoneReached: (d) => ({ milestone: d.milestoneId }),
    MilestoneRescheduled: (d) => ({ milestone: d.milestoneId, due: d.dueDate }),
    MilestoneDropped: (d) => ({ milestone: d.milestoneId }),
    MilestoneDueSoon: () => undefined,
    SteeringCommitteeHeld: () => ({}),
    IndicatorRecorded: () => undefined,
    EvaluationOpened: (d) => ({ cycle: d.cycle }),
    ImpactAssessed: (d) => ({ dimension: d.dimension, score: d.score, scores: d.scores }),
    EvaluationConcluded: (d) => ({ decision: d.decision, cycle: d.cycle }),
    PartnershipRenewed: (d) => ({ cycle: d.cycle }),
    PartnershipClosed: (d) => ({ decision: d.decision }),
    CatalyseurAssigned: () => undefined,
    CatalyseurReleased: () => undefined,
  },
  tags: (doc): Tags => {
    const territory = territoryOf(doc);
    return territory === undefined ? {} : { territory };
  },
});
