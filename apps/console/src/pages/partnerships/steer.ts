/**
 * Who steers a partnership from its page, and what its phase lets them do: the api's access table
 * (libs/auth/src/access/access-table.ts, `partnership.act` and `partnership.agree-objectives`) and the decider's phase
 * rules (libs/domain/src/partnership/decide.ts), as the console offers them. The api judges again on every command;
 * this only keeps the page from offering what would be refused. Pure, for the steering forms and their unit test.
 */
import { COMMITTEE_DECISIONS_MAX, DECISION_MAX_LENGTH, textLength } from '@catalyse/domain';
import type { Session } from '../../session';
import type { Board, Milestone } from './types';

/** How the signed-in person steers: an operator, a catalyseur who accompanies it, a partner of it; null: they do not. */
export type Steerer = { readonly role: 'operator' } | { readonly role: 'catalyseur' } | { readonly role: 'partner'; readonly orgId: string };

export function steererOf(session: Pick<Session, 'role' | 'sub' | 'org'> | null, board: Pick<Board, 'partners' | 'catalyseurs'>): Steerer | null {
  if (!session) return null;
  switch (session.role) {
    case 'operator':
      return { role: 'operator' };
    case 'catalyseur':
      // `catalyseur-of-partnership`: only the catalyseurs who accompany it act on it (docs/adr/0025).
      return (board.catalyseurs ?? []).includes(session.sub) ? { role: 'catalyseur' } : null;
    case 'partner':
      // `partner-of-partnership`: the token's organisation is one of its partners.
      return session.org !== undefined && board.partners.some((p) => p.orgId === session.org) ? { role: 'partner', orgId: session.org } : null;
    default:
      return null;
  }
}

/** The organisations whose objectives this person agrees: a partner its own (`own-org-objectives`), the others any partner. */
export function objectiveOrgs(steerer: Steerer, board: Pick<Board, 'partners'>): readonly string[] {
  const all = board.partners.map((p) => p.orgId);
  return steerer.role === 'partner' ? all.filter((id) => id === steerer.orgId) : all;
}

/** The partner the objectives form opens on: the first that has not agreed yet, else `current` (if still offered), else the first. */
export function objectivesPartner(orgs: readonly string[], objectives: Board['objectives'], current?: string): string {
  return orgs.find((o) => (objectives[o] ?? []).length === 0) ?? (current !== undefined && orgs.includes(current) ? current : (orgs[0] ?? ''));
}

/** The objectives the form shows checked for `orgId`: those it has agreed (none yet: none), so that sending unchanged changes nothing. */
export const agreedObjectives = (objectives: Board['objectives'], orgId: string): readonly string[] => objectives[orgId] ?? [];

/** What each phase accepts (the decider's `requirePhase`). A closed partnership accepts nothing. */
export type SteeringAction =
  | 'agree-objectives'
  | 'plan-milestone'
  | 'start-pilotage'
  | 'milestone-actions'
  | 'hold-steering-committee'
  | 'record-indicator'
  | 'open-evaluation'
  | 'assess-impact'
  | 'conclude-evaluation';

const BY_PHASE: Record<string, readonly SteeringAction[]> = {
  cadrage: ['agree-objectives', 'plan-milestone', 'start-pilotage', 'milestone-actions'],
  pilotage: ['plan-milestone', 'milestone-actions', 'hold-steering-committee', 'record-indicator', 'open-evaluation'],
  evaluation: ['assess-impact', 'record-indicator', 'conclude-evaluation'],
};

export function actionsOf(phase: string): readonly SteeringAction[] {
  return BY_PHASE[phase] ?? [];
}

/** A milestone still planned (neither reached nor dropped): it may be reached (in pilotage), rescheduled or dropped. */
export function isOpen(milestone: Pick<Milestone, 'status'>): boolean {
  return milestone.status !== 'reached' && milestone.status !== 'dropped';
}

/** The decisions of a committee as typed, one a line: trimmed, without blank lines. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * What keeps a committee's decisions from being recorded, said before sending (the api would answer a 400 in English
 * naming the field): more than the domain's `COMMITTEE_DECISIONS_MAX` lines, or one longer than `DECISION_MAX_LENGTH`.
 */
export function decisionsFault(text: string): string | undefined {
  const decisions = lines(text);
  if (decisions.length > COMMITTEE_DECISIONS_MAX) {
    return `Un comité enregistre ${COMMITTEE_DECISIONS_MAX} décisions au plus (une par ligne) : il y en a ${decisions.length}.`;
  }
  // Counted as the api and the domain count them (`textLength`): an emoji is one character, not two.
  const long = decisions.findIndex((decision) => textLength(decision) > DECISION_MAX_LENGTH);
  if (long >= 0) {
    return `La décision n° ${long + 1} fait ${textLength(decisions[long] ?? '').toLocaleString('fr-FR')} caractères : ${DECISION_MAX_LENGTH.toLocaleString('fr-FR')} au plus, raccourcissez-la.`;
  }
  return undefined;
}

/** The board shows the command once it is at the command's revision (the board's revision is its stream's). */
export function reflects(board: Pick<Board, 'revision'>, revision: number): boolean {
  return Number(board.revision) >= revision;
}

/** Today as a date input writes it (moved to the ui's words: the as-of picker bounds its date by it too). */
export { networkToday } from '../../ui/words';
