import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, ProjectionRebuild, type ProjectionStore } from '@catalyse/projections';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import { buildItem, type ReportDocument, renderReport, type ReportSources } from '@catalyse/reports';
import { type ApiHarness, eraseAndWait, httpSteps, startApi } from '../test-support/api-harness';

const ERASED = '[effacé]';

interface Entry {
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

/**
 * A catalyseur whose full name is an organisation's (« Fondation X »), erased (docs/adr/0006-personal-data.md,
 * amendments of 2026-12-05). The outside tester's case: the summary of `PartnershipProposed` in the territory's, the
 * organisations' and `ops` feeds lists the partners' names (`partners: ["FLDA", "Fondation X"]`), and the kept JSON
 * report lays them out in its « Partenaires » table: both read « [effacé] » after the erasure, while the board, the
 * events and the log kept « Fondation X », and a rebuild brought it back. The organisation's name stays in every list
 * and column of organisations' names; the name inside a text (a committee's decision, a message) is still redacted
 * (whoever it meant: ADR 0006, « Silver Geek à Lyon »); a rebuild after the erasure reads the same feeds. (A committee's
 * attendees are ids, not names.)
 */
describe('an erasure spares an organisation named as the person, in lists of organisations’ names (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let reports: SqliteReportStore;
  const { send, get } = httpSteps(() => api);
  let operator: string;
  let roomId = '';
  const feed = async (room: string): Promise<Entry[]> =>
    (await get<{ entries: Entry[] }>(operator, `/api/feeds/${room}?since=0`)).entries.map(({ kind, data }) => ({ kind, data }));
  const proposed = async (room: string): Promise<Entry | undefined> => (await feed(room)).find((e) => e.kind === 'PartnershipProposed');
  const FEEDS = ['organisation:flda', 'organisation:fondation-x', 'territory:ardeche', 'ops', 'partnership:p1'];

  beforeAll(async () => {
    reports = SqliteReportStore.open({ file: ':memory:' });
    api = await startApi({ reports, now: '2026-12-05T10:00:00.000Z' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const join = (id: string, name: string): Promise<unknown> =>
      send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }, 201);
    await join('cat-h', 'Hélène Vidal');
    await join('cat-6', 'Fondation X');
    const organisation = (id: string, name: string, kind: string): Promise<unknown> =>
      send(operator, '/api/organisations', { id, name, kind, size: 'pme', territory: 'ardeche' }, 201);
    await organisation('flda', 'FLDA', 'association');
    await organisation('fondation-x', 'Fondation X', 'fondation');
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
          { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    await send(api.token({ sub: 'ana', role: 'partner', org: 'flda' }), `${p}/agree-objectives`, { orgId: 'flda', objectives: ['innovation'] });
    await send(api.token({ sub: 'paul', role: 'partner', org: 'fondation-x' }), `${p}/agree-objectives`, { orgId: 'fondation-x', objectives: ['economique'] });
    await send(helene, `${p}/plan-milestone`, { milestoneId: 'm1', title: 'Premier atelier', dueDate: '2027-03-01' });
    await send(helene, `${p}/start-pilotage`, {});
    // The name inside a committee's decision (a text: redacted, as « Silver Geek à Lyon », whoever it meant); the people
    // present are ids.
    await send(helene, `${p}/hold-steering-committee`, {
      attendees: ['flda', 'fondation-x'],
      decisions: ['confier l’atelier à Fondation X', 'associer la mairie'],
    });
    const room = await send(operator, '/api/rooms', { kind: 'theme', subject: 'lecture', title: 'Lecture', access: 'open' }, 201);
    roomId = room.id;
    const last = await send(operator, `/api/rooms/${roomId}/post-message`, { clientMsgId: 'fx-1', text: 'Merci Fondation X pour l’atelier' });
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
    expect(content).toContain('"Fondation X"');
  });
  afterAll(async () => {
    await api.close();
    await reports.close();
  });

  it('the organisation keeps its name in the summaries’ partners and the report’s partners; the name goes from a committee’s decision and a message', async () => {
    for (const room of FEEDS.slice(0, 4)) expect((await proposed(room))?.data['partners']).toEqual(['FLDA', 'Fondation X']);
    await eraseAndWait(api, operator, 'cat-6');
    expect((await get<{ name: string }>(operator, '/api/catalyseurs/cat-6')).name).toBe(ERASED);

    for (const room of FEEDS.slice(0, 4))
      expect({ room, partners: (await proposed(room))?.data['partners'] }).toEqual({ room, partners: ['FLDA', 'Fondation X'] });
    expect((await get<{ partners: { name: string }[] }>(operator, '/api/partnerships/p1')).partners.map((o) => o.name)).toEqual(['FLDA', 'Fondation X']);
    expect((await get<{ name: string }>(operator, '/api/organisations/fondation-x')).name).toBe('Fondation X');
    // The name inside a committee's decision, and in a message: redacted.
    const committee = (await feed('partnership:p1')).find((e) => e.kind === 'SteeringCommitteeHeld');
    expect(committee?.data['decisions']).toEqual([`confier l’atelier à ${ERASED}`, 'associer la mairie']);
    const texts = (await feed(`room:${roomId}`)).flatMap((e) => (typeof e.data['text'] === 'string' ? [e.data['text']] : []));
    expect(texts).toContain(`Merci ${ERASED} pour l’atelier`);

    const kept = await reports.get('r-1', 'p1', 'json');
    const report = JSON.parse(kept?.content ?? '{}') as { data: { partners: { name: string }[] }; document: ReportDocument };
    expect(report.data.partners.map((o) => o.name)).toEqual(['FLDA', 'Fondation X']);
    const tables = report.document.sections.flatMap((s) => [...(s.tables ?? []), ...(s.sections ?? []).flatMap((inner) => inner.tables ?? [])]);
    expect(tables.find((t) => t.columns[0] === 'Organisation' && t.columns[1] === 'Sphère')?.rows).toEqual([
      ['FLDA', 'association'],
      ['Fondation X', 'fondation'],
    ]);
    expect(tables.find((t) => t.columns[0] === 'Organisation' && t.columns[1] === 'Objectifs')?.rows.map((row) => row[0])).toEqual(['FLDA', 'Fondation X']);
    expect(tables.find((t) => t.columns[1] === 'Présents')?.rows.map((row) => row[2])).toEqual([`confier l’atelier à ${ERASED} ; associer la mairie`]);
    // The subtitle is a text holding the names: redacted, the accepted limit (ADR 0006, amendment « lists of organisations' names »).
    expect(report.document.subtitle).toBe(`FLDA × ${ERASED}`);
  });

  it('a rebuild after the erasure reads the same feeds as before it (it changed nothing in the organisations’ feeds)', async () => {
    // `PersonalDataRedacted` says what an erasure changed in a room, then: a rebuild from the log has nothing to say.
    const entries = async (room: string): Promise<Entry[]> => (await feed(room)).filter((e) => e.kind !== 'PersonalDataRedacted');
    for (const room of FEEDS.slice(0, 2))
      expect({ room, kinds: (await feed(room)).map((e) => e.kind) }).not.toEqual({ room, kinds: expect.arrayContaining(['PersonalDataRedacted']) });
    const before = await Promise.all(FEEDS.map(entries));
    const store = api.app.get<ProjectionStore>(PROJECTION_STORE);
    await new ProjectionRebuild(api.app.get<EventStore>(EVENT_STORE), store, api.app.get<FeedNotifier>(FEED_NOTIFIER), { holder: 'spec-rebuild' }).run();
    const after = await Promise.all(FEEDS.map(entries));
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).toContain('"partners":["FLDA","Fondation X"]');
    expect(JSON.stringify(after)).toContain(`confier l’atelier à ${ERASED}`);
  });
});
