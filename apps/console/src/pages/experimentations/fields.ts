/** The fields of an experimentation's page that the read model may leave out, in French (pure: unit-tested). */

/** The invitation au dialogue as the read model gives it: `volunteers` only when it was recorded. */
export interface Invitation {
  readonly invitedOn: string;
  readonly dirigeants: number;
  readonly volunteers?: number;
}

/** The essaimage decision: the territories only when it spreads. */
export interface Essaimage {
  readonly essaimer: boolean;
  readonly territories?: readonly string[];
  readonly decidedOn: string;
}

/** « 142 (40 volontaires) », « 20 » when the volunteers were not recorded, « — » without invitation. */
export function invitationText(invitation: Invitation | undefined): string {
  if (!invitation) return '—';
  const { dirigeants, volunteers } = invitation;
  if (typeof volunteers !== 'number') return `${dirigeants}`;
  return `${dirigeants} (${volunteers} ${volunteers > 1 ? 'volontaires' : 'volontaire'})`;
}

/** « oui : Gironde, Landes », « oui » when no territory is named, « non », or « pas encore décidé ». */
export function essaimageText(essaimage: Essaimage | undefined): string {
  if (!essaimage) return 'pas encore décidé';
  if (!essaimage.essaimer) return 'non';
  const territories = essaimage.territories ?? [];
  return territories.length > 0 ? `oui : ${territories.join(', ')}` : 'oui';
}
