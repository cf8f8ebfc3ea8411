import { REPORT_STORE, type ReportStore } from '@catalyse/reports';
import { type ApiHarness, eraseAndWait, httpSteps, startApi } from '../test-support/api-harness';
import { type ReportingApi, startReportingApi } from '../test-support/reporting-api';

const ERASED = '[effacé]';
const NOW = '2026-12-05T10:00:00.000Z';

/**
 * A report's status page (`GET /api/reports/{id}`, folded from the api's cached states of the write side) after its
 * subject's author is erased (docs/adr/0006-personal-data.md, amendment « cached states »). The outside tester's
 * case: « Jeanne Martin » proposes « Projet de Jeanne Martin », an operator reads its report once, then erases her;
 * the log, the list, the downloads and the feeds lost her name, the status page kept « Projet de Jeanne Martin »
 * until a restart: the api forgot only the streams holding her sealed fields, not the report's, whose texts the
 * projector rewrote in the log; and another api on the same data forgot nothing at all.
 */
describe('an erasure reaches the states the apis cached (real SQLite, real HTTP)', () => {
  interface ReportView {
    readonly title?: string;
    readonly status: string;
  }

  /** A catalyseur proposes « Projet de <their name> »; its report is built (and read) through `reporting`: its id. */
  const proposeAndReport = async (reporting: ReportingApi, operator: string, catalyseur: { id: string; name: string }): Promise<string> => {
    const api = reporting.api;
    const { send } = httpSteps(() => api);
    const territory = await api.request('GET', '/api/territories/gers', { token: operator });
    if (territory.status === 404) {
      await send(operator, '/api/territories', { id: 'gers', name: 'Gers', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
    }
    const { id, name } = catalyseur;
    await send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory: 'gers', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }, 201);
    const proposed = await send(
      api.token({ sub: id, role: 'catalyseur' }),
      '/api/partnerships',
      {
        id: `p-${id}`,
        title: `Projet de ${name}`,
        territory: { id: 'gers', name: 'Gers', scale: 'departemental' },
        partners: [
          { orgId: 'asso-a', name: 'Asso A', sphere: 'association' },
          { orgId: 'ent-b', name: 'Entreprise B', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    await api.projected(proposed.position);
    return reporting.report(operator, { kind: 'partnership', id: `p-${id}` });
  };

  /** The status page, as its whole text. */
  const statusPage = async (api: ApiHarness, operator: string, reportId: string): Promise<string> => {
    const answer = await api.request<ReportView>('GET', `/api/reports/${reportId}`, { token: operator });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('completed');
    return JSON.stringify(answer.body);
  };

  describe('one api', () => {
    let reporting: ReportingApi;

    beforeAll(async () => {
      reporting = await startReportingApi(NOW);
    });
    afterAll(async () => {
      await reporting?.close();
    });

    it('its status page reads « Projet de [effacé] » once she is erased, title and progress alike', async () => {
      const api = reporting.api;
      const operator = api.token({ sub: 'op-1', role: 'operator' });
      const reportId = await proposeAndReport(reporting, operator, { id: 'cat-jm', name: 'Jeanne Martin' });
      const before = await statusPage(api, operator, reportId);
      expect(before).toContain('"title":"Projet de Jeanne Martin"');
      expect(before).toContain('« Projet de Jeanne Martin » établi');

      await eraseAndWait(api, operator, 'cat-jm');

      const after = await statusPage(api, operator, reportId);
      expect(after).not.toContain('Jeanne Martin');
      expect(after).toContain(`"title":"Projet de ${ERASED}"`);
      expect(after).toContain(`« Projet de ${ERASED} » établi`);
    });

    it('read while the erasure is under way (the log not rewritten yet), the page loses the name once the projector completed it', async () => {
      const api = reporting.api;
      const operator = api.token({ sub: 'op-1', role: 'operator' });
      const reportId = await proposeAndReport(reporting, operator, { id: 'cat-pd', name: 'Paul Durand' });
      // The projector held back: the erasure is recorded, her fields unreadable, the texts naming him not rewritten yet.
      await api.projector.stop();
      try {
        const accepted = await api.request('POST', '/api/people/cat-pd/erase', { token: operator, body: { reason: 'request_of_the_person' } });
        expect(accepted.status).toBe(202);
        // Read (and cached again) meanwhile: the log still holds the report's texts as written.
        expect(await statusPage(api, operator, reportId)).toContain('"title":"Projet de Paul Durand"');
      } finally {
        await api.projector.start();
      }
      await waitErased(api, operator, 'cat-pd');

      const after = await statusPage(api, operator, reportId);
      expect(after).not.toContain('Paul Durand');
      expect(after).toContain(`« Projet de ${ERASED} » établi`);
    });
  });

  describe('two apis on the same data (the second one opens the files again, as another process)', () => {
    let reporting: ReportingApi;
    let first: ApiHarness;
    let second: ApiHarness;
    let operator = '';
    let reportId = '';

    beforeAll(async () => {
      reporting = await startReportingApi(NOW);
      first = reporting.api;
      second = await startApi({ now: NOW, dir: first.dir, reports: first.app.get<ReportStore>(REPORT_STORE) });
      // Both apis sign with their own secret: each is asked with a token of its own.
      operator = first.token({ sub: 'op-1', role: 'operator' });
      reportId = await proposeAndReport(reporting, operator, { id: 'cat-jm', name: 'Jeanne Martin' });
    });
    afterAll(async () => {
      await second?.close();
      await reporting?.close();
    });

    it('erased through one api, her name is gone from the status page of the other, which had read it, and of the first', async () => {
      const other = second.token({ sub: 'op-2', role: 'operator' });
      expect(await statusPage(second, other, reportId)).toContain('"title":"Projet de Jeanne Martin"');
      expect(await statusPage(first, operator, reportId)).toContain('"title":"Projet de Jeanne Martin"');

      // Asked of the second api; the first one's projector (the lease's holder) carries it through.
      const accepted = await second.request<{ position: number }>('POST', '/api/people/cat-jm/erase', {
        token: other,
        body: { reason: 'request_of_the_person' },
      });
      expect(accepted.status).toBe(202);
      await waitErased(first, operator, 'cat-jm');
      // The first api learns of the erasure by following the log, which it polls (SQLite: every 50 ms): it may see
      // the event one poll after the projector completed the erasure, not later (ADR 0006, « cached states »).
      await new Promise((resolve) => setTimeout(resolve, 150));

      for (const [api, token] of [
        [first, operator],
        [second, other],
      ] as const) {
        const after = await statusPage(api, token, reportId);
        expect(after).not.toContain('Jeanne Martin');
        expect(after).toContain(`"title":"Projet de ${ERASED}"`);
      }
    });
  });
});

/** Until `GET /api/people/{id}` says `erased` (10 s at most): the log's texts were rewritten by then. */
async function waitErased(api: ApiHarness, token: string, person: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const answer = await api.request<{ status: string }>('GET', `/api/people/${person}`, { token });
    if (answer.body.status === 'erased') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${person} is not erased after 10 s`);
}
