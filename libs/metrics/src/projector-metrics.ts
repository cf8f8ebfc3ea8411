import { Histogram, type Registry } from 'prom-client';
import { registersOf, scrapedGauge } from './registry';

/** What the metrics need of a projector (`Projector` of `@catalyse/projector` has it). */
export interface WatchedProjector {
  observe(observer: {
    batch?(batch: { readonly events: number; readonly ms: number; readonly checkpoint: bigint }): void;
    role?(role: 'active' | 'standby'): void;
  }): () => void;
  /** Whether this process holds the projector lease now. */
  readonly active: boolean;
  status(): Promise<{ readonly checkpoint: bigint; readonly lag: bigint }>;
}

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const EVENTS = [1, 2, 5, 10, 25, 50, 100, 250, 500];

/** The projector of this process: its batches, its role, its checkpoint and lag. */
export class ProjectorMetrics {
  readonly batchDuration: Histogram;
  readonly batchEvents: Histogram;
  private projector: WatchedProjector | undefined;

  constructor(registry?: Registry) {
    const registers = registersOf(registry);
    this.batchDuration = new Histogram({
      name: 'catalyse_projector_batch_duration_seconds',
      help: 'Committed projector batches: the one transaction that folds the events into the read models and feeds and moves the checkpoint',
      buckets: SECONDS,
      registers,
    });
    this.batchEvents = new Histogram({
      name: 'catalyse_projector_batch_events',
      help: 'Events per committed projector batch (what the subscription had ready at once, at most 500)',
      buckets: EVENTS,
      registers,
    });
    scrapedGauge({
      name: 'catalyse_projector_active',
      help: '1 while the projector of this process holds the lease and folds the log, 0 while it waits as standby',
      registers,
      value: () => (this.projector?.active ? 1 : 0),
    });
    scrapedGauge({
      name: 'catalyse_projector_checkpoint_position',
      help: 'Position of the last event the projector of this process committed (a standby: the checkpoint it last read; look at the active one)',
      registers,
      value: async () => Number((await this.projector?.status())?.checkpoint ?? 0n),
    });
    scrapedGauge({
      name: 'catalyse_projector_lag_events',
      help: 'Log head minus the checkpoint of the projector of this process (a standby lags by construction: look at the active one)',
      registers,
      value: async () => Number((await this.projector?.status())?.lag ?? 0n),
    });
  }

  /** Starts observing `projector`; returns the function that stops. */
  watch(projector: WatchedProjector): () => void {
    this.projector = projector;
    const stop = projector.observe({
      batch: ({ events, ms }) => {
        this.batchDuration.observe(ms / 1000);
        this.batchEvents.observe(events);
      },
    });
    return () => {
      stop();
      if (this.projector === projector) this.projector = undefined;
    };
  }
}
