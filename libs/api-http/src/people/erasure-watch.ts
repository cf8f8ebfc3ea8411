import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { ERASURE_WATCH, type ErasureWatch, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { erasureWatchOf } from '@catalyse/runtime';
import { API_COMMAND_HANDLER } from '../commands/commands';

/**
 * The api's side of the erasure watch (`ErasureWatch`, docs/adr/0006, amendment « cached states »): an erasure asked
 * through this api makes its command handler forget its cached states at once (`erasing`), before the erasure's
 * event comes by the log. The watch is the composition root's (`ERASURE_WATCH`, the runtime's `StorageModule`),
 * wired to the root's command handler, which the api's is then. Composed without one (the api's test harness, its
 * own handler), the api watches its own handler here, from its start to its stop.
 */
@Injectable()
export class ApiErasureWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly watch: ErasureWatch;
  /** The watch is this module's own (started and stopped here), not the composition root's. */
  private readonly own: boolean;

  constructor(
    @Inject(PERSONAL_DATA) personal: PersonalDataEventStore,
    @Inject(API_COMMAND_HANDLER) handler: CommandHandler,
    @Optional() @Inject(CommandHandler) root: CommandHandler | undefined,
    @Optional() @Inject(ERASURE_WATCH) rootWatch: ErasureWatch | undefined,
  ) {
    this.own = rootWatch === undefined || root !== handler;
    this.watch = !this.own && rootWatch ? rootWatch : erasureWatchOf(personal, handler);
  }

  /** An erasure asked through this api (the person's key unreadable already): its cached states are forgotten now. */
  erasing(subject: string): void {
    this.watch.erasing(subject);
  }

  /** Its command answered (recorded, refused or failed): a failed one is not asked about at every read any more. */
  settled(subject: string): Promise<void> {
    return this.watch.settled(subject);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.own) await this.watch.start();
  }

  /** Before the stores close: the log's subscription ends. */
  async onModuleDestroy(): Promise<void> {
    if (this.own) await this.watch.stop();
  }
}
