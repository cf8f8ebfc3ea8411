import { Logger } from '@nestjs/common';
import type { MilestoneReminders } from './milestone-reminders';

/** Who leads among the processes of a deployment: the projector (`Projector` of `@catalyse/projector`). */
export interface Leadership {
  readonly active: boolean;
  /** Calls `role` at every change; returns how to stop. */
  observe(observer: { role?(role: 'active' | 'standby'): void }): () => void;
}

/** What a tick did: scanned the boards, left them to the active projector, or found a scan still running. */
export type ScanTick = 'scanned' | 'standby' | 'busy';

/**
 * Scans the boards for milestones to remind at start and every `everyMs`, and only where the projector leads:
 * a standby projector's process leaves the scans to the active one (each would enqueue the same jobs, which a
 * queue adds once: wasted reads of every board), and scans at once when it takes the lead. Without a leadership
 * (the all-in-one, whose projector is alone) it always scans. The reminder jobs themselves run on every process.
 */
export class ReminderScans {
  private readonly logger = new Logger('Reminders');
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private unobserve: (() => void) | undefined;

  constructor(
    private readonly reminders: Pick<MilestoneReminders, 'scan'>,
    private readonly options: { readonly everyMs: number; readonly windowDays: number },
    private readonly leadership?: Leadership,
  ) {}

  start(): void {
    void this.tick();
    this.unobserve = this.leadership?.observe({ role: (role) => role === 'active' && void this.tick() });
    this.timer = setInterval(() => void this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.unobserve?.();
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  /** One scan, unless this process's projector is standby or a scan is running; resolves when it is done. */
  async tick(): Promise<ScanTick> {
    if (this.leadership && !this.leadership.active) return 'standby';
    if (this.scanning) return 'busy';
    this.scanning = this.reminders
      .scan()
      .then(({ due, enqueued }) => {
        if (enqueued > 0) this.logger.log(`${enqueued} milestone reminder(s) enqueued (${due} due within ${this.options.windowDays} days)`);
      })
      .catch((error: unknown) => this.logger.warn(`reminder scan failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.scanning = undefined));
    await this.scanning;
    return 'scanned';
  }
}
