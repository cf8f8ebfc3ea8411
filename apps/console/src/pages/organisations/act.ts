/**
 * Who acts on an organisation from its page, what each form sends, and when the page shows what was sent: the api's
 * access table (libs/auth/src/access/access-table.ts, `organisation` and `accompaniment`: catalyseurs and operators
 * act, a catalyseur only on the accompaniments it holds; a partner reads its own organisation only) and the bodies of
 * libs/api-http/src/organisations/dto.ts and libs/api-http/src/accompaniments/dto.ts. The api judges again on every
 * command; this only keeps the page from offering what would be refused. Pure, for the forms and their unit test.
 */
import type { Session } from '../../session';

/** Who acts on organisations: an operator or a catalyseur (`null`: a partner, or nobody signed in, reads only). */
export type Actor = { readonly role: 'operator' } | { readonly role: 'catalyseur'; readonly sub: string };

export function actorOf(session: Pick<Session, 'role' | 'sub'> | null): Actor | null {
  if (session?.role === 'operator') return { role: 'operator' };
  if (session?.role === 'catalyseur') return { role: 'catalyseur', sub: session.sub };
  return null;
}

/** An accompaniment as the organisation's page lists it (what these rules read of it). */
export interface AccompanimentRow {
  readonly accompanimentId: string;
  readonly catalyseurId: string;
  readonly status: string;
  readonly sessionCount: number;
  readonly maturity?: string;
}

/** `accompanying-catalyseur`: the catalyseur who holds it, or an operator; and only while it is open. */
export function actsOn(actor: Actor | null, a: Pick<AccompanimentRow, 'catalyseurId' | 'status'>): boolean {
  if (actor === null || a.status === 'closed') return false;
  return actor.role === 'operator' || actor.sub === a.catalyseurId;
}

/** What the registration form holds, as typed. */
export interface RegistrationForm {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly size: string;
  readonly territory: string;
  readonly registryNumber: string;
}

/**
 * `POST /api/organisations`: trimmed, the registry number without the spaces people type in it (« 775 672 272 »:
 * the api wants it written without them) and left out when empty.
 */
export function registrationBody(form: RegistrationForm): Record<string, string> {
  const registryNumber = registryNumberAsSent(form.registryNumber);
  return {
    id: form.id.trim(),
    name: form.name.trim(),
    kind: form.kind,
    size: form.size,
    territory: form.territory,
    ...(registryNumber ? { registryNumber } : {}),
  };
}

/**
 * The id a name suggests (« Centre social de Privas » → `centre-social-de-privas`): lower case, without accents,
 * words joined by dashes, at most 100 characters (the api's identifiers: letters, digits and . _ ~ -).
 */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’']/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

/** A SIREN or RNA number as sent: without spaces, an RNA's `w` upper-case. */
export const registryNumberAsSent = (typed: string): string => typed.replace(/\s+/g, '').replace(/^w/, 'W');

/** A profile as the page shows it (what the update form starts from). */
export interface Profile {
  readonly name: string;
  readonly kind: string;
  readonly size: string;
  readonly territoryId: string;
  readonly registryNumber?: string;
}

/**
 * `POST /api/organisations/{id}/update-profile`: only what changed (the api takes the fields given, at least one).
 * Empty: nothing changed, nothing to send. A registry number cleared is not sent (the api cannot remove one).
 */
export function profileChanges(current: Profile, form: Omit<RegistrationForm, 'id'>): Record<string, string> {
  const name = form.name.trim();
  const registryNumber = registryNumberAsSent(form.registryNumber);
  return {
    ...(name !== '' && name !== current.name ? { name } : {}),
    ...(form.kind !== current.kind ? { kind: form.kind } : {}),
    ...(form.size !== current.size ? { size: form.size } : {}),
    ...(form.territory !== '' && form.territory !== current.territoryId ? { territory: form.territory } : {}),
    ...(registryNumber !== '' && registryNumber !== (current.registryNumber ?? '') ? { registryNumber } : {}),
  };
}

/** The topics of a session as typed, one a line or separated by commas or semicolons: trimmed, each once. */
export function topicsOf(text: string): string[] {
  const topics = text
    .split(/[\n;,]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return [...new Set(topics)];
}

/** What the page must show once the command is in it: then the form says « Enregistré. ». */
export type Expected =
  /** The organisation's own document at the command's revision (its stream's). */
  | { readonly kind: 'organisation'; readonly revision: number }
  /** An accompaniment listed. */
  | { readonly kind: 'opened'; readonly accompanimentId: string }
  /** At least that many sessions. */
  | { readonly kind: 'session'; readonly accompanimentId: string; readonly sessions: number }
  /** That maturity seen. */
  | { readonly kind: 'maturity'; readonly accompanimentId: string; readonly maturity: string }
  | { readonly kind: 'closed'; readonly accompanimentId: string };

/** Whether the page read shows what was sent. */
export function shows(view: { readonly revision: number | string; readonly accompaniments: readonly AccompanimentRow[] }, expected: Expected): boolean {
  if (expected.kind === 'organisation') return Number(view.revision) >= expected.revision;
  const a = view.accompaniments.find((x) => x.accompanimentId === expected.accompanimentId);
  if (a === undefined) return false;
  switch (expected.kind) {
    case 'opened':
      return true;
    case 'session':
      return a.sessionCount >= expected.sessions;
    case 'maturity':
      return a.maturity === expected.maturity;
    case 'closed':
      return a.status === 'closed';
  }
}
