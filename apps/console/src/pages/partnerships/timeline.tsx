/** A partnership's recorded events, in French, dated by when they happened (ADR 0014). */
import { happenedDateOf } from '@catalyse/domain';
import { date, DIMENSIONS, label, OBJECTIVES, scoreText, subScoresText } from '../../ui/common';
import type { RecordedEvent } from './types';

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
  return (happenedDateOf('partnership', e) ?? e.metadata.occurredAt ?? e.recordedAt).slice(0, 10);
}

/** A catalyseur's or organisation's name when it is known, its id otherwise. */
export type NameOf = (id: string) => string;

function detail(e: RecordedEvent, nameOf: NameOf, milestones: ReadonlyMap<string, string>): string {
  const d = e.data;
  const text = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.type) {
    case 'ObjectivesAgreed':
      return `${nameOf(text('orgId'))} : ${Array.isArray(d['objectives']) ? (d['objectives'] as string[]).map((o) => label(OBJECTIVES, o)).join(', ') : ''}`;
    case 'MilestonePlanned':
      return `${text('title')} (échéance ${date(text('dueDate'))})`;
    case 'MilestoneReached':
    case 'MilestoneRescheduled':
    case 'MilestoneDropped':
      return milestones.get(text('milestoneId')) ?? text('milestoneId');
    case 'SteeringCommitteeHeld':
      return Array.isArray(d['decisions']) ? (d['decisions'] as string[]).join(' ; ') : '';
    case 'IndicatorRecorded':
      return `${text('name')} : ${String(d['value'] ?? '')} ${text('unit')}`;
    case 'ImpactAssessed':
      return `${label(DIMENSIONS, text('dimension'))} : ${scoreText(d['score'])}${d['scores'] ? ` (${subScoresText(d['scores'])})` : ''}`;
    case 'EvaluationConcluded':
      return text('decision');
    case 'CatalyseurAssigned':
      return nameOf(text('catalyseurId'));
    case 'CatalyseurReleased':
      return `${nameOf(text('catalyseurId'))}${text('reason') ? ` (${text('reason')})` : ''}`;
    default:
      return typeof d['cycle'] === 'number' ? `cycle ${d['cycle']}` : '';
  }
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
            {detail(e, nameOf, milestones) && <span> · {detail(e, nameOf, milestones)}</span>}
            {future && <span class="sr-only"> (après la date choisie)</span>}
          </li>
        );
      })}
    </ol>
  );
}
