import { type ApiHarness, eraseAndWait, httpSteps } from '../test-support/api-harness';
import { type ReportingApi, startReportingApi } from '../test-support/reporting-api';

const ERASED = '[effacé]';

/**
 * A catalyseur with a one-word name (« Zorro »), erased, in a territory's kept report (docs/adr/0006-personal-data.md,
 * amendment « a person's row in a kept report »): a one-word name is a whole value scoped to the person's id, not a
 * name looked for inside texts (« Zorro » may be anyone's word), so it went only from the object holding their id in
 * the JSON and stayed in the « Catalyseurs territoriaux » table of every format. The table's rows now carry the
 * catalyseur's id: their row is their record in the JSON, the CSV and the HTML alike, and a namesake's row keeps its
 * name. Reports requested and downloaded through the api (real HTTP), built by the report job (an in-process queue).
 */
describe('an erasure takes a one-word name from the person’s row of a kept report, in every format (real SQLite, real HTTP)', () => {
  let reporting: ReportingApi;
  let api: ApiHarness;
  const { send } = httpSteps(() => api);
  let operator: string;
  let reportId = '';

  /** A format's download: the CSV and the HTML as their text, the JSON parsed. */
  const download = async <T = string>(format: 'json' | 'csv' | 'html'): Promise<T> => {
    const answer = await api.request<T>('GET', `/api/reports/${reportId}/download?format=${format}`, { token: operator });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    reporting = await startReportingApi('2026-12-05T10:00:00.000Z');
    api = reporting.api;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/territories', { id: 'gers', name: 'Gers', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
    let last = { position: '0' as unknown };
    for (const [id, name, sphere] of [
      ['cat-z', 'Zorro', 'association'],
      ['cat-namesake', 'Zorro', 'entreprise'],
    ] as const) {
      last = await send(operator, '/api/catalyseurs', { id, name, sphere, territory: 'gers', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }, 201);
    }
    await api.projected(last.position);
    reportId = await reporting.report(operator, { kind: 'territory', id: 'gers' });
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('their row reads « [effacé] », the namesake’s row keeps « Zorro »', async () => {
    const before = { csv: await download('csv'), html: await download('html') };
    expect(before.csv).toContain('Zorro;cat-z;association');
    expect(before.html).toContain('<td>Zorro</td><td>cat-z</td>');

    await eraseAndWait(api, operator, 'cat-z');

    const csv = await download('csv');
    expect(csv).toContain(`${ERASED};cat-z;association`);
    expect(csv).toContain('Zorro;cat-namesake;entreprise');
    const html = await download('html');
    expect(html).toContain(`<td>${ERASED}</td><td>cat-z</td>`);
    expect(html).toContain('<td>Zorro</td><td>cat-namesake</td>');
    const json = await download<{ document: { sections: { title: string; tables?: { rows: unknown[][] }[] }[] } }>('json');
    const rows = json.document.sections.find((s) => s.title === 'Catalyseurs territoriaux')?.tables?.[0]?.rows ?? [];
    expect(rows.map((row) => [row[0], row[1]]).sort()).toEqual([
      ['Zorro', 'cat-namesake'],
      [ERASED, 'cat-z'],
    ]);
  });
});
