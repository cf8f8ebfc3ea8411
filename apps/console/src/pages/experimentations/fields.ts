/** The fields of an experimentation's page that the read model may leave out, in French (pure: unit-tested). */

import type * as Domain from '@catalyse/domain';
import { date, type LabelsOf } from '../../ui/words';

/** Dirigeants by sphere (`association` → 71), as the read model gives a split when it was recorded. */
export type BySphere = Readonly<Record<string, number | undefined>>;

/** The invitation au dialogue as the read model gives it: `volunteers` and `bySphere` only when they were recorded. */
export interface Invitation {
  readonly invitedOn: string;
  readonly dirigeants: number;
  readonly bySphere?: BySphere;
  readonly volunteers?: number;
}

/**
 * The restitution des travaux: `bySphere` counts the territory's dirigeants by sphere, `fromOutside` those who came
 * from outside it (whatever their sphere); the two add up to at most `dirigeants`.
 */
export interface Restitution {
  readonly heldOn: string;
  readonly dirigeants: number;
  readonly bySphere?: BySphere;
  readonly fromOutside?: number;
  readonly notes?: string;
}

/** The three categories of territorial experimentation the research note distinguishes. */
export const CATEGORIES: LabelsOf<typeof Domain.EXPERIMENTATION_CATEGORIES> = {
  impulsion_acteurs: 'Impulsion d’acteurs territoriaux',
  experimentation_collective: 'Expérimentation collective',
  co_innovation: 'Co-innovation territoriale',
};

/** The stages of the method, in order. */
export const STAGES: LabelsOf<typeof Domain.EXPERIMENTATION_STAGES> = {
  emergence_besoins: 'Émergence des besoins',
  co_construction: 'Co-construction',
  restitution: 'Restitution des travaux',
  mise_en_oeuvre: 'Mise en œuvre des actions',
  evaluation_resultats: 'Évaluation des résultats',
};

/** The three meetings of a working group. */
export const GROUP_STEPS: LabelsOf<typeof Domain.GROUP_MEETING_STEPS> = {
  etat_des_lieux: 'État des lieux',
  propositions: 'Propositions',
  plan_action: 'Plan d’action',
};

/** How an action's results turned out. */
export const ACTION_OUTCOMES: LabelsOf<typeof Domain.ACTION_RESULT_OUTCOMES> = {
  concluante: 'Concluante',
  mitigee: 'Mitigée',
  non_concluante: 'Non concluante',
};

/** The essaimage decision: the territories only when it spreads, the reason when it does not. */
export interface Essaimage {
  readonly essaimer: boolean;
  readonly territories?: readonly string[];
  readonly reason?: string;
  readonly decidedOn: string;
}

/** « 142 (40 volontaires) », « 20 » when the volunteers were not recorded, « — » without invitation. */
export function invitationText(invitation: Invitation | undefined): string {
  if (!invitation) return '—';
  const { dirigeants, volunteers } = invitation;
  if (typeof volunteers !== 'number') return `${dirigeants}`;
  return `${dirigeants} (${volunteers} ${volunteers > 1 ? 'volontaires' : 'volontaire'})`;
}

/** « oui : Gironde, Landes », « oui » when no territory is named, « non » and why, or « pas encore décidé ». */
export function essaimageText(essaimage: Essaimage | undefined): string {
  if (!essaimage) return 'pas encore décidé';
  if (!essaimage.essaimer) return essaimage.reason?.trim() ? `non : ${essaimage.reason.trim()}` : 'non';
  const territories = essaimage.territories ?? [];
  return territories.length > 0 ? `oui : ${territories.join(', ')}` : 'oui';
}

/** The stages after the restitution: an experimentation there without one passed over it (Silver Geek). */
const AFTER_RESTITUTION = new Set(['mise_en_oeuvre', 'evaluation_resultats']);

/**
 * The restitution's fields, name → value: its day and how many dirigeants came once held; otherwise whether it is
 * still to come or was passed over.
 */
