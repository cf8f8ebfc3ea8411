/**
 * A partnership's facts in French, for its chronology and its board: an event's detail, a conclusion's decision.
 * Numbers are written the French way (« 12,5 »). Pure, for the pages and their unit tests.
 */
import { date, DIMENSIONS, label, numberText, OBJECTIVES, scoreText, subScoresText } from '../../ui/words';
import type { RecordedEvent } from './types';

/** A catalyseur's or organisation's name when it is known, its id otherwise. */
export type NameOf = (id: string) => string;

/** What an evaluation concluded, as the chronology's « Évaluation conclue · … » says it. */
export const DECISION_NOUNS: Record<string, string> = { renouveler: 'renouvellement', essaimer: 'essaimage', clore: 'clôture' };

/** What became of the partnership, as « Cycle 1 : Renouvelé le 4 décembre 2026 » says it. */
export const DECISION_OUTCOMES: Record<string, string> = { renouveler: 'Renouvelé', essaimer: 'Essaimé', clore: 'Clos' };

/** « Cycle 1 : Renouvelé le 4 décembre 2026 ». */
export function conclusionText(c: { readonly cycle: number; readonly decision: string; readonly concludedOn: string }): string {
  return `Cycle ${numberText(c.cycle)} : ${label(DECISION_OUTCOMES, c.decision)} le ${date(c.concludedOn)}`;
}

/** An indicator's value and unit: « 12,5 personnes ». */
export function measureText(value: unknown, unit: string | undefined): string {
  return `${numberText(value)}${unit ? ` ${unit}` : ''}`;
}

/** What the chronology says after an event's name (« Bénévoles formés : 12,5 personnes »); empty: nothing. */
export function eventDetail(e: RecordedEvent, nameOf: NameOf, milestones: ReadonlyMap<string, string>): string {
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
      return `${text('name')} : ${measureText(d['value'], text('unit'))}`;
    case 'ImpactAssessed':
      return `${label(DIMENSIONS, text('dimension'))} : ${scoreText(d['score'])}${d['scores'] ? ` (${subScoresText(d['scores'])})` : ''}`;
    case 'EvaluationConcluded':
      return text('decision') ? label(DECISION_NOUNS, text('decision')) : '';
    case 'CatalyseurAssigned':
      return nameOf(text('catalyseurId'));
    case 'CatalyseurReleased':
      return `${nameOf(text('catalyseurId'))}${text('reason') ? ` (${text('reason')})` : ''}`;
    default:
      return typeof d['cycle'] === 'number' ? `cycle ${numberText(d['cycle'])}` : '';
  }
}
