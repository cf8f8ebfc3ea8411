/**
 * A report's download negotiated by `Accept` (real HTTP): the format it prefers among JSON, CSV and HTML, JSON when it
 * names none of them; but an `Accept` that refuses each of them (`q=0`, by its type or a wildcard) is
 * `406 NOT_ACCEPTABLE`, never a JSON file all the same. `?format=` says the format exactly, whatever `Accept` says.
 * `?item=` is a batch's only: on one report it is `400 VALIDATION`, never that report all the same.
 */
import type { CommandHandler } from '@catalyse/commands';
import { AGGREGATES } from '@catalyse/domain';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import { INDEX_ITEM } from '@catalyse/reports';
import { API_COMMAND_HANDLER } from '../commands/commands';
import { type ApiHarness, startApi } from '../test-support/api-harness';

const TYPES = { json: 'application/json', csv: 'text/csv', html: 'text/html' } as const;

describe('GET /api/reports/{id}/download: Accept honoured, q=0 included', () => {
  let api: ApiHarness;
  let reports: SqliteReportStore;
  let operator: string;

  beforeAll(async () => {
    reports = SqliteReportStore.open({ file: ':memory:' });
    api = await startApi({ reports });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    // A report completed as the report job completes one (here by hand: the harness runs no job), its three files kept.
    const handler = api.app.get<CommandHandler>(API_COMMAND_HANDLER);
    const { decider, streamOf } = AGGREGATES.report;
    const context = { actor: 'report-job', correlationId: 'c-done', occurredAt: '2025-01-06T09:00:00.000Z' };
    await handler.handle(
      decider,
      streamOf('r-done'),
      {
        type: 'RequestReport',
        data: { reportId: 'r-done', kind: 'territory', selection: { scope: 'one', id: 'ardeche' }, requestedBy: 'op-1', requestedAt: context.occurredAt },
      },
      context,
    );
    await handler.handle(
      decider,
      streamOf('r-done'),
      { type: 'CompleteReport', data: { formats: ['json', 'csv', 'html'], items: [{ item: 'ardeche', title: 'Ardèche' }], completedAt: context.occurredAt } },
      context,
    );
    for (const format of ['json', 'csv', 'html'] as const) {
      await reports.put({
        reportId: 'r-done',
        item: 'ardeche',
        format,
        fileName: `rapport.${format}`,
        contentType: `${TYPES[format]}; charset=utf-8`,
        content: `the ${format} file`,
        createdAt: context.occurredAt,
      });
    }
  });
  afterAll(async () => {
    await api.close();
    await reports.close();
  });

  const download = async (accept: string | undefined, query = ''): Promise<[number, string | null, string]> => {
    const answer = await fetch(`${api.url}/api/reports/r-done/download${query}`, {
      headers: { authorization: `Bearer ${operator}`, ...(accept === undefined ? {} : { accept }) },
    });
    return [answer.status, answer.headers.get('content-type'), await answer.text()];
  };

  it('refuses with 406 NOT_ACCEPTABLE an Accept that marks every format unacceptable', async () => {
    for (const accept of ['text/html;q=0, application/json;q=0, text/csv;q=0', '*/*;q=0', 'text/*;q=0, application/json;q=0', 'text/html;q=0.000, */*; q=0']) {
      const [status, type, body] = await download(accept);
      expect([accept, status, type?.split(';')[0]]).toEqual([accept, 406, 'application/json']);
      expect(JSON.parse(body)).toMatchObject({
        code: 'NOT_ACCEPTABLE',
        message: 'Accept refuses every format of a report (application/json, text/csv, text/html): accept one, or give ?format=json|csv|html',
      });
    }
  });

  it('answers the format Accept prefers, JSON when it names none or refuses only some, and ?format= whatever Accept says', async () => {
    expect(await download('text/html;q=0, application/json;q=0, text/csv;q=0.5')).toEqual([200, 'text/csv; charset=utf-8', 'the csv file']);
    expect(await download('*/*;q=0, text/html')).toEqual([200, 'text/html; charset=utf-8', 'the html file']);
    expect(await download('text/html;q=0')).toEqual([200, 'application/json; charset=utf-8', 'the json file']);
    expect(await download('application/pdf')).toEqual([200, 'application/json; charset=utf-8', 'the json file']);
    expect(await download(undefined)).toEqual([200, 'application/json; charset=utf-8', 'the json file']);
    expect(await download('*/*;q=0', '?format=csv')).toEqual([200, 'text/csv; charset=utf-8', 'the csv file']);
  });

  it('refuses ?item= on a report that is not a batch (400 VALIDATION on item), never the report itself; a batch honours it', async () => {
    const message = 'item is only for a batch of partnerships: report r-done is one report (of ardeche), download it without item';
    for (const query of ['?item=p1', '?item=ardeche', '?format=csv&item=p1']) {
      const [status, type, body] = await download(undefined, query);
      expect([query, status, type?.split(';')[0]]).toEqual([query, 400, 'application/json']);
      expect(JSON.parse(body)).toMatchObject({ code: 'VALIDATION', message, details: [{ field: 'item', messages: [message] }] });
    }
    // A batch: its partnership's report by ?item=, its index without.
    const handler = api.app.get<CommandHandler>(API_COMMAND_HANDLER);
    const { decider, streamOf } = AGGREGATES.report;
    const context = { actor: 'report-job', correlationId: 'c-batch', occurredAt: '2025-01-06T09:00:00.000Z' };
    await handler.handle(
      decider,
      streamOf('r-batch'),
      {
        type: 'RequestReport',
        data: {
          reportId: 'r-batch',
          kind: 'partnership',
          selection: { scope: 'batch', territory: 'ardeche' },
          requestedBy: 'op-1',
          requestedAt: context.occurredAt,
        },
      },
      context,
    );
    await handler.handle(
      decider,
      streamOf('r-batch'),
      { type: 'CompleteReport', data: { formats: ['json'], items: [{ item: 'p1', title: 'Lire' }], completedAt: context.occurredAt } },
      context,
    );
    for (const item of ['p1', INDEX_ITEM]) {
      await reports.put({
        reportId: 'r-batch',
        item,
        format: 'json',
        fileName: `${item}.json`,
        contentType: `${TYPES.json}; charset=utf-8`,
        content: `the ${item} file`,
        createdAt: context.occurredAt,
      });
    }
    const batch = async (query: string): Promise<[number, string]> => {
      const answer = await fetch(`${api.url}/api/reports/r-batch/download${query}`, { headers: { authorization: `Bearer ${operator}` } });
      return [answer.status, await answer.text()];
    };
    expect(await batch('?item=p1')).toEqual([200, 'the p1 file']);
    expect(await batch('')).toEqual([200, `the ${INDEX_ITEM} file`]);
  });
});
