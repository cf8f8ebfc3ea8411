import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { REPORT_STORE, type ReportStore } from '@catalyse/reports';
import type { CatalyseConfig } from './config';
import { openReportStore } from './open-report-store';

@Injectable()
class ReportStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REPORT_STORE) private readonly reports: ReportStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.reports.close();
  }
}

/** The report store chosen by configuration (`REPORT_STORE`), for the api (downloads) and the processes that run report jobs. */
@Global()
@Module({})
export class ReportStoreModule {
  static forRoot(config: CatalyseConfig): DynamicModule {
    return {
      module: ReportStoreModule,
      providers: [{ provide: REPORT_STORE, useFactory: (): Promise<ReportStore> => openReportStore(config) }, ReportStoreLifecycle],
      exports: [REPORT_STORE],
    };
  }
}
