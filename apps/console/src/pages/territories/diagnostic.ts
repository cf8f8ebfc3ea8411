/**
 * A territory's diagnostic beyond its priorities, in French (pure: unit-tested): its key figures, its indicators
 * against the national average, its needs and the actions that answer them, as `GET /api/territories/{id}` gives them.
 */
import { FRENCH_ORDER } from '../../ui/collate';
import { date } from '../../ui/words';

/** A key figure (`keyFigures.figures` of the profile). */
export interface KeyFigure {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly unit?: string;
  /** Its share of France's, in percent. */
  readonly shareOfFrance?: number;
  /** The year it describes, when not the year recorded (PIB 2012). */
  readonly year?: number;
}

/** An indicator against the national average (`indicatorsAgainstNational` of the profile). */
export interface IndicatorAgainstNational {
  readonly domain: string;
  readonly name: string;
  readonly value: number;
  readonly nationalAverage: number;
  readonly unit?: string;
  /** Value − national average, rounded to 0.01. */
  readonly gap: number;
  readonly comparedToNational: 'above' | 'below' | 'equal';
}

/** A need: a domain rated `haute` or answered by an action (`needs` of the profile). */
export interface TerritoryNeed {
  readonly domain: string;
  readonly label: string;
  readonly highPriority: boolean;
  readonly actionIds: readonly string[];
  readonly actorIds: readonly string[];
}

/** An action of the territory (`actions` of the profile). */
export interface TerritoryAction {
  readonly actionId: string;
  readonly title: string;
  readonly domains: readonly string[];
  readonly actorIds: readonly string[];
  readonly startedOn: string;
  readonly description?: string;
}

/** The space between a number and its unit, that a line never breaks. */
const NBSP = '\u00a0';
/** A true minus sign (Intl writes a hyphen). */
const MINUS = '\u2212';

/** A number the French way: « 2 500 000 », « 10,8 » (two decimals at most). */
export function frenchNumber(value: number): string {
  return value.toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace('-', MINUS);
}

/** A number with its unit: « 2 500 000 habitants », « 10,8 % », « 1 840 » without one. */
export function measureText(value: number, unit?: string): string {
  const number = frenchNumber(value);
  return unit ? `${number}${NBSP}${unit}` : number;
}

/** The figure's value with its unit: « 39 000 km² ». */
export const figureValueText = (figure: KeyFigure): string => measureText(figure.value, figure.unit);

/** The figure's name, with the year it describes when given: « PIB régional (2012) ». */
export const figureLabelText = (figure: KeyFigure): string => (typeof figure.year === 'number' ? `${figure.label} (${figure.year})` : figure.label);

/**
 * « 4 % de la France », or nothing when unknown — or when the value already says it (the cultivated land: « 7 % de la
 * France » is its value).
 */
export function figureShareText(figure: KeyFigure): string | undefined {
  if (typeof figure.shareOfFrance !== 'number') return undefined;
  const share = `${frenchNumber(figure.shareOfFrance)}${NBSP}% de la France`;
  return figureValueText(figure) === share ? undefined : share;
}

/**
 * The gap to the national average in the indicator's unit, signed: « +1,5 point » for a rate in percent (percentage
 * points, « 2,3 points » from two on), « −0,6 point », « +3 € »; « 0 » when equal.
 */
export function gapText(indicator: Pick<IndicatorAgainstNational, 'gap' | 'unit'>): string {
  const { gap, unit } = indicator;
  if (gap === 0) return unit === '%' ? `0${NBSP}point` : '0';
  const signed = `${gap > 0 ? '+' : ''}${frenchNumber(gap)}`;
  if (unit === '%') return `${signed}${NBSP}${Math.abs(gap) >= 2 ? 'points' : 'point'}`;
  return unit ? `${signed}${NBSP}${unit}` : signed;
}

/** Where the territory stands: « au-dessus de la moyenne », « en dessous de la moyenne », « égal à la moyenne ». */
export function directionText(comparedToNational: string): string {
  if (comparedToNational === 'above') return 'au-dessus de la moyenne';
  if (comparedToNational === 'below') return 'en dessous de la moyenne';
  return 'égal à la moyenne';
}

/** The names of the actors by their ids (the territory's list of actors has them); an id no longer listed as itself. */
export function actorNames(ids: readonly string[], actors: readonly { readonly orgId: string; readonly name: string }[]): string[] {
  return ids.map((id) => actors.find((a) => a.orgId === id)?.name ?? id);
}

/** The needs an action answers, by their labels (the profile's needs and domains have them), in the action's order. */
export function needLabels(domains: readonly string[], known: readonly { readonly domain: string; readonly label: string }[]): string[] {
  return domains.map((domain) => known.find((d) => d.domain === domain)?.label ?? domain.replace(/_/g, ' '));
}

/** « Relevés le 1er juin 2016 — source : Comisis 2016 » (the source only when given). */
export function provenanceText(verb: string, day: string, source?: string): string {
  const when = `${verb} le ${date(day)}`;
  return source ? `${when} — source : ${source}` : when;
}

/** A territory's gatherings in the order they happen (earliest first; on the same day, by theme), not as stored. */
export function byDate<G extends { readonly date: string; readonly theme: string }>(gatherings: readonly G[]): G[] {
  return [...gatherings].sort((a, b) => a.date.localeCompare(b.date) || FRENCH_ORDER.compare(a.theme, b.theme));
}
