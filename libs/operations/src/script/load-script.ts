import type { CommandHandler } from '@catalyse/commands';
import { isDomainError } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import { resumeIndex } from './resume-index';
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
  /**
   * Streams whose stored events do not begin with the script's (or with a beginning of them, on a run stopped half
   * way): changed otherwise since, or written by another script (another seed). Left alone. Events appended after
   * the script's own (reminders, users' later commands) are not a divergence.
   */
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
 * through the pure decider alone to know the events each command writes,
 * compares them with what the stream holds (`resumeIndex`), and runs only the
 * commands after the last one already stored. A second run writes nothing,
 * whatever was appended after the script's events since (a reminder, a user's
 * command); a run stopped half way resumes where it stopped. A stream whose
 * events differ from the script's within the script's length is reported and
 * left alone, and so is one whose stored state the domain refuses a command on.
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
    const from = await resumeIndex(events, stream, options.source);
    if (typeof from === 'string') {
      diverged.push({ stream: stream.stream, reason: from });
      return;
    }
    alreadyDone += from;
    for (let index = from; index < stream.steps.length; index++) {
      const step = stream.steps[index] as (typeof stream.steps)[number];
      let result;
      try {
        result = await commands.handle(stream.decider, stream.stream, step.command, {
          actor: step.actor,
          correlationId: `${options.source}:${stream.stream}:${index}`,
          occurredAt: step.at,
          idempotencyKey: `${options.source}-${index}`,
        });
      } catch (error) {
        // What the stream holds now (written by another run meanwhile) refuses the script's command: a divergence.
        if (!isDomainError(error)) throw error;
        diverged.push({ stream: stream.stream, reason: `sa commande ${index} (${step.command.type}) est refusée sur ce qu’il contient (${error.code})` });
        return;
      }
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