export function restitutionFields(restitution: Restitution | undefined, stage: string): [name: string, value: string][] {
  if (restitution) {
    return [
      ['Restitution le', date(restitution.heldOn)],
      ['Dirigeants à la restitution', `${restitution.dirigeants}`],
    ];
  }
  return [['Restitution', AFTER_RESTITUTION.has(stage) ? 'aucune (étape passée)' : 'pas encore tenue']];
}

/** « 47 (40 %) »: a count and its share of `total` in whole percents; « — » without a count. */
export function countShareText(count: number | undefined, total: number): string {
  if (typeof count !== 'number') return '—';
  if (total <= 0) return `${count}`;
  return `${count} (${Math.round((count * 100) / total)}\u00a0%)`;
}

/** A row of the composition: who, and how many of them at the invitation and at the restitution (absent when not held). */
export interface CompositionRow {
  readonly key: string;
  readonly label: string;
  readonly invitation?: string;
  readonly restitution?: string;
  /** The total row, shown apart. */
  readonly total?: boolean;
}

/**
 * The composition of the invitation au dialogue and of the restitution side by side: a row per sphere (the
 * invitation's, then the restitution's others), the dirigeants from outside the territory, those of no known sphere
 * (when a split was recorded but covers fewer than came), and the total. A column is left out (`undefined`) when its
 * meeting was not held; its cells say « — » where it has no figure.
 */
export function compositionRows(
  invitation: Invitation | undefined,
  restitution: Restitution | undefined,
  sphereLabel: (sphere: string) => string,
): CompositionRow[] {
  const spheres = [...new Set([...Object.keys(invitation?.bySphere ?? {}), ...Object.keys(restitution?.bySphere ?? {})])];
  const cell = (meeting: Invitation | Restitution | undefined, count: number | undefined): string | undefined =>
    meeting ? countShareText(count, meeting.dirigeants) : undefined;
  const known = (meeting: Invitation | Restitution | undefined): number | undefined => {
    if (!meeting) return undefined;
    const outside = 'fromOutside' in meeting ? meeting.fromOutside : undefined;
    if (!meeting.bySphere && outside === undefined) return undefined;
    return Object.values(meeting.bySphere ?? {}).reduce<number>((sum, n) => sum + (n ?? 0), 0) + (outside ?? 0);
  };
  const unsplit = (meeting: Invitation | Restitution | undefined): number | undefined => {
    const split = known(meeting);
    return meeting && split !== undefined && split < meeting.dirigeants ? meeting.dirigeants - split : undefined;
  };
  // A sphere a whole split leaves out had nobody; one a partial split leaves out is not known.
  const countOf = (meeting: Invitation | Restitution | undefined, sphere: string): number | undefined =>
    meeting?.bySphere?.[sphere] ?? (meeting && known(meeting) === meeting.dirigeants ? 0 : undefined);
  const rows: CompositionRow[] = spheres.map((sphere) => ({
    key: sphere,
    label: sphereLabel(sphere),
    invitation: cell(invitation, countOf(invitation, sphere)),
    restitution: cell(restitution, countOf(restitution, sphere)),
  }));
  if (restitution?.fromOutside !== undefined) {
    rows.push({
      key: 'outside',
      label: 'Venus de l’extérieur du territoire',
      invitation: cell(invitation, undefined),
      restitution: cell(restitution, restitution.fromOutside),
    });
  }
  const notSplit = [unsplit(invitation), unsplit(restitution)];
  if (notSplit.some((n) => n !== undefined)) {
    rows.push({ key: 'unknown', label: 'Sphère non précisée', invitation: cell(invitation, notSplit[0]), restitution: cell(restitution, notSplit[1]) });
  }
  rows.push({
    key: 'total',
    label: 'Total',
    invitation: invitation ? `${invitation.dirigeants}` : undefined,
    restitution: restitution ? `${restitution.dirigeants}` : undefined,
    total: true,
  });
  return rows;
}
