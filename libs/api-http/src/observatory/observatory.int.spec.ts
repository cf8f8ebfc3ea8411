/**
 * The observatory over HTTP (real SQLite files, real projector, real HTTP):
 * partnerships proposed through the API are counted by mode as JSON and CSV,
 * as of a date on both clocks, by region; catalyseurs and operators read it,
 * partners get 403; bad dates, unknown sections and tables are 4xx, never 5xx.
 */
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Answer {
  readonly section: string;
  readonly asOf: string;
  readonly clock: string;
  readonly period: { readonly from?: string; readonly until: string };
  readonly subjects: number;
  readonly tables: readonly { readonly name: string; readonly rows: readonly Record<string, unknown>[] }[];
}

const partnership = (id: string, territory: { id: string; name: string; scale: string }, modes: string[]) => ({
  id,
  title: `Partenariat ${id}`,
  territory,
  partners: [
    { orgId: `asso-${id}`, name: 'Association', sphere: 'association' },
    { orgId: `ent-${id}`, name: 'Entreprise', sphere: 'entreprise' },
  ],
  modes,
});
const IDF = { id: 'ile-de-france', name: 'Île-de-France', scale: 'regional' };
const LYON = { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' };
const shares = (answer: Answer): Record<string, unknown> =>
  Object.fromEntries((answer.tables.find((t) => t.name === 'by_mode')?.rows ?? []).map((r) => [r['mode'], r['share']]));

describe('the observatory (HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  let partner: string;
  const { send, get, refused } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi({ now: '2025-01-06T09:00:00.000Z' });
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-1']); // a catalyseur proposes (and accompanies) partnerships once a member
    operator = api.token({ sub: 'op-1', role: 'operator' });
    partner = api.token({ sub: 'p-1', role: 'partner', org: 'asso-a' });
    await send(catalyseur, '/api/partnerships', partnership('a', IDF, ['mecenat', 'innovation_societale']), 201);
    await send(catalyseur, '/api/partnerships', partnership('b', LYON, ['mecenat']), 201);
    api.clock.set('2025-03-01T09:00:00.000Z');
    const last = await send(catalyseur, '/api/partnerships', partnership('c', IDF, ['pratiques_responsables']), 201);
    await api.projected(last.position);
  });
  afterAll(() => api.close());

  it('lists its sections', async () => {
    const index = await get<{ name: string; href: string }[]>(catalyseur, '/api/observatory');
    expect(index.map((s) => s.name)).toContain('partnerships');
    expect(index.find((s) => s.name === 'partnerships')?.href).toBe('/api/observatory/partnerships');
  });

  it('counts partnerships by mode, shares summing above 100 %, for catalyseurs and operators', async () => {
    const answer = await get<Answer>(operator, '/api/observatory/partnerships');
    expect(answer).toMatchObject({ section: 'partnerships', clock: 'happened', subjects: 3, period: { until: '2025-03-01' } });
    expect(shares(answer)).toEqual({ pratiques_responsables: 33.3, mecenat: 66.7, cooperation_economique: 0, innovation_societale: 33.3 });
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships')).subjects).toBe(3);
  });

  it('as of a date, on the happened and the recorded clock; by region (name or slug) and territory', async () => {
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?asOf=2025-02-01')).subjects).toBe(2);
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?asOf=2025-01-05')).subjects).toBe(0);
    // Everything was recorded today (2025 in the test clock, but `recordedAt` is the real time): nothing was recorded in early 2025.
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?asOf=2025-02-01&clock=recorded')).subjects).toBe(0);
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?region=ile-de-france')).subjects).toBe(2);
    const composed = await get<Answer>(catalyseur, `/api/observatory/partnerships?region=${encodeURIComponent('Île-de-France')}`);
    expect(composed.subjects).toBe(2);
    // Decomposed (« I » then a combining circumflex, as macOS copies it): the same region, the same answer.
    const decomposed = 'Île-de-France'.normalize('NFD');
    expect(decomposed).not.toBe('Île-de-France');
    expect(await get<Answer>(catalyseur, `/api/observatory/partnerships?region=${encodeURIComponent(decomposed)}`)).toEqual(composed);
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?territory=grand-lyon')).subjects).toBe(1);
    const period = await get<Answer>(catalyseur, '/api/observatory/partnerships?from=2025-02-01&to=2025-12-31');
    expect(period.tables.find((t) => t.name === 'per_year')?.rows).toEqual([{ year: '2025', proposed: 1, renewed: 0, closed: 0 }]);
  });

  it('answers CSV with Accept: text/csv: a section as a long table, a table as itself', async () => {
    const long = await api.request<string>('GET', '/api/observatory/partnerships', { token: catalyseur, headers: { accept: 'text/csv' } });
    expect(long.status).toBe(200);
    expect(long.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(long.headers.get('content-disposition')).toMatch(/attachment; filename="observatoire-partenariats-2025-03-01\.csv"/);
    const lines = long.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // As a French spreadsheet reads it (the evaluation reports' CSV): `;` between cells, decimal commas (the byte
    // order mark, which `fetch`'s text() drops, is checked by the observatory's unit specs). In the tables' own words:
    // title, the group in words, measure, value, then the group's machine key.
    expect(lines[0]).toBe('tableau;groupe;mesure;valeur;clé');
    expect(lines).toContain('Partenariats par mode (un partenariat peut en avoir plusieurs);Mécénat;Part (%);66,7;mecenat');
    expect(lines).toContain('Partenariats par mode (un partenariat peut en avoir plusieurs);Mécénat;Nombre;2;mecenat');
    // A region is keyed by its name: its group is that name, never empty.
    expect(lines).toContain('Partenariats par région;Île-de-France;Nombre;2;Île-de-France');
    expect(lines.some((line) => /;Libellé;/.test(line) || /\bby_mode\b|;share;|;count;/.test(line))).toBe(false);
    expect(lines.filter((line) => /\d\.\d/.test(line.split(';')[3] ?? ''))).toEqual([]);
    const table = await api.request<string>('GET', '/api/observatory/partnerships/by_mode', { token: catalyseur, headers: { accept: 'text/csv' } });
    expect(table.headers.get('content-disposition')).toMatch(/attachment; filename="observatoire-partenariats-par-mode-2025-03-01\.csv"/);
    expect(
      table.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 3),
    ).toEqual(['Mode;Libellé;Nombre;Part (%)', 'mecenat;Mécénat;2;66,7', 'pratiques_responsables;Pratiques responsables;1;33,3']);
    // The impacts table: each key with its French words beside it (a sub-dimension's dimension too).
    const impacts = await api.request<string>('GET', '/api/observatory/partnerships/impacts', { token: catalyseur, headers: { accept: 'text/csv' } });
    const impactLines = impacts.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(impactLines[0]).toMatch(/^Dimension;Libellé;Sous-dimension de;Sous-dimension de \(libellé\);/);
    expect(impactLines.find((line) => line.startsWith('growth_and_jobs;'))).toMatch(
      /^growth_and_jobs;Croissance économique et emplois;innovation_societale;Innovation sociétale;/,
    );
    const json = await get<{ table: { name: string } }>(catalyseur, '/api/observatory/partnerships/by_mode');
    expect(json.table.name).toBe('by_mode');
  });

  it('keeps its documents in memory and brings them up to date: a partnership proposed since shows in the next answer', async () => {
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?territory=grand-lyon')).subjects).toBe(1);
    const proposed = await send(catalyseur, '/api/partnerships', partnership('d', LYON, ['cooperation_economique']), 201);
    await api.projected(proposed.position);
    const answer = await get<Answer>(catalyseur, '/api/observatory/partnerships?territory=grand-lyon');
    expect(answer.subjects).toBe(2);
    expect(shares(answer)).toMatchObject({ mecenat: 50, cooperation_economique: 50 });
    // Only what happened by then: the new one is not in an answer as of February.
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?territory=grand-lyon&asOf=2025-02-01')).subjects).toBe(1);
  });

  it('counts a partnership recorded after the fact on the day it was proposed, and refuses one proposed in the future', async () => {
    const late = await send(catalyseur, '/api/partnerships', { ...partnership('e', LYON, ['mecenat']), proposedAt: '2024-06-01' }, 201);
    await api.projected(late.position);
    const lastYear = await get<Answer>(catalyseur, '/api/observatory/partnerships?asOf=2024-12-31');
    expect(lastYear.subjects).toBe(1);
    expect(lastYear.tables.find((t) => t.name === 'per_year')?.rows).toEqual([{ year: '2024', proposed: 1, renewed: 0, closed: 0 }]);
    const future = await refused(
      catalyseur,
      'POST',
      '/api/partnerships',
      { ...partnership('f', LYON, ['mecenat']), proposedAt: '2025-03-02' },
      400,
      'VALIDATION',
    );
    expect(future.message).toMatch(/proposedAt cannot be in the future/);
  });

  it('refuses partners, bad dates and unknown names with a code, never a 5xx', async () => {
    await refused(partner, 'GET', '/api/observatory/partnerships', undefined, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/observatory', undefined, 403, 'FORBIDDEN');
    const bad = await refused(catalyseur, 'GET', '/api/observatory/partnerships?asOf=2025-02-30', undefined, 400, 'VALIDATION');
    expect(bad.message).toMatch(/asOf/);
    await refused(catalyseur, 'GET', '/api/observatory/partnerships?asOf=2025-01-01T25:00:00Z', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/observatory/partnerships?clock=yesterday', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/observatory/partnerships?from=2025-03-01&to=2025-01-01', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/observatory/partnerships?unknown=1', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/observatory/nothing', undefined, 404, 'NOT_FOUND');
    await refused(catalyseur, 'GET', '/api/observatory/partnerships/nothing', undefined, 404, 'NOT_FOUND');
    // A period that would start after the day the figures stand as of.
    for (const query of ['from=2030-01-01', 'from=2025-02-01&asOf=2025-01-31', 'from=2025-02-01&to=2030-01-01&asOf=2025-01-15']) {
      const late = await refused(catalyseur, 'GET', `/api/observatory/partnerships?${query}`, undefined, 400, 'VALIDATION');
      expect({ query, details: late.details }).toEqual({
        query,
        details: [
          { field: 'from', messages: ['from must not be after the day the figures stand as of (asOf, or today): the period would start after its end'] },
        ],
      });
    }
    // A clock without the date it reads, as the single reads refuse it.
    const clock = await refused(catalyseur, 'GET', '/api/observatory/partnerships?clock=recorded', undefined, 400, 'VALIDATION');
    expect(clock.details).toEqual([{ field: 'clock', messages: ['clock is given with asOf only'] }]);
    // A place nobody knows is said so, not counted as zeros; a known one with nothing in the cut is zeros.
    const nowhere = await refused(catalyseur, 'GET', '/api/observatory/partnerships?territory=nowhere', undefined, 404, 'NOT_FOUND');
    expect(nowhere.message).toBe('territory nowhere not found');
    const atlantis = await refused(catalyseur, 'GET', '/api/observatory/gatherings/held_by_kind?region=Atlantis', undefined, 404, 'NOT_FOUND');
    expect(atlantis.message).toBe('region Atlantis not found');
    expect((await get<Answer>(catalyseur, '/api/observatory/partnerships?territory=grand-lyon&asOf=2020-01-01')).subjects).toBe(0);
    expect((await get<Answer>(catalyseur, `/api/observatory/gatherings?region=${encodeURIComponent('Île-de-France')}`)).subjects).toBe(0);
    const body: ErrorBody = await refused(catalyseur, 'GET', '/api/observatory/bad%20name', undefined, 400, 'VALIDATION');
    expect(body.message).toMatch(/section/);
  });
});
