import type { AggregateCategory } from '@catalyse/domain';
import type { AnyFeedKind, Role } from '@catalyse/protocol';

/**
 * Who may do what: THE access table of Catalyse. One row per resource (an
 * aggregate, the operations, a kind of feed) and action, one rule per role.
 * The api's `AccessGuard` applies it to every HTTP route before validation,
 * the hub's gateway to every join, sync and post; a route or a feed kind
 * without a row does not compile (feeds) or is refused (routes), and the
 * access matrix tests walk every route of the OpenAPI document and every feed
 * kind for every role against it.
 *
 * Rules (`rules.ts` says exactly what each checks):
 * - `allow`, `deny` (the row's `refusal` is the message);
 * - `partner-of-partnership`: the partner's organisation is a partner of the partnership;
 * - `catalyseur-of-partnership`: the catalyseur accompanies the partnership (is assigned to it);
 * - `assign-catalyseur`: that, or a catalyseur assigns itself to a partnership nobody accompanies;
 * - `own-portfolio`: a catalyseur reads its own portfolio only (the path's or the feed's id is its token's subject);
 * - `own-org-objectives`: that, and objectives are agreed for its own organisation;
 * - `proposal-lists-own-org`: a partner proposes only a partnership that lists its organisation;
 * - `own-org-filter`: a partner lists the partnerships of its own organisation only;
 * - `self`: a catalyseur acts on its own profile (its token's subject);
 * - `own-org`: a partner reads its own organisation only (the path's id is its token's `org`);
 * - `accompanying-catalyseur`: a catalyseur acts on the accompaniments it holds only (opens them in its own name);
 * - `own-org-accompaniment`: a partner reads the accompaniments of its own organisation only;
 * - `room-enter`, `room-contribute`, `room-manage`, `room-leave-or-manage`, `room-archive`, `room-open`:
 *   the room rules, a room's kind before its members (ops rooms for operators, partnership rooms for that
 *   partnership's partners and the catalyseurs who accompany it, no other room for partners, members-only rooms).
 */
export type Rule =
  | 'allow'
  | 'deny'
  | 'partner-of-partnership'
  | 'catalyseur-of-partnership'
  | 'assign-catalyseur'
  | 'own-portfolio'
  | 'own-org-objectives'
  | 'proposal-lists-own-org'
  | 'own-org-filter'
  | 'self'
  | 'own-org'
  | 'accompanying-catalyseur'
  | 'own-org-accompaniment'
  | 'room-enter'
  | 'room-contribute'
  | 'room-manage'
  | 'room-leave-or-manage'
  | 'room-archive'
  | 'room-open';

/** What each role may do for one action. */
export type Grant = Readonly<Record<Role, Rule>>;

export interface ResourceAccess<Action extends string = string> {
  /** What a refused principal reads (`deny`). */
  readonly refusal: string;
  readonly actions: Readonly<Record<Action, Grant>>;
}

const everyone: Grant = { catalyseur: 'allow', partner: 'allow', operator: 'allow' };
const notPartners: Grant = { catalyseur: 'allow', partner: 'deny', operator: 'allow' };
const operatorsOnly: Grant = { catalyseur: 'deny', partner: 'deny', operator: 'allow' };
const partnersOfIt: Grant = { catalyseur: 'allow', partner: 'partner-of-partnership', operator: 'allow' };
/** A partnership's own business: its partners, the catalyseurs who accompany it, operators (docs/adr/0025-who-accompanies-a-partnership.md). */
const ofThePartnership: Grant = { catalyseur: 'catalyseur-of-partnership', partner: 'partner-of-partnership', operator: 'allow' };

/** The network's own work: run and read by catalyseurs, who animate it, and operators. */
const networkWork = (what: string): ResourceAccess<'create' | 'act' | 'read'> => ({
  refusal: `${what} are run and read by catalyseurs and operators; partners act in their own partnerships`,
  actions: { create: notPartners, act: notPartners, read: notPartners },
});

/** A feed of the whole network's life: catalyseurs and operators. */
const catalyseurFeed = (refusal: string): ResourceAccess<'read'> => ({ refusal, actions: { read: notPartners } });

