import { aggregateOf } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';

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
      const owner = aggregateOf(event.stream);
      if (!owner) {
        const category = event.stream.slice(0, Math.max(0, event.stream.indexOf('-')));
        problems.push({ stream: event.stream, position: event.position.toString(), problem: `unknown stream category "${category}"` });
        continue;
      }
      const { decider, eventTypes } = owner;
      if (!eventTypes.includes(event.type)) {
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
