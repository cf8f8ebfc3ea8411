import type { EventStore, EventToAppend, RecordedEvent } from '@catalyse/event-store';
import { decidedEvents } from './decided-events';
import type { StreamScript } from './script';

/**
 * The index of the first command of `plan` not stored yet, or why the stream
 * cannot be resumed (in French, as the operator reads it).
 *
 * The script's events are decided by the pure decider alone, with the ids its
 * idempotency keys `{source}-{index}` give them (`decidedEvents`), and compared
 * one by one with the stream's first events: the same id, type, actor and date
 * (`occurredAt`). Their data is not compared: an erasure rewrites a person's
 * fields and names in place (docs/adr/0006-personal-data.md), and the event is
 * still the one the script wrote. Then:
 *
 * - the stream holds the script's events, and maybe more after them (a
 *   reminder of the projector, a user's later command): every command is done;
 * - it holds a beginning of them ending with a command's last event (a run
 *   stopped half way): the commands after it are to run, those that write
 *   nothing right after it being done too;
 * - anything else (an event that is not the script's within the script's
 *   length, another seed's history, a command's events cut short) diverges.
 */
export async function resumeIndex(events: EventStore, plan: StreamScript, source: string): Promise<number | string> {
  const [last] = await events.readStream(plan.stream, { from: 'end', direction: 'backwards', limit: 1 });
  if (!last) return 0;
  const decided = decidedEvents(plan, source);
  const stored = await firstEvents(events, plan.stream, decided.length);
  for (const [i, event] of stored.entries()) {
    const difference = differenceOf(event, decided[i] as EventToAppend);
    if (difference) return `son événement ${i} ${difference}`;
  }
  if (stored.length === decided.length) return plan.steps.length;
  // A beginning of the script's events: it must end where a command's events end.
  const next = commandOf(decided[stored.length] as EventToAppend, source);
  if (stored.length > 0 && commandOf(decided[stored.length - 1] as EventToAppend, source) === next) {
    return `il contient ${stored.length} événements, qui s’arrêtent au milieu de ceux de la commande ${next} du script`;
  }
  return next;
}

/** The stream's first `count` events at most, page by page. */
async function firstEvents(events: EventStore, stream: string, count: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  while (out.length < count) {
    const limit = Math.min(500, count - out.length);
    const page = await events.readStream(stream, { from: BigInt(out.length), direction: 'forwards', limit });
    out.push(...page);
    if (page.length < limit) break;
  }
  return out;
}

/** How a stored event differs from the script's (French, after « son événement i »), or `undefined` when it is the script's. */
function differenceOf(stored: RecordedEvent, expected: EventToAppend): string | undefined {
  if (stored.type !== expected.type) return `est ${stored.type}, celui du script est ${expected.type}`;
  const [actor, at] = [stored.metadata.actor, stored.metadata.occurredAt];
  const [scriptActor, scriptAt] = [expected.metadata.actor, expected.metadata.occurredAt];
  if (actor !== scriptActor || at !== scriptAt) {
    return `(${stored.type}) est de ${actor} le ${at}, celui du script de ${scriptActor} le ${scriptAt}`;
  }
  if (stored.id !== expected.id) return `(${stored.type}) n’a pas été écrit par le script (son identifiant n’est pas celui du script)`;
  return undefined;
}

/** The index of the script's command that writes `event` (its idempotency key is `{source}-{index}`). */
function commandOf(event: EventToAppend, source: string): number {
  return Number(String(event.metadata['idempotencyKey']).slice(source.length + 1));
}
