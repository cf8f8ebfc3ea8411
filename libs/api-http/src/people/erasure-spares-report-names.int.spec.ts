import type { ReportDocument } from '@catalyse/reports';
import { type ApiHarness, eraseAndWait, httpSteps } from '../test-support/api-harness';
import { type ReportingApi, startReportingApi } from '../test-support/reporting-api';

const ERASED = '[effacé]';

interface KeptReport {
  readonly data: Record<string, unknown> & {
    readonly catalyseurs?: readonly unknown[];
    readonly actors?: readonly { name: string }[];
    readonly partnerships?: readonly { id: string; partners: string[] }[];
    readonly partners?: readonly { name: string }[];
    readonly conveners?: readonly { name: string }[];
  };
  readonly document: ReportDocument;
}

/**
 * A catalyseur named as an organisation (« Fondation X ») who is one of a territory's catalyseurs, accompanies a
 * partnership and launched an experimentation, erased (docs/adr/0006-personal-data.md, amendment « lists of
 * organisations' names »). The outside tester's case: the territory's kept JSON report lists its catalyseurs with
 * their ids, so the whole report was read as the catalyseur's own record and every organisation's « Fondation X » in
 * it read « [effacé] » (actors, the actors' table despite its `nameColumns`, the partners of a partnership she does not
 * accompany), for good: kept reports are never rebuilt. A report's own record of a person is the object holding their
 * id (their row): there their name goes, elsewhere the organisations' names stay. Reports requested and downloaded
 * through the api (real HTTP), built by the report job (an in-process queue).
 */
