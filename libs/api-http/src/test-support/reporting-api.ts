import type { CommandHandler } from '@catalyse/commands';
import { type EventStore, EVENT_STORE } from '@catalyse/event-store';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import { REPORT_JOB, reportJobHandler } from '@catalyse/reports';
import { API_COMMAND_HANDLER } from '../commands/commands';
import { type ApiHarness, httpSteps, startApi } from './api-harness';

/** The api with kept reports (an in-memory SQLite report store) and the report job run in this process, as the projector runs it. */
export interface ReportingApi {
  readonly api: ApiHarness;
  /** Asks for a report (`POST /api/reports`, 202) and waits until it is completed (10 s): its id. */
  report(token: string, body: unknown): Promise<string>;
  close(): Promise<void>;
}

export async function startReportingApi(now: string): Promise<ReportingApi> {
  const reports = SqliteReportStore.open({ file: ':memory:' });
  const jobs = new InProcessJobQueue();
  const api = await startApi({ reports, jobs, now });
  jobs.work(
    REPORT_JOB,
    reportJobHandler({
      events: api.app.get<EventStore>(EVENT_STORE),
      readModels: api.app.get<ProjectionStore>(PROJECTION_STORE),
      commands: api.app.get<CommandHandler>(API_COMMAND_HANDLER),
      reports,
      timeZone: 'Europe/Paris',
    }),
  );
  return {
    api,
    async report(token, body) {
      const accepted = await api.request<{ id: string }>('POST', '/api/reports', { token, body });
      if (accepted.status !== 202) throw new Error(`POST /api/reports: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      const id = accepted.body.id;
      for (let i = 0; i <= 200; i++) {
        const { body: state } = await api.request<{ status: string }>('GET', `/api/reports/${id}`, { token });
        if (state.status === 'completed') return id;
        if (state.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`report ${id} not completed`);
    },
    async close() {
      await api.close();
      await jobs.close();
      await reports.close();
    },
  };
}

/**
 * The Gers (a registered territory) and two of its partnerships (« Lire dans le Gers », « Écrire dans le Gers »,
 * `lire-gers` and `ecrire-gers`), projected: the smallest batch of a territory.
 */
export async function givenGersPartnerships(api: ApiHarness, operator: string): Promise<void> {
  const { send } = httpSteps(() => api);
  await send(operator, '/api/territories', { id: 'gers', name: 'Gers', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
  const partner = api.token({ sub: 'ana', role: 'partner', org: 'asso-1' });
  const partners = [
    { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
    { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
  ];
  let last = { position: '0' as unknown };
  for (const [id, title] of [
    ['lire-gers', 'Lire dans le Gers'],
    ['ecrire-gers', 'Écrire dans le Gers'],
  ] as const) {
    last = await send(partner, '/api/partnerships', { id, title, territory: { id: 'gers', name: 'Gers', scale: 'local' }, partners, modes: ['mecenat'] }, 201);
  }
  await api.projected(last.position);
}
