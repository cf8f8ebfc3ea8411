/** A partnership's recorded events, in French, dated by when they happened (ADR 0014). */
import { happenedDateOf } from '@catalyse/domain';
import { date } from '../../ui/words';
import { eventDetail, factDay, type NameOf } from './rows';
import type { RecordedEvent } from './types';

export type { NameOf } from './rows';

const EVENTS: Record<string, string> = {
  PartnershipProposed: 'Partenariat proposé',
  ObjectivesAgreed: 'Objectifs convenus',
  MilestonePlanned: 'Jalon planifié',
  MilestoneRescheduled: 'Jalon replanifié',
  MilestoneDropped: 'Jalon abandonné',
  MilestoneReached: 'Jalon atteint',
  MilestoneDueSoon: 'Rappel d’échéance',
  PilotageStarted: 'Pilotage commencé',
  SteeringCommitteeHeld: 'Comité de pilotage tenu',
  IndicatorRecorded: 'Indicateur mesuré',
  EvaluationOpened: 'Évaluation ouverte',
  ImpactAssessed: 'Impact évalué',
  EvaluationConcluded: 'Évaluation conclue',
  PartnershipRenewed: 'Partenariat renouvelé',
  PartnershipClosed: 'Partenariat clos',
  CatalyseurAssigned: 'Catalyseur assigné',
  CatalyseurReleased: 'Catalyseur libéré',
};

/** The day an event's fact happened: the date it carries (`…On`, `…At`), else when it was decided. */
export function happenedDay(e: RecordedEvent): string {
  // The domain's own reading of when each event's fact happened (the happened clock of as-of).
  // An instant on the network's calendar, as the replay slider's today (`networkToday`) and the api's as-of.
  return factDay(happenedDateOf('partnership', e) ?? e.metadata.occurredAt ?? e.recordedAt);
}

export function Timeline({ events, until, nameOf = (id) => id }: { events: readonly RecordedEvent[]; until: string | null; nameOf?: NameOf }) {
  // A milestone by its title, as its planning named it.
  const milestones = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'MilestonePlanned' && typeof e.data['milestoneId'] === 'string' && typeof e.data['title'] === 'string') {
      milestones.set(e.data['milestoneId'], e.data['title']);
    }
  }
  return (
    <ol class="timeline" aria-label="Chronologie du partenariat">
      {events.map((e) => {
        const day = happenedDay(e);
        const future = until !== null && day > until;
        return (
          <li key={e.id} class={future ? 'future' : undefined}>
            <strong>{date(day)}</strong> — {EVENTS[e.type] ?? e.type}
            {eventDetail(e, nameOf, milestones) && <span> · {eventDetail(e, nameOf, milestones)}</span>}
            {future && <span class="sr-only"> (après la date choisie)</span>}
          </li>
        );
      })}
    </ol>
  );
}
