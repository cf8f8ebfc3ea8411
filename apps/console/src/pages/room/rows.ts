/**
 * What the live room page shows of a room, from what the client keeps: its entries (in seq order,
 * each once), the posts waiting in the outbox and those the hub refused. Pure, for the page and
 * its unit tests.
 */
import type { FeedEntry } from '@catalyse/protocol';
import { errorText, type ErrorLike } from '../../ui/errors';
import { recordedLater } from '../../ui/feed-order';
import { describeOpsEntry } from '../operations/ops-rows';

/** A person's name by id (the id itself when unknown). */
export type PersonName = (id: string) => string;
const asIs: PersonName = (id) => id;

/** The roles a person in a room may have besides catalyseur, in words. */
const ROLE_LABELS: Record<string, string> = { operator: 'Opérateur·rice', partner: 'Partenaire' };

/**
 * A person who is no catalyseur (no card names them), shown readably: « Opérateur·rice (op-1) » when their role is
 * known (an entry's `authorRole`…, or the signed-in person's own), else their id.
 */
export function personLabel(id: string, role: string | undefined): string {
  const label = role === undefined ? undefined : ROLE_LABELS[role];
  return label ? `${label} (${id})` : id;
}

const PERSON_FIELDS = ['authorId', 'recordedBy', 'openedBy', 'memberId', 'retractedBy', 'archivedBy'] as const;

/**
 * The catalyseurs a room's entries name (authors, who opened it, members…): the page reads their names from their
 * cards. Left out, as no catalyseur's card can name them: an id whose entry says its role and it is not a catalyseur
 * (`authorRole`, `recordedByRole`…, when the entry carries one), and `notCatalyseurs` (the signed-in operator or
 * partner: the page knows its own role).
 */
export function personIds(entries: readonly FeedEntry[], notCatalyseurs: readonly string[] = []): string[] {
  const ids = new Set<string>();
  const others = new Set(notCatalyseurs);
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    for (const field of PERSON_FIELDS) {
      const id = data[field];
      if (typeof id !== 'string' || !id) continue;
      const role = data[`${field.replace(/Id$/, '')}Role`];
      if (typeof role === 'string' && role !== 'catalyseur') others.add(id);
      ids.add(id);
    }
  }
  return [...ids].filter((id) => !others.has(id));
}

/**
 * The roles the entries give the people they name (`authorRole`, `openedByRole`…): a person named once with a role
 * is named with it everywhere on the page (presence, messages, « Salon ouvert par … »), not only where that entry is.
 */
export function rolesIn(entries: readonly FeedEntry[]): ReadonlyMap<string, string> {
  const roles = new Map<string, string>();
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    for (const field of PERSON_FIELDS) {
      const id = data[field];
      const role = data[`${field.replace(/Id$/, '')}Role`];
      if (typeof id === 'string' && id && typeof role === 'string') roles.set(id, role);
    }
  }
  return roles;
}

/** One row of the room's feed, as the page shows it. */
export type FeedRow =
  | {
      readonly type: 'message';
      readonly key: string;
      readonly messageId: string;
      readonly author: string;
      readonly text: string;
      readonly at: string;
      readonly pending: false;
    }
  | { readonly type: 'pending'; readonly key: string; readonly author: string; readonly text: string; readonly at?: string; readonly pending: true }
  /**
   * A post that did not go: refused by the hub (`sent: 'no'`, « non envoyé »), or given up by the client without an
   * answer (`sent: 'maybe'`: its connection closed each time it was sent, the hub may have published it).
   */
  | {
      readonly type: 'failed';
      readonly key: string;
      readonly author: string;
      readonly text: string;
      readonly at?: string;
      readonly error: string;
      readonly sent: 'no' | 'maybe';
    }
  | { readonly type: 'decision'; readonly key: string; readonly author: string; readonly text: string; readonly at: string }
  /** `late`: its fact happened before one recorded before it (`ui/feed-order.ts`: « enregistré après coup »). */
  | { readonly type: 'event'; readonly key: string; readonly text: string; readonly at: string; readonly late: boolean };

/** A post of the outbox (or refused by the hub), as the client hands it. */
export interface OutboxPost {
  readonly clientMsgId: string;
  readonly text: string;
  readonly createdAt: string;
}

/**
 * The rows of the feed: the entries, then the refused posts, then the pending ones. A pending
 * post whose entry was already delivered (the hub may send it just before the post's ack), or one
 * given up without an answer whose entry came, is shown once, as delivered.
 */
export function feedRows(
  entries: readonly FeedEntry[],
  pending: readonly OutboxPost[],
  failed: readonly (OutboxPost & { readonly error: ErrorLike })[],
  me: string,
  nameOf: PersonName = asIs,
  /** The first entry drawn (`window.ts`): the rows of the entries before it are not made (their retractions count). */
  from = 0,
): FeedRow[] {
  const delivered = new Set(entries.filter((e) => e.kind === 'MessagePosted').map((e) => clientMsgIdOf(e, me)));
  const late = recordedLater(entries.map((e) => e.at));
  return [
    ...withRetractions(
      entries.slice(from).map((entry, i) => toRow(entry, nameOf, late[from + i] === true)),
      entries,
    ),
    // A post given up without an answer whose entry is in the feed was published: shown once, as delivered (a refused
    // one stays, even when an earlier post used its clientMsgId: that is why it was refused).
    ...failed
      .filter((p) => p.error.code !== 'UNANSWERED' || !delivered.has(p.clientMsgId))
      .map((p): FeedRow => ({
        type: 'failed',
        key: `failed-${p.clientMsgId}`,
        author: nameOf(me),
        text: p.text,
        at: p.createdAt,
        error: errorText(p.error),
        sent: p.error.code === 'UNANSWERED' ? 'maybe' : 'no',
      })),
    ...pending
      .filter((p) => !delivered.has(p.clientMsgId))
      .map((p): FeedRow => ({ type: 'pending', key: `pending-${p.clientMsgId}`, author: nameOf(me), text: p.text, at: p.createdAt, pending: true })),
  ];
}

