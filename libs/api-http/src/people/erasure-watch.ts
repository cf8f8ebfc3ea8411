import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { CommandHandler } from '@catalyse/commands';
import { ErasureWatch, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { API_COMMAND_HANDLER } from '../commands/commands';

/**
 * The api's command handler (its cached states: the write side's answers, `GET /api/reports/{id}`, the access
 * facts) kept from outliving an erasure, asked here or in another process (`ErasureWatch`, docs/adr/0006,
 * amendment « cached states »). The one in the composition root's handler when it provides one: the all-in-one's
 * report jobs and reminders share it.
 */
@Injectable()
export class ApiErasureWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly watch: ErasureWatch;

  constructor(@Inject(PERSONAL_DATA) personal: PersonalDataEventStore, @Inject(API_COMMAND_HANDLER) handler: CommandHandler) {
    this.watch = new ErasureWatch(personal, personal.keys, { logger: new Logger('ErasureWatch') });
    this.watch.onChange(() => handler.forgetAll());
    handler.checkCachedStatesWith(this.watch);
  }

  /** An erasure asked through this api (the person's key unreadable already): its cached states are forgotten now. */
  erasing(subject: string): void {
    this.watch.erasing(subject);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.watch.start();
  }

  /** Before the stores close: the log's subscription ends. */
  async onModuleDestroy(): Promise<void> {
    await this.watch.stop();
  }
}
