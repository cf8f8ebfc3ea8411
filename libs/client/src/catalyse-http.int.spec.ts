import { CatalyseHttp, type CommandAccepted } from './index';
import { freePort } from '@catalyse/test-servers';
import { startCatalyse, type TestCatalyse } from './testing/catalyse-server';

describe('CatalyseHttp against a real Catalyse', () => {
  let server: TestCatalyse;
  let http: CatalyseHttp;
  let operator: CatalyseHttp;
  beforeAll(async () => {
    server = await startCatalyse();
    http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
    operator = http.withToken(server.token({ sub: 'op-1', role: 'operator' }));
  });
  afterAll(() => server.close());

  it('answers 201, 200, 400, 401, 403, 404 and 409 (with currentRevision) as typed results, never throwing', async () => {
    const created = await http.rooms.open({ kind: 'theme', subject: 'mobilite', title: 'Mobilité rurale', access: 'open' });
    expect(created).toMatchObject({ ok: true, value: { id: expect.any(String), revision: expect.any(Number) } });
    if (!created.ok) throw new Error('unreachable');
    const { id, revision } = created.value;

    const decided = await http.rooms.recordDecision(id, 'On se retrouve en mars');
    expect(decided).toMatchObject({ ok: true, value: { id, revision: revision + 1 } });

    const invalid = await http.command(`/rooms/${id}/post-message`, { text: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { status: 400, code: 'VALIDATION' } });

    const anonymous = await http.withToken('').get(`/rooms/${id}`);
    expect(anonymous).toMatchObject({ ok: false, error: { status: 401, code: 'UNAUTHORIZED' } });

    const forbidden = await http.rebuilds.request();
    expect(forbidden).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN' } });

    const missing = await http.rooms.get('no-such-room');
    expect(missing).toMatchObject({ ok: false, error: { status: 404, code: 'NOT_FOUND' } });

    const stale = await http.rooms.recordDecision(id, 'Trop tard', { ifMatch: revision });
    expect(stale).toMatchObject({ ok: false, error: { status: 409, code: 'CONFLICT', currentRevision: revision + 1 } });
    const fresh = await http.rooms.recordDecision(id, 'À jour', { ifMatch: revision + 1 });
    expect(fresh).toMatchObject({ ok: true, value: { revision: revision + 2 } });
  });

  it('assigns and releases the catalyseurs of a partnership, and reads a portfolio (docs/adr/0025-who-accompanies-a-partnership.md)', async () => {
    const partnership = {
      id: 'client-silver-geek',
      title: 'Silver Geek',
      territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
      partners: [
        { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
        { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
      ],
      modes: ['innovation_societale'],
    };
    expect(await operator.partnerships.propose(partnership)).toMatchObject({ ok: true, value: { revision: 0 } });
    // A partnership (or an accompaniment) is given to a catalyseur of the network only: cat-1 joins first.
    const profile = { name: 'Camille Client', sphere: 'association', territory: 'nouvelle-aquitaine', skills: ['mise_en_relation'] };
    expect(await http.command('/catalyseurs', profile)).toMatchObject({ ok: true });
    const other = http.withToken(server.token({ sub: 'cat-2', role: 'catalyseur' }));
    expect(await http.partnerships.assignCatalyseur(partnership.id, 'cat-1')).toMatchObject({ ok: true, value: { revision: 1 } });
    expect(await other.partnerships.assignCatalyseur(partnership.id, 'cat-2')).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN' } });
    expect(await http.partnerships.releaseCatalyseur(partnership.id, 'cat-1', 'relais')).toMatchObject({ ok: true, value: { revision: 2 } });
    expect(await http.catalyseurs.portfolio('cat-1')).toMatchObject({ ok: true, value: { catalyseurId: 'cat-1' } });
    expect(await other.catalyseurs.portfolio('cat-1')).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN' } });
  });

  it('reads organisations and their accompaniments; a partner reads its own organisation only (docs/adr/0024)', async () => {
    const org = { id: 'client-flda', name: 'Fondation Loire-Drôme-Ardèche', kind: 'fondation', size: 'pme', territory: 'ardeche', registryNumber: '775672272' };
    expect(await operator.command('/organisations', org)).toMatchObject({ ok: true });
    expect(
      await http.command('/accompaniments', { id: 'client-flda-1', organisationId: org.id, catalyseurId: 'cat-1', purpose: 'préparer un premier partenariat' }),
    ).toMatchObject({ ok: true });
    // Read models follow the log: read until the projector has them.
    const page = await until(
      () => http.organisations.get(org.id),
      (r) => r.ok && Array.isArray(r.value['accompaniments']) && r.value['accompaniments'].length === 1,
    );
    expect(page).toMatchObject({
      ok: true,
      value: { organisationId: org.id, name: org.name, kind: 'fondation', accompaniments: [{ accompanimentId: 'client-flda-1' }] },
    });
    const listed = await http.organisations.list({ territory: 'ardeche', kind: 'fondation' });
    expect(listed.ok && listed.value.items.map((o) => o['organisationId'])).toContain(org.id);
    expect(await http.accompaniments.list({ organisation: org.id, status: 'open' })).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await http.accompaniments.get('client-flda-1')).toMatchObject({ ok: true, value: { catalyseurId: 'cat-1', status: 'open', sessionCount: 0 } });
    const partner = http.withToken(server.token({ sub: 'marie', role: 'partner', org: 'other-org' }));
    expect(await partner.organisations.get(org.id)).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN' } });
    expect(await partner.organisations.list()).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN' } });
  });

  it('answers status 0 UNAVAILABLE when nothing answers', async () => {
    const nowhere = new CatalyseHttp({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    const result = await nowhere.health();
    expect(result).toMatchObject({ ok: false, error: { status: 0, code: 'UNAVAILABLE' } });
  });

  it('retries a command whose answer was lost with the same Idempotency-Key: one room, the first answer', async () => {
    const keys: string[] = [];
    let lost: CommandAccepted | undefined;
    const flaky: typeof fetch = async (input, init) => {
      keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
      const response = await fetch(input, init);
      if (keys.length === 1) {
        lost = (await response.json()) as CommandAccepted; // the server did it; the answer never arrives
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const client = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }), fetch: flaky });
    const result = await client.rooms.open({ kind: 'theme', subject: 'sante', title: 'Santé', access: 'open' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/.{8,}/);
    expect(keys[1]).toBe(keys[0]);
    expect(result).toMatchObject({ ok: true, value: lost });
    const room = await http.rooms.get(lost?.id ?? '');
    expect(room).toMatchObject({ ok: true, value: { title: 'Santé' } });
  });

  it('reads JSON and CSV: health, observatory sections, a section as CSV, a feed', async () => {
    expect(await http.health()).toMatchObject({ ok: true, value: { status: 'ok' } });
    const sections = await operator.observatory.sections();
    expect(sections.ok && sections.value.map((s) => s.name)).toContain('partnerships');
    const csv = await operator.observatory.sectionCsv('partnerships', { asOf: '2025-01-01' });
    expect(csv.ok).toBe(true);
    expect(csv.ok && typeof csv.value === 'string' && csv.value.length > 0).toBe(true);
    expect(await http.feeds.read('network')).toMatchObject({ ok: true, value: { room: 'network', epoch: expect.any(Number) } });
    expect(http.reports.downloadUrl('r1', 'csv')).toBe(`${server.url}/api/reports/r1/download?format=csv`);
    expect(http.reports.archiveUrl('r1')).toBe(`${server.url}/api/reports/r1/archive`);
    expect(http.reports.archiveUrl('r 1', 'html')).toBe(`${server.url}/api/reports/r%201/archive?format=html`);
  });
});

/** Calls `read` until `done` holds (the read models follow the log), then answers its last result. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
