/**
 * What an experimentation's page says of its actions beyond their title and carriers: the figures recorded at their
 * adoption (lieux d'accueil, planned duration, briques) and their evaluation (its summary, its indicators with their
 * units), in French. The read model leaves out what was not recorded: so does the page. Pure: unit-tested.
 */
import { date, label, numberText } from '../../ui/words';
import { ACTION_OUTCOMES } from './fields';

export interface ResultIndicator {
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
}

/** An action as the board gives it (`ExperimentationAction` of the domain). */
export interface ExperimentationAction {
  readonly actionId: string;
  readonly title: string;
  readonly carriers: readonly { readonly name: string }[];
  readonly adoptedOn?: string;
  /** « Lieux d'accueil » where it runs (Silver Geek: 15). */
  readonly hostPlaces?: number;
  /** Planned duration, in months (Silver Geek: 8). */
  readonly durationMonths?: number;
  /** Its « briques » (Silver Geek: prêt de matériel, animation, évaluation). */
  readonly components?: readonly string[];
  readonly outcome?: string;
  readonly results?: {
    readonly outcome?: string;
    readonly summary?: string;
    readonly indicators?: readonly ResultIndicator[];
    readonly evaluatedOn?: string;
  };
}

/** « 8 mois » (mois is the same in the plural). */
export function durationText(months: number | undefined): string {
  return typeof months === 'number' ? `${numberText(months)}\u00a0mois` : '—';
}

/** « Prêt de matériel, Animation, Évaluation ». */
export function componentsText(components: readonly string[] | undefined): string {
  return components && components.length > 0 ? components.join(', ') : '—';
}

/** « Durée de l’expérimentation : 8 mois », « Structures organisatrices : 10 »: its value the French way, its unit when recorded. */
export function indicatorText({ name, value, unit }: ResultIndicator): string {
  return `${name}\u00a0: ${numberText(value)}${unit ? `\u00a0${unit}` : ''}`;
}

/** Which of the adoption's figures any action of the list has: a column where none has one would be a column of dashes. */
export function recordedFigures(actions: readonly ExperimentationAction[]): { hostPlaces: boolean; duration: boolean; components: boolean } {
  return {
    hostPlaces: actions.some((a) => typeof a.hostPlaces === 'number'),
    duration: actions.some((a) => typeof a.durationMonths === 'number'),
    components: actions.some((a) => (a.components ?? []).length > 0),
  };
}

export function outcomeOf(a: ExperimentationAction): string {
  return label(ACTION_OUTCOMES, a.outcome ?? a.results?.outcome ?? null);
}

/** An evaluated action's results: its outcome and day, then its summary and indicators as recorded. */
export interface ResultLines {
  readonly head: string;
  readonly summary?: string;
  readonly indicators: readonly string[];
}

/**
 * The evaluations of the actions, in their order: « Concluante, évaluée le 15 juin 2015 », its summary, its
 * indicators. Actions not evaluated yet are left out.
 */
export function resultLines(actions: readonly ExperimentationAction[]): (ResultLines & { readonly actionId: string; readonly title: string })[] {
  return actions.flatMap((a) => {
    const r = a.results;
    if (!r) return [];
    const when = r.evaluatedOn ? `, évaluée le ${date(r.evaluatedOn)}` : '';
    return [
      {
        actionId: a.actionId,
        title: a.title,
        head: `${outcomeOf(a)}${when}`,
        ...(r.summary?.trim() ? { summary: r.summary.trim() } : {}),
        indicators: (r.indicators ?? []).map(indicatorText),
      },
    ];
  });
}
