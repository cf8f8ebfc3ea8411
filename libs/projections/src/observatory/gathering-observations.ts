import type { GatheringEvent } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the gatherings' observations; tags: kind, territory (when it has one). */
export const GATHERING_OBSERVATIONS = 'observatory-gathering';

/** What the observatory keeps of a gathering's schedule: its kind, date and territory (no theme, place or link). */
export interface ScheduleObserved {
  readonly kind: string;
  readonly date: string;
  readonly territory?: string;
}

/**
 * The gatherings' observations: schedule (kind, date, territory), each
 * registration as a participant id and a sphere (no name, no organisation),
 * cancellations, new dates, held, the participant ids present, how many
 * speed-dating pairs met, cancelled (no reason).
 */
export const gatheringObservations = observationModel<GatheringEvent>({
  name: 'observatory-gatherings',
  category: 'gathering',
  collection: GATHERING_OBSERVATIONS,
  observe: {
    GatheringScheduled: (d): ScheduleObserved => ({ kind: d.kind, date: d.date, ...(d.territoryId === undefined ? {} : { territory: d.territoryId }) }),
    ParticipantRegistered: (d) => ({ participant: d.participantId, sphere: d.sphere }),
    RegistrationCancelled: (d) => ({ participant: d.participantId }),
    GatheringRescheduled: (d) => ({ date: d.date }),
    GatheringHeld: () => ({}),
    AttendanceRecorded: (d) => ({ participants: Array.isArray(d.participantIds) ? [...d.participantIds] : [] }),
    SpeedDatingPairsRecorded: (d) => ({ pairs: Array.isArray(d.pairs) ? d.pairs.length : 0 }),
    GatheringCancelled: () => ({}),
  },
  tags: (doc: ObservationDoc): Tags => {
    const schedule = doc.observations.find((o) => o.type === 'GatheringScheduled')?.data as ScheduleObserved | undefined;
    if (schedule === undefined) return {};
    return { kind: schedule.kind, ...(schedule.territory === undefined ? {} : { territory: schedule.territory }) };
  },
});
