import { AGGREGATE_CATEGORIES, AGGREGATES, type CalendarDate, happenedAt, type Instant, notAfter } from '@catalyse/domain';
import { decidedEvents, type StreamScript } from '@catalyse/operations';

/** The network's time zone: a calendar date is compared with an instant on the day of that instant in Paris. */
const TIME_ZONE = 'Europe/Paris';

/** An event of a script dated out of the history's order. */
export interface TimeOrderProblem {
  readonly stream: string;
  /** Its index in the stream's events. */
  readonly index: number;
  readonly type: string;
  /** When it happened (the happened clock: its own date, else its `occurredAt`). */
  readonly at: CalendarDate | Instant;
  readonly reason: string;
}

const categoryOf = (stream: string): string => {
  // The longest category that prefixes the stream's name (no category is then mistaken for a shorter one).
  const category = AGGREGATE_CATEGORIES.filter((c) => stream.startsWith(`${c}-`)).sort((a, b) => b.length - a.length)[0];
  if (category === undefined) throw new Error(`stream ${stream} is of no aggregate`);
  return category;
};

/** Every string an event carries (its data, deep, and who sent it): the ids of what it refers to are among them. */
function stringsOf(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

/** A stream's events as written: their type, data, and the metadata the command path gives them. */
export interface WrittenStream {
  readonly stream: string;
  readonly events: readonly {
    readonly type: string;
    readonly data: unknown;
    readonly metadata?: { readonly occurredAt?: string; readonly actor?: string } | undefined;
  }[];
}

/**
 * Where a history is out of time order, on the happened clock (`happenedAt`:
 * the date an event carries as the day its fact happened, else its
 * `occurredAt`, compared at day precision in Paris as the as-of views compare
 * them):
 * - along a stream, an event dated before the one written before it;
 * - an event dated before the creation (the first event) of an aggregate of
 *   the history it belongs to or refers to: any string of its data, or its
 *   actor, that is the id of another stream of the history (a territory, a
 *   catalyseur, a gathering, a partnership, an experimentation...).
 * Empty when the history is in order.
 */
export function timeOrderProblemsOf(streams: Iterable<WrittenStream>): TimeOrderProblem[] {
  const dated = [...streams].map(({ stream, events }) => {
    const category = categoryOf(stream);
    return {
      stream,
      events: events.map((e) => ({
        type: e.type,
        data: e.data,
        actor: e.metadata?.actor,
        at: happenedAt(category, { type: e.type, data: e.data, position: 0n, recordedAt: '', metadata: { occurredAt: e.metadata?.occurredAt } }),
      })),
    };
  });
  const createdAt = new Map<string, CalendarDate | Instant>();
  for (const { stream, events } of dated) {
    const first = events[0];
    if (first) createdAt.set(stream, first.at);
  }

  const problems: TimeOrderProblem[] = [];
  for (const { stream, events } of dated) {
    events.forEach((event, index) => {
      const problem = (reason: string): void => void problems.push({ stream, index, type: event.type, at: event.at, reason });
      const previous = events[index - 1];
      if (previous && !notAfter(previous.at, event.at, TIME_ZONE)) problem(`dated before the event written before it (${previous.type}, ${previous.at})`);
      const refs = stringsOf(event.data, new Set(event.actor === undefined ? [] : [event.actor]));
      for (const id of refs) {
        for (const category of AGGREGATE_CATEGORIES) {
          const other = AGGREGATES[category].streamOf(id);
          const created = other === stream ? undefined : createdAt.get(other);
          if (created !== undefined && !notAfter(created, event.at, TIME_ZONE)) problem(`dated before ${other} exists (${created})`);
        }
      }
    });
  }
  return problems;
}

/** The same over the events a script writes (`decidedEvents`, as `loadScript` writes them); a command a decider refuses throws. */
export function timeOrderProblems(streams: Iterable<StreamScript>): TimeOrderProblem[] {
  return timeOrderProblemsOf([...streams].map((plan) => ({ stream: plan.stream, events: decidedEvents(plan, 'time-order') })));
}
