import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import { buildItem, renderReport, type ReportSources } from '@catalyse/reports';
import { type ApiHarness, eraseAndWait, httpSteps, startApi } from '../test-support/api-harness';

const ERASED = '[effacé]';
const NAME = 'Léa Gauthier';

/**
 * An indicator's name is a label someone typed, a text: the name of an erased person inside it goes, as in a
 * milestone's title (docs/adr/0006-personal-data.md, amendment « an indicator's name is a text »). The outside tester's
 * case: a partnership's indicator « Heures de Léa Gauthier » kept the erased catalyseur's name in the board, the feed,
 * the export (so the log) and the kept JSON report (a `name` property, spared as an organisation's), while the
 * report's CSV and HTML lost it. An organisation named as the person (« Léa Gauthier », a partner) keeps its name.
 */
describe('an erasure removes the name from indicators’ names, not from organisations’ names (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let reports: SqliteReportStore;
  const { send, get } = httpSteps(() => api);
  let operator: string;
  const feed = async (room: string): Promise<string> => JSON.stringify(await get(operator, `/api/feeds/${room}?since=0`));
  const exported = async (): Promise<string> => {
    const answer = await fetch(`${api.url}/api/exports/events`, { headers: { authorization: `Bearer ${operator}` } });
    expect(answer.status).toBe(200);
    return answer.text();
  };
  const keptReport = async (): Promise<string> => (await reports.get('r-1', 'p1', 'json'))?.content ?? '';

  beforeAll(async () => {
    reports = SqliteReportStore.open({ file: ':memory:' });
    api = await startApi({ reports, now: '2026-12-05T10:00:00.000Z' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/territories', { id: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', registeredAt: '2020-01-01' }, 201);
    const join = (id: string, name: string): Promise<unknown> =>
      send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }, 201);
    await join('cat-h', 'Hélène Vidal');
    await join('cat-lg', NAME);
    await send(operator, '/api/organisations', { id: 'flda', name: 'FLDA', kind: 'association', size: 'pme', territory: 'ardeche' }, 201);
    await send(operator, '/api/organisations', { id: 'lg-conseil', name: NAME, kind: 'entreprise', size: 'tpe', territory: 'ardeche' }, 201);
    const helene = api.token({ sub: 'cat-h', role: 'catalyseur' });
    const p = '/api/partnerships/p1';
    await send(
      helene,
      '/api/partnerships',
      {
        id: 'p1',
        title: 'Lire en Ardèche',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'association' },
          { orgId: 'lg-conseil', name: NAME, sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    await send(api.token({ sub: 'ana', role: 'partner', org: 'flda' }), `${p}/agree-objectives`, { orgId: 'flda', objectives: ['innovation'] });
    await send(api.token({ sub: 'paul', role: 'partner', org: 'lg-conseil' }), `${p}/agree-objectives`, { orgId: 'lg-conseil', objectives: ['economique'] });
    await send(helene, `${p}/plan-milestone`, { milestoneId: 'm1', title: `Atelier avec ${NAME}`, dueDate: '2027-03-01' });
    await send(helene, `${p}/start-pilotage`, {});
    await send(helene, `${p}/record-indicator`, { indicatorId: 'lg', name: `Heures de ${NAME}`, value: 3 });
    // A territory's indicator of fragility: a label too.
    const last = await send(operator, '/api/territories/ardeche/record-indicators', {
      indicators: [{ domain: 'emploi', name: `Taux relevé par ${NAME}`, value: 9, nationalAverage: 7, unit: '%' }],
    });
    await api.projected(last.position);

    // The kept report, as the report worker builds it (`buildItem`) and keeps it.
    const sources: ReportSources = {
      events: api.app.get<EventStore>(EVENT_STORE),
      readModels: api.app.get<ProjectionStore>(PROJECTION_STORE),
      timeZone: 'Europe/Paris',
    };
    const generatedAt = '2026-12-05T10:00:00.000Z';
    const built = await buildItem(sources, 'partnership', 'p1', undefined, { generatedAt, timeZone: 'Europe/Paris' });
    if (!built) throw new Error('no report of p1');
    const content = renderReport('json', { kind: 'partnership', subject: 'p1', generatedAt, data: built.data, document: built.document });
    await reports.put({ reportId: 'r-1', item: 'p1', format: 'json', fileName: 'p1.json', contentType: 'application/json', content, createdAt: generatedAt });
  });
  afterAll(async () => {
    await api.close();
    await reports.close();
  });

  it('the label reads « Heures de [effacé] » in the board, the feed, the export and the kept JSON report; the organisation keeps its name', async () => {
    const board = (): Promise<{ partners: { name: string }[]; indicators: { name: string }[] }> => get(operator, '/api/partnerships/p1');
    expect((await board()).indicators.map((i) => i.name)).toEqual([`Heures de ${NAME}`]);
    for (const text of [await feed('partnership:p1'), await exported(), await keptReport()]) expect(text).toContain(`Heures de ${NAME}`);

    await eraseAndWait(api, operator, 'cat-lg');

    const after = await board();
    expect(after.indicators.map((i) => i.name)).toEqual([`Heures de ${ERASED}`]);
    expect(after.partners.map((o) => o.name)).toEqual(['FLDA', NAME]);
    const places = { feed: await feed('partnership:p1'), exported: await exported(), report: await keptReport() };
    for (const [place, text] of Object.entries(places)) {
      expect({ place, label: text.includes(`Heures de ${NAME}`), redacted: text.includes(`Heures de ${ERASED}`) }).toEqual({
        place,
        label: false,
        redacted: true,
      });
      // The milestone's title, as before.
      expect({ place, title: text.includes(`Atelier avec ${NAME}`) }).toEqual({ place, title: false });
    }
    // The organisation « Léa Gauthier » keeps its name: in the export (the log), the report's data and the organisation's page.
    expect(places.exported).toContain(`{"orgId":"lg-conseil","name":"${NAME}","sphere":"entreprise"}`);
    const report = JSON.parse(places.report) as { data: { partners: { name: string }[] } };
    expect(report.data.partners.map((o) => o.name)).toEqual(['FLDA', NAME]);
    expect((await get<{ name: string }>(operator, '/api/organisations/lg-conseil')).name).toBe(NAME);

    // The territory's indicator of fragility, in its profile and the export.
    const territory = JSON.stringify(await get(operator, '/api/territories/ardeche'));
    expect(territory).not.toContain(`Taux relevé par ${NAME}`);
    expect(territory).toContain(`Taux relevé par ${ERASED}`);
    expect(places.exported).not.toContain(`Taux relevé par ${NAME}`);
  });
});
