import type { CatalyseurEvent } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import type { CatalyseurCard } from '../read-models';
import { versionOf } from '../streams';

export const CATALYSEUR_EVENT_TYPES: ReadonlySet<string> = new Set<CatalyseurEvent['type']>([
  'CatalyseurJoined',
  'ProfileUpdated',
  'CatalyseurLeft',
]);

export function isCatalyseurEvent(event: { readonly type: string }): boolean {
  return CATALYSEUR_EVENT_TYPES.has(event.type);
}

/**
 * Folds one recorded event of a `catalyseur-{id}` stream into the directory card.
 * Pure and total: unknown types leave the card as it is; events before
 * `CatalyseurJoined` leave it `undefined`. A catalyseur who left keeps a card
 * (status `left`) so that history stays readable; erasure of personal data
 * comes with its own event (docs/adr/0006-personal-data.md).
 */
export function evolveCatalyseurCard(card: CatalyseurCard | undefined, event: RecordedEvent): CatalyseurCard | undefined {
  if (!isCatalyseurEvent(event)) return card;
  const e = { type: event.type, data: event.data } as CatalyseurEvent;
  const version = versionOf(event);
  switch (e.type) {
    case 'CatalyseurJoined': {
      const { leftAt: _leftAt, ...rest } = card ?? ({} as Partial<CatalyseurCard>);
      void _leftAt;
      return {
        ...rest,
        id: e.data.catalyseurId,
        name: e.data.name,
        sphere: e.data.sphere,
        territory: e.data.territory,
        skills: e.data.skills ?? [],
        status: 'member',
        joinedAt: e.data.joinedAt ?? version.updatedAt,
        ...version,
      };
    }
    case 'ProfileUpdated': {
      if (!card) return undefined;
      const { name, sphere, territory, skills } = e.data;
      return {
        ...card,
        ...(name !== undefined ? { name } : {}),
        ...(sphere !== undefined ? { sphere } : {}),
        ...(territory !== undefined ? { territory } : {}),
        ...(skills !== undefined ? { skills } : {}),
        ...version,
      };
    }
    case 'CatalyseurLeft':
      if (!card) return undefined;
      return { ...card, status: 'left', leftAt: e.data.leftAt ?? version.updatedAt, ...version };
    default: {
      const unreachable: never = e;
      void unreachable;
      return card;
    }
  }
}

/** The tags a card is found by (see `COLLECTIONS.catalyseurs`). */
export function catalyseurTags(card: CatalyseurCard): Record<string, string | readonly string[]> {
  return { territory: card.territory, sphere: card.sphere, skill: card.skills, status: card.status };
}
