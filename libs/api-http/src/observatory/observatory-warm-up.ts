import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Observatory } from '@catalyse/observatory';

/**
 * Fills the observatory's memory in the background once the api has started
 * (and the projector has caught up), so that the first answer costs what the
 * next ones do (docs/adr/0014-as-of-and-the-observatory.md). Never delays the
 * start, never fails it.
 */
@Injectable()
export class ObservatoryWarmUp implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Observatory');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(@Inject(Observatory) private readonly observatory: Observatory) {}

  onApplicationBootstrap(): void {
    const started = Date.now();
    this.running = this.observatory.warm(this.stop.signal).then(
      () => {
        if (!this.stop.signal.aborted) this.logger.log(`observatory in memory after ${Date.now() - started} ms`);
      },
      (error: unknown) => {
        if (!this.stop.signal.aborted)
          this.logger.warn(`observatory warm-up failed (answers will read on demand): ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  /** First thing on shutdown, before the stores close: the warm-up stops between reads. */
  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
