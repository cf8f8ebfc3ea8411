import { CATALYSEUR_EVENT_TYPES, type CatalyseurEvent, catalyseurDecider, type KnownCatalyseur } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { roomKey } from '@catalyse/protocol';
import { deciderView } from '../decider-view';
import { type Change, readModel, type Route, type Tags } from '../read-model';
import type { Versioned } from '../streams';

/**
 * An entry of the catalyseur directory: the catalyseur as its decider folds
 * it, under the directory's names (`id` for `catalyseurId`). A catalyseur who
 * left keeps a card (status `left`, `leftAt`) so that history stays readable;
 * erasure of personal data comes with its own event (docs/adr/0006-personal-data.md).
 */
export interface CatalyseurCard extends Omit<KnownCatalyseur, 'catalyseurId'>, Versioned {
  readonly id: string;
}

/** The collection of the cards; tags: territory, sphere, skill (many), status. */
export const CATALYSEUR_CARDS = 'catalyseur';

/** The card of a state: `id` for `catalyseurId`; `joinedAt` and `leftAt` the event's time when it lacks them (older events). */
function toCard({ catalyseurId, ...state }: KnownCatalyseur, version: Versioned): CatalyseurCard {
  return {
    id: catalyseurId,
    ...state,
    joinedAt: state.joinedAt ?? version.updatedAt,
    ...(state.status === 'left' ? { leftAt: state.leftAt ?? version.updatedAt } : {}),
    ...version,
  };
}

/** The state inside a card. */
function toState({ id, revision: _revision, position: _position, updatedAt: _updatedAt, ...card }: CatalyseurCard): KnownCatalyseur {
  return { catalyseurId: id, ...card };
}

/** The tags a card is found by (see `CATALYSEUR_CARDS`). */
export function catalyseurTags(card: CatalyseurCard): Tags {
  return { territory: card.territory, sphere: card.sphere, skill: card.skills, status: card.status };
}

/**
 * `CatalyseurJoined` and `CatalyseurLeft` in `network` and `ops` (id, name,
 * territory, sphere: the join's own, or the card's when leaving); profile
 * updates appear nowhere.
 */
export function catalyseurRoutes(e: CatalyseurEvent, { after: card }: Change<CatalyseurCard>, catalyseurId: string): Route[] {
  if (e.type !== 'CatalyseurJoined' && e.type !== 'CatalyseurLeft') return [];
  const data =
    e.type === 'CatalyseurJoined'
      ? { catalyseurId, name: e.data.name, territory: e.data.territory, sphere: e.data.sphere }
      : card
        ? { catalyseurId, name: card.name, territory: card.territory, sphere: card.sphere }
        : { catalyseurId };
  return [
    { room: roomKey('network'), data },
    { room: roomKey('ops'), data },
  ];
}

const directory = deciderView({
  name: 'catalyseur-directory',
  category: 'catalyseur',
  collection: CATALYSEUR_CARDS,
  decider: catalyseurDecider,
  eventTypes: CATALYSEUR_EVENT_TYPES,
  toDoc: toCard,
  toState,
  tags: catalyseurTags,
  routes: catalyseurRoutes,
});

/** `catalyseur-{id}` → the network directory (collection `catalyseur`); feeds `network`, `ops`. */
export const catalyseurDirectory = readModel(directory);

/** The card after one event of its stream (the directory model's own `evolve`). */
export const evolveCatalyseurCard: (card: CatalyseurCard | undefined, event: RecordedEvent) => CatalyseurCard | undefined = directory.evolve;
