import {
  CATALYSEUR_EVENT_TYPES,
  catalyseurDecider,
  type Decider,
  PARTNERSHIP_EVENT_TYPES,
  partnershipDecider,
  ROOM_EVENT_TYPES,
  roomDecider,
} from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';

type AnyDecider = Decider<unknown, { type: string; data: unknown }, unknown>;

/** The decider that owns each stream category (`{category}-{id}`) and the event types it knows. */
const CATEGORIES: Readonly<Record<string, { decider: AnyDecider; types: readonly string[] }>> = {
  partnership: { decider: partnershipDecider as unknown as AnyDecider, types: PARTNERSHIP_EVENT_TYPES },
  room: { decider: roomDecider as unknown as AnyDecider, types: ROOM_EVENT_TYPES },
  catalyseur: { decider: catalyseurDecider as unknown as AnyDecider, types: CATALYSEUR_EVENT_TYPES },
};

export interface VerifyProblem {
  readonly stream: string;
  readonly position: string;
  readonly problem: string;
}

export interface VerifyReport {
  readonly events: number;
  readonly streams: number;
  readonly problems: readonly VerifyProblem[];
}

/**
 * Re-folds every stream from the global log: revisions must be contiguous from 0
 * within each stream, positions strictly increasing, every stream must belong to
 * a known category, every event type must be one its decider knows, and every
 * event must fold. Holds one folded state per stream (not the events).
 */
export async function verifyLog(store: EventStore, onProgress?: (events: number) => void): Promise<VerifyReport> {
  const states = new Map<string, { revision: bigint; state: unknown }>();
  const problems: VerifyProblem[] = [];
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    for (const event of page) {
      events++;
      if (event.position <= after) problems.push({ stream: event.stream, position: event.position.toString(), problem: 'position not increasing' });
      after = event.position;
      const category = event.stream.slice(0, event.stream.indexOf('-'));
      const owner = CATEGORIES[category];
      if (!owner) {
        problems.push({ stream: event.stream, position: event.position.toString(), problem: `unknown stream category "${category}"` });
        continue;
      }
      const { decider, types } = owner;
      if (!types.includes(event.type)) {
        problems.push({ stream: event.stream, position: event.position.toString(), problem: `unknown event type "${event.type}"` });
      }
      const current = states.get(event.stream) ?? { revision: -1n, state: decider.initialState() };
      if (event.revision !== current.revision + 1n) {
        problems.push({
          stream: event.stream,
          position: event.position.toString(),
          problem: `revision ${event.revision} follows ${current.revision}`,
        });
      }
      try {
        states.set(event.stream, { revision: event.revision, state: decider.evolve(current.state, { type: event.type, data: event.data }) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        problems.push({ stream: event.stream, position: event.position.toString(), problem: `does not fold: ${reason}` });
      }
    }
    onProgress?.(events);
    if (page.length < 1000) break;
  }
  return { events, streams: states.size, problems };
}