describe('an erasure spares the organisations’ names in a kept report that lists the person (real SQLite, real HTTP)', () => {
  let reporting: ReportingApi;
  let api: ApiHarness;
  const { send, get } = httpSteps(() => api);
  let operator: string;
  const requested: Record<string, string> = {};

  const download = async (reportId: string): Promise<KeptReport> => {
    const answer = await api.request<KeptReport>('GET', `/api/reports/${reportId}/download?format=json`, { token: operator });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const tables = (document: ReportDocument) =>
    document.sections.flatMap((s) => [
      ...(s.tables ?? []).map((t) => ({ section: s.title, ...t })),
      ...(s.sections ?? []).flatMap((inner) => inner.tables ?? []).map((t) => ({ section: s.title, ...t })),
    ]);
  const count = (text: string, word: string): number => text.split(word).length - 1;

  beforeAll(async () => {
    reporting = await startReportingApi('2026-12-05T10:00:00.000Z');
    api = reporting.api;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const territory = { id: 'occitanie', name: 'Occitanie', scale: 'regional' };
    await send(operator, '/api/territories', { id: 'occitanie', name: 'Occitanie', typology: 'rural', level: 'regional', registeredAt: '2020-01-01' }, 201);
    const join = (id: string, name: string): Promise<unknown> =>
      send(
        operator,
        '/api/catalyseurs',
        { id, name, sphere: 'association', territory: 'occitanie', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
        201,
      );
    await join('cat-h', 'Hélène Vidal');
    await join('cat-fx', 'Fondation X');
    const organisation = (id: string, name: string, kind: string): Promise<unknown> =>
      send(operator, '/api/organisations', { id, name, kind, size: 'pme', territory: 'occitanie' }, 201);
    await organisation('flda', 'FLDA', 'association');
    await organisation('fondation-x', 'Fondation X', 'fondation');
    await send(operator, '/api/territories/occitanie/register-actor', { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' });
    const helene = api.token({ sub: 'cat-h', role: 'catalyseur' });
    const partners = [
      { orgId: 'flda', name: 'FLDA', sphere: 'association' },
      { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
    ];
    // p-fx: nobody but Hélène; p-fx2: accompanied by cat-fx.
    await send(helene, '/api/partnerships', { id: 'p-fx', title: 'Lire en Occitanie', territory, partners, modes: ['mecenat'] }, 201);
    await send(helene, '/api/partnerships', { id: 'p-fx2', title: 'Écrire en Occitanie', territory, partners, modes: ['mecenat'] }, 201);
    await send(operator, '/api/partnerships/p-fx2/assign-catalyseur', { catalyseurId: 'cat-fx' });
    // An experimentation whose catalyseurs are Hélène and cat-fx, convened by the foundation.
    const last = await send(
      helene,
      '/api/experimentations',
      { id: 'x-fx', title: 'Vieillir en Occitanie', territory, conveners: [partners[1]], catalyseurs: ['cat-h', 'cat-fx'] },
      201,
    );
    await api.projected(last.position);

    for (const [key, body] of [
      ['territory', { kind: 'territory', id: 'occitanie' }],
      ['partnership', { kind: 'partnership', id: 'p-fx2' }],
      ['experimentation', { kind: 'experimentation', id: 'x-fx' }],
    ] as const) {
      requested[key] = await reporting.report(operator, body);
    }
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('the territory’s report keeps every organisation’s « Fondation X »; the catalyseur’s own row loses her name', async () => {
    const before = await download(requested['territory'] ?? '');
    const beforeText = JSON.stringify(before);
    expect(beforeText).toContain('"id":"cat-fx"');
    const named = count(beforeText, '"Fondation X"') + count(beforeText, 'Fondation X,') + count(beforeText, ', Fondation X');

    await eraseAndWait(api, operator, 'cat-fx');
    expect((await get<{ name: string }>(operator, '/api/catalyseurs/cat-fx')).name).toBe(ERASED);

    const after = await download(requested['territory'] ?? '');
    // Her row, in the figures and in « Catalyseurs territoriaux »: her name is gone.
    expect(after.data.catalyseurs).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'cat-fx', name: ERASED })]));
    expect(after.data.catalyseurs).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'cat-h', name: 'Hélène Vidal' })]));
    const all = tables(after.document);
    expect(
      all
        .find((t) => t.section === 'Catalyseurs territoriaux')
        ?.rows.map((row) => row[0])
        .sort(),
    ).toEqual(['Hélène Vidal', ERASED]);
    // The organisation's name everywhere it names the organisation.
    expect(after.data.actors?.map((a) => a.name)).toEqual(['Fondation X']);
    expect(all.find((t) => t.section === 'Acteurs du territoire')?.rows).toEqual([['Fondation X', 'fondation']]);
    expect(after.data.partnerships?.map((p) => [p.id, p.partners]).sort()).toEqual([
      ['p-fx', ['FLDA', 'Fondation X']],
      ['p-fx2', ['FLDA', 'Fondation X']],
    ]);
    expect(all.find((t) => t.section === 'Partenariats')?.rows.map((row) => row[1])).toEqual(['FLDA, Fondation X', 'FLDA, Fondation X']);
    // Only her own row lost the name: one fewer « Fondation X » in the figures (her `name`); the table's cell was a
    // text, « Fondation X » as a whole cell too.
    const afterText = JSON.stringify(after);
    expect(count(afterText, '"Fondation X"') + count(afterText, 'Fondation X,') + count(afterText, ', Fondation X')).toBe(named - 2);
  });

  it('the partnership she accompanies and the experimentation she is a catalyseur of keep their organisations’ names', async () => {
    const partnership = await download(requested['partnership'] ?? '');
    expect(partnership.data.partners?.map((p) => p.name)).toEqual(['FLDA', 'Fondation X']);
    expect(tables(partnership.document).find((t) => t.columns[0] === 'Organisation' && t.columns[1] === 'Sphère')?.rows).toEqual([
      ['FLDA', 'association'],
      ['Fondation X', 'fondation'],
    ]);
    const experimentation = await download(requested['experimentation'] ?? '');
    expect(experimentation.data.catalyseurs).toEqual(['cat-h', 'cat-fx']);
    expect(experimentation.data.conveners?.map((c) => c.name)).toEqual(['Fondation X']);
  });
});
