import { idempotentEventId, schemaVersionFor } from '@catalyse/commands';
import type { Message } from '@catalyse/domain';
import type { EventStore, EventToAppend } from '@catalyse/event-store';
import type { ScriptPlan } from './load-script';
import type { StreamScript } from './script';

/** The events command `index` of the script decides in `state`; a refusal means the script is wrong. */
export function decideStep(plan: StreamScript, index: number, state: unknown): readonly Message<string, unknown>[] {
  const step = plan.steps[index] as (typeof plan.steps)[number];
  try {
    return plan.decider.decide(step.command, state);
  } catch (error) {
    throw new Error(
      `the script is wrong: command ${index} (${step.command.type}) of ${plan.stream} is refused: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The events `loadScript` would write for one stream, decided by the pure
 * decider alone, with the ids and metadata `CommandHandler` gives them (the
 * same idempotency keys `{source}-{index}`, hence the same event ids): a
 * stream loaded either way holds the same events. Throws when the script is
 * wrong (a command its decider refuses).
 */
export function decidedEvents(plan: StreamScript, source: string): EventToAppend[] {
  const out: EventToAppend[] = [];
  let state = plan.decider.initialState();
  for (let index = 0; index < plan.steps.length; index++) {
    const step = plan.steps[index] as (typeof plan.steps)[number];
    const emitted = decideStep(plan, index, state);
    state = emitted.reduce(plan.decider.evolve, state);
    const key = `${source}-${index}`;
    const correlationId = `${source}:${plan.stream}:${index}`;
    emitted.forEach((event, i) =>
      out.push({
        id: idempotentEventId(plan.stream, step.actor, key, i),
        type: event.type,
        data: event.data,
        metadata: {
          correlationId,
          causationId: correlationId,
          actor: step.actor,
          occurredAt: step.at,
          schemaVersion: schemaVersionFor(plan.stream, event.type),
          idempotencyKey: key,
          // As CommandHandler stamps a keyed command's events: its type beside its key.
          command: step.command.type,
        },
      }),
    );
  }
  return out;
}

export interface BulkLoadOptions {
  readonly source: string;
  /** Streams appended at once. Default 8. */
  readonly concurrency?: number;
  /** Called after each stream with the events written so far. */
  readonly onProgress?: (written: number) => void;
}

/**
 * Writes a script into an empty store, each stream in one append of its
 * decided events (`expectedRevision: 'no_stream'`): the same events as
 * `loadScript`, without a command round trip per step, for histories of
 * millions of events (the bench). Run twice, the store sees the same event ids
 * and writes nothing (an idempotent retry); a stream that holds anything else is
 * refused (`WrongExpectedRevisionError`): this is for a fresh store, not a resume.
 */
export async function bulkLoadScript(
  events: EventStore,
  plan: ScriptPlan,
  options: BulkLoadOptions,
): Promise<{ readonly streams: number; readonly events: number }> {
  let streams = 0;
  let written = 0;
  const iterator = plan.streams[Symbol.iterator]();
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      const decided = decidedEvents(next.value, options.source);
      if (decided.length > 0) await events.append(next.value.stream, decided, { expectedRevision: 'no_stream' });
      streams++;
      written += decided.length;
      options.onProgress?.(written);
    }
  });
  await Promise.all(workers);
  return { streams, events: written };
}
