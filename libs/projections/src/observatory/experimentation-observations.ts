import type { ExperimentationEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the experimentations' observations; tags: territory. */
export const EXPERIMENTATION_OBSERVATIONS = 'observatory-experimentation';

/** What the observatory keeps of a launch: the territory, the conveners' spheres, how many catalyseurs animate it (no title, no names). */
export interface LaunchObserved {
  readonly territory: { readonly id: string; readonly name: string; readonly scale: string };
  readonly conveners: readonly string[];
  readonly catalyseurs: number;
  /** Absent from the experimentations launched before categories were recorded. */
  readonly category?: string;
}

/**
 * The experimentations' observations: launch, the invitation au dialogue
 * (dirigeants, by sphere, volunteers), stages, working groups and their
 * participants (an id and a sphere each), meetings (step, how many present),
 * the restitution (dirigeants, by sphere, from outside), follow-up meetings,
 * actions (groups, carriers' spheres), results (outcome), essaimage, abandon.
 * Titles, themes, notes, summaries and reasons stay in the log and the board.
 */
export const experimentationObservations = observationModel<ExperimentationEvent>({
  name: 'observatory-experimentations',
  category: 'experimentation',
  collection: EXPERIMENTATION_OBSERVATIONS,
  observe: {
    ExperimentationLaunched: (d): LaunchObserved => ({
      territory: { id: d.territory.id, name: d.territory.name, scale: d.territory.scale },
      conveners: Array.isArray(d.conveners) ? d.conveners.map((c) => c.sphere) : [],
      catalyseurs: Array.isArray(d.catalyseurs) ? d.catalyseurs.length : 0,
      ...(d.category === undefined ? {} : { category: d.category }),
    }),
    DirigeantsInvited: (d) => ({
      dirigeants: d.dirigeants,
      ...(d.bySphere === undefined ? {} : { bySphere: { ...d.bySphere } }),
      ...(d.volunteers === undefined ? {} : { volunteers: d.volunteers }),
    }),
    StageAdvanced: (d) => ({ stage: d.stage }),
    WorkingGroupFormed: (d) => ({ group: d.groupId }),
    WorkingGroupJoined: (d) => ({ group: d.groupId, participant: d.participantId, sphere: d.sphere }),
    WorkingGroupLeft: (d) => ({ group: d.groupId, participant: d.participantId }),
    GroupMeetingHeld: (d) => ({ group: d.groupId, step: d.step, present: Array.isArray(d.attendees) ? d.attendees.length : 0 }),
    ActionAdopted: (d) => ({
      action: d.actionId,
      groups: Array.isArray(d.groupIds) ? d.groupIds.length : 0,
      carriers: Array.isArray(d.carriers) ? d.carriers.map((c) => c.sphere) : [],
    }),
    RestitutionHeld: (d) => ({
      dirigeants: d.dirigeants,
      ...(d.bySphere === undefined ? {} : { bySphere: { ...d.bySphere } }),
      ...(d.fromOutside === undefined ? {} : { fromOutside: d.fromOutside }),
    }),
    FollowUpMeetingHeld: (d) => ({ group: d.groupId, present: Array.isArray(d.attendees) ? d.attendees.length : 0 }),
    ResultsEvaluated: (d) => ({ action: d.actionId, outcome: d.outcome }),
    EssaimageDecided: (d) => ({ essaimer: d.essaimer === true, territories: d.essaimer === true && Array.isArray(d.territories) ? d.territories.length : 0 }),
    ExperimentationAbandoned: () => ({}),
  },
  tags: (doc: ObservationDoc): Tags => {
    const launch = doc.observations.find((o) => o.type === 'ExperimentationLaunched')?.data as LaunchObserved | undefined;
    return launch === undefined ? {} : { territory: launch.territory.id };
  },
});
