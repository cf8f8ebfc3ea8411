import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { ERASURE_WATCH, ErasureWatch, type PersonalDataEventStore } from '@catalyse/personal-data';

/**
 * The process's erasure watch (docs/adr/0006, amendment « cached states »), wired to the command handler of the
 * composition root: the one every part of the process that decides shares (the api's commands, the hub's posts, the
 * report jobs, the reminders). So every process holding such a handler (all-in-one, api, projector, hub) forgets
 * its cached states on an erasure, whichever process asked for it.
 */
export function erasureWatchOf(personal: PersonalDataEventStore, handler: CommandHandler): ErasureWatch {
  const watch = new ErasureWatch(personal, personal.keys, { logger: new Logger('ErasureWatch') });
  watch.onChange(() => handler.forgetAll());
  handler.checkCachedStatesWith(watch);
  return watch;
}

/** Follows the log from the app's start (its erasures under way included) until its stores close. */
@Injectable()
export class ErasureWatchLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(ERASURE_WATCH) private readonly watch: ErasureWatch) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.watch.start();
  }

  /** Before the stores close (`onApplicationShutdown`): the log's subscription ends. */
  async onModuleDestroy(): Promise<void> {
    await this.watch.stop();
  }
}