/**
 * What a failed post's row says of it, and what it offers: a refused post was not sent (« Retirer »); a post given up
 * without an answer may have been published, so it is neither called « non envoyé » nor sent again blindly: the reader
 * checks the feed, then sends it again (its entry absent) or takes it out.
 */
export function failedPostWords(sent: 'no' | 'maybe'): { readonly tag: string; readonly resend?: string; readonly dismiss: string } {
  return sent === 'maybe'
    ? { tag: 'peut-être envoyé — vérifiez le fil', resend: 'Absent du fil : le renvoyer', dismiss: 'Retirer' }
    : { tag: 'non envoyé', dismiss: 'Retirer' };
}

/** A retracted message keeps its place in the feed, without its text. */
function withRetractions(rows: FeedRow[], entries: readonly FeedEntry[]): FeedRow[] {
  const retracted = new Set(entries.filter((e) => e.kind === 'MessageRetracted').map((e) => (e.data as { messageId?: unknown } | null)?.messageId));
  if (retracted.size === 0) return rows;
  return rows.map((row) => (row.type === 'message' && retracted.has(row.messageId) ? { ...row, text: '(message retiré)' } : row));
}

/** The `clientMsgId` of one of my messages (undefined for the others'). */
function clientMsgIdOf(entry: FeedEntry, me: string): string | undefined {
  const data = (entry.data ?? {}) as { authorId?: unknown; clientMsgId?: unknown };
  return data.authorId === me && typeof data.clientMsgId === 'string' ? data.clientMsgId : undefined;
}

function toRow(entry: FeedEntry, nameOf: PersonName, late: boolean): FeedRow {
  const key = `${entry.epoch}-${entry.seq}`;
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const str = (name: string): string => (typeof data[name] === 'string' ? (data[name] as string) : '');
  const who = (name: string): string => {
    const id = str(name);
    if (!id) return '';
    const role = data[`${name.replace(/Id$/, '')}Role`];
    return typeof role === 'string' && role !== 'catalyseur' ? personLabel(id, role) : nameOf(id);
  };
  switch (entry.kind) {
    case 'MessagePosted':
      return {
        type: 'message',
        key: `message-${str('messageId') || key}`,
        messageId: str('messageId'),
        author: who('authorId'),
        text: str('text'),
        at: entry.at,
        pending: false,
      };
    case 'DecisionRecorded':
      return { type: 'decision', key, author: who('recordedBy'), text: str('text'), at: entry.at };
    default:
      return { type: 'event', key, text: describe(entry.kind, str, who, data), at: entry.at, late };
  }
}

/** The other facts the wide feeds (network, ops, partnerships) carry, in French. */
const EVENT_NAMES: Record<string, string> = {
  PartnershipProposed: 'Partenariat proposé',
  ObjectivesAgreed: 'Objectifs convenus',
  MilestonePlanned: 'Jalon planifié',
  MilestoneReached: 'Jalon atteint',
  MilestoneRescheduled: 'Jalon replanifié',
  MilestoneDropped: 'Jalon abandonné',
  MilestoneDueSoon: 'Rappel d’échéance',
  PilotageStarted: 'Pilotage commencé',
  SteeringCommitteeHeld: 'Comité de pilotage tenu',
  IndicatorRecorded: 'Indicateur mesuré',
  EvaluationOpened: 'Évaluation ouverte',
  ImpactAssessed: 'Impact évalué',
  EvaluationConcluded: 'Évaluation conclue',
  PartnershipRenewed: 'Partenariat renouvelé',
  PartnershipClosed: 'Partenariat clos',
  CatalyseurAssigned: 'Un catalyseur accompagne le partenariat',
  CatalyseurReleased: 'Un catalyseur n’accompagne plus le partenariat',
  CatalyseurJoined: 'Un catalyseur rejoint le réseau',
  ProfileUpdated: 'Profil de catalyseur mis à jour',
  CatalyseurLeft: 'Un catalyseur quitte le réseau',
  PilotProgressRecorded: 'Avancement d’un territoire pilote',
  ParcoursCompleted: 'Parcours d’expérience terminé',
};

/**
 * Other entries of a feed, told in French; what the wide feeds carry besides (gatherings, experimentations, parcours:
 * the network's and the operators' feeds) as the Opérations page tells it.
 */
function describe(kind: string, str: (name: string) => string, who: (name: string) => string, data: Readonly<Record<string, unknown>>): string {
  switch (kind) {
    case 'RoomOpened':
      return `Salon ouvert par ${who('openedBy')} : ${str('title')}`;
    case 'MemberAdded':
      return `${who('memberId')} rejoint le salon`;
    case 'MemberRemoved':
      return `${who('memberId')} quitte le salon`;
    case 'MessageRetracted':
      return `Un message a été retiré par ${who('retractedBy')}`;
    case 'RoomArchived':
      return `Salon archivé par ${who('archivedBy')}`;
    default:
      return EVENT_NAMES[kind] ?? describeOpsEntry(kind, data);
  }
}
