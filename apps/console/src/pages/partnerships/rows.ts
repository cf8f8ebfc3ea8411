/**
 * A partnership's facts in French, for its chronology and its board: an event's detail, a conclusion's decision.
 * Numbers are written the French way (« 12,5 »). Pure, for the pages and their unit tests.
 */
import { count, date, DIMENSIONS, label, networkToday, numberText, OBJECTIVES, scoreText, subScoresText } from '../../ui/words';
import type { Board, Impact, RecordedEvent } from './types';

/** A catalyseur's or organisation's name when it is known, its id otherwise. */
export type NameOf = (id: string) => string;

/** What an evaluation concluded, as the chronology's « Évaluation conclue · … » says it. */
export const DECISION_NOUNS: Record<string, string> = { renouveler: 'renouvellement', essaimer: 'essaimage', clore: 'clôture' };

/** What became of the partnership, as « Cycle 1 : Renouvelé le 4 décembre 2026 » says it. */
export const DECISION_OUTCOMES: Record<string, string> = { renouveler: 'Renouvelé', essaimer: 'Essaimé', clore: 'Clos' };

/**
 * The day a fact happened, on the network's calendar (as `networkToday`, the slider's today, and as the api reads the
 * day of an instant for as-of): a calendar date as it is, an instant on the network's day (`TIME_ZONE`). Its UTC
 * day, or the browser's, would date a partnership proposed just after midnight in France the day before: a day to
 * replay on which the api has no board yet.
 */
export function factDay(value: string, dayOf: (instant: Date) => string = networkToday): string {
  if (value.length <= 10) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value.slice(0, 10) : dayOf(instant);
}

/**
 * The days the replay slider offers before today (its last position), in order, once each: the days something
 * happened, from the partnership's proposal on (before it, there is no board to show: a day before it is one of
 * another calendar, the server's date of a fact recorded at the same moment, as an assignment at the proposal).
 */
export function replayDays(days: readonly string[], proposedOn: string | undefined, today: string): string[] {
  return [...new Set(days)].filter((day) => day < today && (proposedOn === undefined || day >= proposedOn)).sort();
}

/**
 * The slider's day for an address's `?au=` (`day`; empty: today): the last of its `days` on or before it (the same
 * board: nothing happened in between), or its first for a day before them all (before the proposal the api has no
 * board, a 404: the link still opens the partnership's beginning, not today). Empty for none, or no day to offer.
 */
export function replayDay(day: string, days: readonly string[]): string {
  if (!day) return '';
  return days.filter((d) => d <= day).pop() ?? days[0] ?? '';
}

/**
 * What the replay slider offers, under it: its days before today (`YYYY-MM-DD`, in order), then today, its last
 * position. Nothing without a day before today (the slider is not shown).
 */
export function replayHint(days: readonly string[]): string {
  const first = days[0];
  if (first === undefined) return '';
  const reads = 'le tableau de bord est celui du jour choisi (faits survenus).';
  if (days.length === 1) return `Deux dates : le ${date(first)} et aujourd’hui ; ${reads}`;
  return `${count(days.length + 1, 'date')}, du ${date(first)} à aujourd’hui ; ${reads}`;
}

/** « Cycle 1 : Renouvelé le 4 décembre 2026 ». */
export function conclusionText(c: { readonly cycle: number; readonly decision: string; readonly concludedOn: string }): string {
  return `Cycle ${numberText(c.cycle)} : ${label(DECISION_OUTCOMES, c.decision)} le ${date(c.concludedOn)}`;
}

/** An impact's score in words: « 4,5/5 (Croissance économique et emplois 4/5, …) — its evidence ». */
export function impactScore(v: Impact[string]): string {
  if (typeof v === 'number') return scoreText(v);
  const parts = subScoresText(v.scores);
  const why = v.comment ?? v.evidence;
  return `${scoreText(v.score)}${parts ? ` (${parts})` : ''}${why ? ` — ${why}` : ''}`;
}

/** One cycle of « Évaluations et impacts »: its conclusion (none while under way) and its impacts, one line each. */
export interface CycleImpacts {
  readonly cycle: number;
  readonly heading?: string;
  readonly lines: readonly { readonly dimension: string; readonly text: string }[];
}

const impactLines = (impact: Impact | undefined): CycleImpacts['lines'] =>
  Object.entries(impact ?? {}).map(([k, v]) => ({ dimension: k, text: `${label(DIMENSIONS, k)} : ${impactScore(v)}` }));

/**
 * Each cycle's evaluation, in order: every concluded cycle with the scores it was concluded on (a renewed
 * partnership's first cycle keeps its own, though the board's `impact` is the new cycle's, emptied by the renewal),
 * then the cycle under way with the scores assessed so far, if any. A conclusion without its own impact (a board
 * folded before they were kept) is the current cycle's: it takes the board's.
 */
export function cycleImpacts(b: Pick<Board, 'cycle' | 'impact' | 'conclusions'>): CycleImpacts[] {
  const concluded = b.conclusions.map((c) => ({
    cycle: c.cycle,
    heading: conclusionText(c),
    lines: impactLines(c.impact ?? (c.cycle === b.cycle ? b.impact : undefined)),
  }));
  const current = b.conclusions.some((c) => c.cycle === b.cycle) ? [] : impactLines(b.impact);
  return current.length > 0 ? [...concluded, { cycle: b.cycle, lines: current }] : concluded;
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
