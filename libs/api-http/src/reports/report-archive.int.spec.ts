import { unzipSync } from 'fflate';
import { INDEX_ITEM } from '@catalyse/reports';
import type { ApiHarness, ErrorBody } from '../test-support/api-harness';
import { givenGersPartnerships, type ReportingApi, startReportingApi } from '../test-support/reporting-api';

/**
 * `GET /api/reports/{id}/archive`: a report whole as one ZIP, so that an operator takes a batch of a territory in one
 * download instead of one per partnership. Built by the report job (an in-process queue) and read back through the
 * api (real HTTP, a real SQLite report store); the archive is unzipped and each file compared with its own download.
 */
describe('a report whole as one ZIP (real SQLite, real HTTP)', () => {
  let reporting: ReportingApi;
  let api: ApiHarness;
  let operator: string;
  let batchId = '';
  let oneId = '';

  const get = (path: string, token: string): Promise<Response> => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const unzip = async (response: Response): Promise<Record<string, string>> => {
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]));
  };
  /** Each kept file of a report, by its name, as its own download gives it. */
  const downloads = async (id: string, format?: string): Promise<Record<string, string>> => {
    const view = await api.request<{ files: { item: string; format: string; fileName: string }[] }>('GET', `/api/reports/${id}`, { token: operator });
    const entries: [string, string][] = [];
    for (const file of view.body.files.filter((f) => format === undefined || f.format === format)) {
      const item = file.item === INDEX_ITEM ? '' : `&item=${file.item}`;
      const answer = await get(`/api/reports/${id}/download?format=${file.format}${id === oneId ? '' : item}`, operator);
      expect(answer.status).toBe(200);
      // Bytes as sent (a CSV starts with its BOM, which `text()` would drop).
      entries.push([file.fileName, Buffer.from(await answer.arrayBuffer()).toString('utf8')]);
    }
    return Object.fromEntries(entries);
  };

  beforeAll(async () => {
    reporting = await startReportingApi('2026-12-05T10:00:00.000Z');
    api = reporting.api;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await givenGersPartnerships(api, operator);
    batchId = await reporting.report(operator, { kind: 'partnership', territory: 'gers' });
    oneId = await reporting.report(operator, { kind: 'partnership', id: 'lire-gers' });
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('a batch: its index and each partnership’s report in every format, each file as its own download gives it', async () => {
    const answer = await get(`/api/reports/${batchId}/archive`, operator);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.zip"$/);
    const files = await unzip(answer);
    // The index and two partnerships, in three formats each.
    expect(Object.keys(files)).toHaveLength(9);
    expect(files).toEqual(await downloads(batchId));
    expect(Object.values(files).some((text) => text.includes('Écrire dans le Gers'))).toBe(true);
  });

  it('?format= keeps the files of that format only; a catalyseur takes it too', async () => {
    const catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    const answer = await get(`/api/reports/${batchId}/archive?format=csv`, catalyseur);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/-csv\.zip"$/);
    const files = await unzip(answer);
    expect(Object.keys(files).every((name) => name.endsWith('.csv'))).toBe(true);
    expect(files).toEqual(await downloads(batchId, 'csv'));
  });

  it('one partnership’s report: its three files', async () => {
    const files = await unzip(await get(`/api/reports/${oneId}/archive`, operator));
    expect(
      Object.keys(files)
        .map((name) => name.slice(name.lastIndexOf('.')))
        .sort(),
    ).toEqual(['.csv', '.html', '.json']);
    expect(files).toEqual(await downloads(oneId));
  });

  it('refuses as the download does: a partner 403, an unknown report 404, an unknown format 400, each in the api’s error shape', async () => {
    const refused = async (path: string, token: string): Promise<[number, string]> => {
      const answer = await get(path, token);
      return [answer.status, ((await answer.json()) as ErrorBody).code];
    };
    expect(await refused(`/api/reports/${batchId}/archive`, api.token({ sub: 'ana', role: 'partner', org: 'asso-1' }))).toEqual([403, 'FORBIDDEN']);
    expect(await refused('/api/reports/nope/archive', operator)).toEqual([404, 'NOT_FOUND']);
    expect(await refused(`/api/reports/${batchId}/archive?format=pdf`, operator)).toEqual([400, 'VALIDATION']);
    expect(await refused(`/api/reports/${batchId}/archive?item=lire-gers`, operator)).toEqual([400, 'VALIDATION']);
  });
});
