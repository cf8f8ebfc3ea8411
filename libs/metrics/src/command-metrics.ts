import { Histogram, type Registry } from 'prom-client';
import { registersOf } from './registry';

/** How a command ended: accepted, refused by a rule or bad input, refused on a stale revision, or failed on our side. */
export type CommandOutcome = 'ok' | 'refused' | 'conflict' | 'error';

/** The outcome of an answer by its HTTP status: 409 is a conflict, 5xx an error, any other 4xx a refusal. */
export function commandOutcomeOf(status: number): CommandOutcome {
  if (status < 400) return 'ok';
  if (status === 409) return 'conflict';
  return status >= 500 ? 'error' : 'refused';
}

/** Seconds: a command is a few milliseconds when the store is warm, a second is an incident. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One family per registry: the api and the hub of one process (the all-in-one) observe into the same histogram. */
const ofRegistry = new WeakMap<Registry, CommandMetrics>();

/**
 * Latency of the commands of the edges (the api's HTTP routes, the hub's `room:post`), by aggregate, domain command
 * and outcome.
 */
export class CommandMetrics {
  readonly duration: Histogram<'aggregate' | 'command' | 'outcome'>;

  /** The family of `registry`, created on first use (prom-client refuses a name registered twice); unregistered without one. */
  static of(registry: Registry | undefined): CommandMetrics {
    if (!registry) return new CommandMetrics();
    const known = ofRegistry.get(registry);
    if (known) return known;
    const created = new CommandMetrics(registry);
    ofRegistry.set(registry, created);
    return created;
  }

  constructor(registry?: Registry) {
    this.duration = new Histogram({
      name: 'catalyse_command_duration_seconds',
      help:
        'Commands over HTTP, from the api handing them to its one command path (authentication, access, rate limits and ' +
        "validation passed) to its answer: load, decide, append; and the hub's room:post (aggregate room, PostMessage) from " +
        'its payload validated to the event appended. command: the domain command (ProposePartnership). ' +
        'outcome: ok, refused (4xx: a rule of the domain, not found, an erased person), conflict (409: stale If-Match, ' +
        'a taken id), error (5xx)',
      labelNames: ['aggregate', 'command', 'outcome'],
      buckets: SECONDS,
      registers: registersOf(registry),
    });
  }

  observe(labels: { readonly aggregate: string; readonly command: string; readonly outcome: CommandOutcome }, seconds: number): void {
    this.duration.observe({ aggregate: labels.aggregate, command: labels.command, outcome: labels.outcome }, seconds);
  }
}