export const ACCESS = {
  partnership: {
    refusal: 'partners act in their own partnerships; its catalyseurs are assigned and released by the catalyseurs who accompany it and operators',
    actions: {
      propose: { catalyseur: 'allow', partner: 'proposal-lists-own-org', operator: 'allow' },
      'agree-objectives': { catalyseur: 'catalyseur-of-partnership', partner: 'own-org-objectives', operator: 'allow' },
      act: ofThePartnership,
      assign: { catalyseur: 'assign-catalyseur', partner: 'deny', operator: 'allow' },
      release: { catalyseur: 'catalyseur-of-partnership', partner: 'deny', operator: 'allow' },
      // Boards, lists and recorded events: every catalyseur reads them, for the network's evaluation.
      list: { catalyseur: 'allow', partner: 'own-org-filter', operator: 'allow' },
      read: partnersOfIt,
    },
  },
  room: {
    refusal: 'partners see the rooms of their partnerships',
    actions: {
      open: { catalyseur: 'room-open', partner: 'room-open', operator: 'allow' },
      'manage-members': { catalyseur: 'room-manage', partner: 'room-manage', operator: 'allow' },
      leave: { catalyseur: 'room-leave-or-manage', partner: 'room-leave-or-manage', operator: 'allow' },
      post: { catalyseur: 'room-contribute', partner: 'room-contribute', operator: 'room-contribute' },
      retract: { catalyseur: 'room-enter', partner: 'room-enter', operator: 'allow' },
      archive: { catalyseur: 'room-archive', partner: 'room-archive', operator: 'allow' },
      read: { catalyseur: 'room-enter', partner: 'room-enter', operator: 'allow' },
      // `GET /api/rooms`: anyone signed in asks; the list holds only the rooms `room-enter` lets the caller into.
      list: everyone,
    },
  },
  catalyseur: {
    refusal: 'only catalyseurs (their own profile) and operators manage profiles',
    actions: {
      join: { catalyseur: 'self', partner: 'deny', operator: 'allow' },
      act: { catalyseur: 'self', partner: 'deny', operator: 'allow' },
      read: everyone,
      // `GET /api/catalyseurs/{id}/portfolio`: what a catalyseur accompanies, for itself and operators.
      portfolio: { catalyseur: 'own-portfolio', partner: 'deny', operator: 'allow' },
    },
  },
  gathering: networkWork('gatherings'),
  territory: networkWork('territories'),
  introduction: networkWork('introductions'),
  experimentation: networkWork('experimentations'),
  parcours: networkWork('parcours d’expérience'),
  organisation: {
    refusal: 'organisations are registered and acted on by catalyseurs and operators; a partner reads its own organisation only',
    actions: {
      create: notPartners,
      act: notPartners,
      read: { catalyseur: 'allow', partner: 'own-org', operator: 'allow' },
      // `GET /api/organisations`: a partner reads its own organisation by its id, not the list of the others.
      list: notPartners,
    },
  },
  accompaniment: {
    refusal: 'accompaniments are opened and acted on by catalyseurs and operators; a partner reads those of its own organisation only',
    actions: {
      // A catalyseur opens accompaniments in its own name, and only the one who holds an accompaniment acts on it.
      create: { catalyseur: 'accompanying-catalyseur', partner: 'deny', operator: 'allow' },
      act: { catalyseur: 'accompanying-catalyseur', partner: 'deny', operator: 'allow' },
      read: { catalyseur: 'allow', partner: 'own-org-accompaniment', operator: 'allow' },
      // `GET /api/accompaniments`: a partner finds its organisation's on its organisation's page, not in the list.
      list: notPartners,
    },
  },
  report: {
    refusal: 'evaluation reports are asked by operators and read by catalyseurs and operators',
    actions: { create: operatorsOnly, read: notPartners },
  },
  person: {
    refusal: 'erasing personal data, and reading whether it was, is for operators',
    actions: { act: operatorsOnly, read: operatorsOnly },
  },
  operations: { refusal: 'rebuilds are for operators', actions: { act: operatorsOnly, read: operatorsOnly } },
  exports: { refusal: 'exports of the log are for operators', actions: { read: operatorsOnly } },
  observatory: { refusal: 'the observatory is for catalyseurs and operators', actions: { read: notPartners } },
  'feed:network': catalyseurFeed('the network room is for catalyseurs'),
  'feed:ops': { refusal: 'the ops room is for operators', actions: { read: operatorsOnly } },
  'feed:partnership': {
    refusal: 'partners see the feeds of their partnerships, catalyseurs those of the partnerships they accompany',
    actions: { read: ofThePartnership },
  },
  'feed:room': {
    refusal: 'partners see the rooms of their partnerships',
    actions: {
      read: { catalyseur: 'room-enter', partner: 'room-enter', operator: 'allow' },
      post: { catalyseur: 'room-contribute', partner: 'room-contribute', operator: 'room-contribute' },
    },
  },
  'feed:territory': catalyseurFeed('the territory rooms are for catalyseurs'),
  'feed:theme': catalyseurFeed('the theme rooms are for catalyseurs'),
  'feed:experimentation': catalyseurFeed('the experimentation rooms are for catalyseurs'),
  'feed:gathering': catalyseurFeed('the gathering rooms are for catalyseurs'),
  // A catalyseur's portfolio (`portfolio:{catalyseurId}`): the catalyseur itself and operators.
  'feed:portfolio': {
    refusal: 'a portfolio is read by its catalyseur and operators',
    actions: { read: { catalyseur: 'own-portfolio', partner: 'deny', operator: 'allow' } },
  },
  'feed:organisation': {
    refusal: 'a partner follows its own organisation only',
    actions: { read: { catalyseur: 'allow', partner: 'own-org', operator: 'allow' } },
  },
} as const satisfies Readonly<Record<AggregateCategory | 'operations' | 'exports' | 'observatory' | `feed:${AnyFeedKind}`, ResourceAccess>>;

/** Anything the table has a row for. */
export type Resource = keyof typeof ACCESS;
/** The actions of a resource: `ActionOf<'room'>` is `'open' | 'manage-members' | …`. */
export type ActionOf<R extends Resource> = keyof (typeof ACCESS)[R]['actions'] & string;

/** The resource of a kind of feed. */
export const feedResource = (kind: AnyFeedKind): `feed:${AnyFeedKind}` => `feed:${kind}`;

/** The rule of a role for an action (the table's cell). */
export function ruleOf<R extends Resource>(resource: R, action: ActionOf<R>, role: Role): Rule {
  const actions: Readonly<Record<string, Grant>> = ACCESS[resource].actions;
  const grant = actions[action];
  if (!grant) throw new Error(`no access rule for ${action} on ${resource}`);
  return grant[role];
}
