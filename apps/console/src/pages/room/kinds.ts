/**
 * The kinds of rooms, in French, and those the Salons page offers to filter by, per role: what each may open
 * (libs/auth/src/access/rules.ts, `room-open`). Pure, for the page and its unit test.
 */
import type { Role } from '../../session';

/** The kinds of rooms, in French. */
export const ROOM_KINDS: Record<string, string> = {
  territory: 'Territoire',
  theme: 'Thème',
  partnership: 'Partenariat',
  experimentation: 'Expérimentation',
  gathering: 'Rencontre',
  network: 'Réseau',
  ops: 'Opérations',
};

/**
 * The kinds of the filter of the Salons page: an operator every kind; a catalyseur every kind but the operators'
 * (`ops` rooms are opened by operators); a partner only the rooms of its partnerships (it may open no other kind).
 */
export function roomKindChoices(role: Role | undefined): [kind: string, label: string][] {
  const all = Object.entries(ROOM_KINDS);
  switch (role) {
    case 'operator':
      return all;
    case 'partner':
      return all.filter(([kind]) => kind === 'partnership');
    default:
      return all.filter(([kind]) => kind !== 'ops');
  }
}

/** What the Salons page says of its list: how many (and which of them it shows), or that there is none, once. */
export function roomListStatus(page: { readonly total: number; readonly offset: number; readonly shown: number }, archived: boolean, limit: number): string {
  if (page.total === 0) return archived ? 'Aucun salon archivé.' : 'Aucun salon pour l’instant.';
  const many = page.total > 1;
  const counted = `${page.total.toLocaleString('fr-FR')} salon${many ? 's' : ''}${archived ? ` archivé${many ? 's' : ''}` : ''}`;
  return page.total > limit ? `${counted} · ${page.offset + 1} à ${Math.min(page.offset + page.shown, page.total)}` : counted;
}
