import type { CommandHandler } from '@catalyse/commands';
import type { Message } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import type { StreamScript } from './script';

/** What to load: streams given lazily (a synthetic history may not fit in memory at once), and how many. */
export interface ScriptPlan {
  readonly streams: Iterable<StreamScript>;
  readonly streamCount: number;
}

export interface LoadProgress {
  /** Streams loaded (or found loaded) so far. */
  readonly streams: number;
  readonly totalStreams: number;
  /** Commands that wrote events so far. */
  readonly applied: number;
}

export interface LoadReport {
  readonly streams: number;
  readonly commands: number;
  /** Commands that wrote events in this run. */
  readonly applied: number;
  /** Commands found already carried out by an earlier run (nothing written). */
  readonly alreadyDone: number;
  /** Streams whose stored history is not a prefix of the script (changed by users since): left alone. */
  readonly diverged: readonly { readonly stream: string; readonly reason: string }[];
}

export interface LoadOptions {
  /** Streams loaded at once (commands of one stream always run in order). Default 8. */
  readonly concurrency?: number;
  /** Prefix of the correlation ids and idempotency keys (`demo`, `generate`). */
  readonly source: string;
  readonly onProgress?: (progress: LoadProgress) => void;
}

/**
 * Loads a script through the same command path as users (`CommandHandler`:
 * load, pure `decide`, append with the expected revision), so every rule of
 * the domain applies. Idempotent: for each stream it first plays the script
 * through the pure decider alone to know how many events each command writes,
 * compares with what the stream holds, and runs only the commands after the
 * last one already stored. A second run writes nothing; a run stopped half way
 * resumes where it stopped. A stream that holds something else than the
 * script's beginning (users changed it) is reported and left alone.
 *
 * Each command also carries a deterministic idempotency key
 * (`{source}-{index}`), so two loads racing on one stream write once.
 */
export async function loadScript(events: EventStore, commands: CommandHandler, plan: ScriptPlan, options: LoadOptions): Promise<LoadReport> {
  let streams = 0;
  let total = 0;
  let applied = 0;
  let alreadyDone = 0;
  const diverged: { stream: string; reason: string }[] = [];
  let lastReport = 0;
  const report = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onProgress?.({ streams, totalStreams: plan.streamCount, applied });
  };

  const loadStream = async (stream: StreamScript): Promise<void> => {
    total += stream.steps.length;
    const from = await resumeIndex(events, stream);
    if (typeof from === 'string') {
      diverged.push({ stream: stream.stream, reason: from });
      return;
    }
    alreadyDone += from;
    for (let index = from; index < stream.steps.length; index++) {
      const step = stream.steps[index] as (typeof stream.steps)[number];
      const result = await commands.handle(stream.decider, stream.stream, step.command, {
        actor: step.actor,
        correlationId: `${options.source}:${stream.stream}:${index}`,
        occurredAt: step.at,
        idempotencyKey: `${options.source}-${index}`,
      });
      if (result.events.length > 0) applied++;
      else alreadyDone++;
    }
  };

  const iterator = plan.streams[Symbol.iterator]();
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      await loadStream(next.value);
      streams++;
      report();
    }
  });
  await Promise.all(workers);
  report(true);
  return { streams, commands: total, applied, alreadyDone, diverged };
}

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
 * The index of the first command of `plan` not stored yet, or why the stream
 * cannot be resumed. Plays the commands through the pure decider: command i
 * writes `counts[i]` events; the stream holds `stored` events; the commands
 * whose events add up to `stored` are done.
 */
async function resumeIndex(events: EventStore, plan: StreamScript): Promise<number | string> {
  const [last] = await events.readStream(plan.stream, { from: 'end', direction: 'backwards', limit: 1 });
  const stored = last ? Number(last.revision) + 1 : 0;
  if (stored === 0) return 0;
  let state = plan.decider.initialState();
  let written = 0;
  let lastType: string | undefined;
  for (let index = 0; index < plan.steps.length; index++) {
    const emitted = decideStep(plan, index, state);
    state = emitted.reduce(plan.decider.evolve, state);
    written += emitted.length;
    lastType = emitted.at(-1)?.type ?? lastType;
    if (written === stored) {
      if (last && last.type !== lastType) return `son événement ${stored - 1} est ${last.type}, celui du script est ${lastType ?? 'aucun'}`;
      // Commands that write nothing right after are done too.
      let resume = index + 1;
      while (resume < plan.steps.length) {
        const following = plan.steps[resume] as (typeof plan.steps)[number];
        if (plan.decider.decide(following.command, state).length > 0) break;
        resume++;
      }
      return resume;
    }
    if (written > stored) break;
  }
  return `il contient ${stored} événements, qui ne correspondent à aucun début du script (${written} événements en tout)`;
}
