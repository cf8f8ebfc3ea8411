/**
 * What an outside tester found answered wrongly (real api, real HTTP, a built console beside it): a unit that only
 * looks like text, an id given as `null`, the feed of a room and the portfolio of a catalyseur that do not exist, a
 * body that is not in its Content-Encoding, a path starting with `//`. Each is refused with its code and a clear
 * message, and writes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ID_RULE } from '@catalyse/protocol';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const NOT_NULL = (field: string): string => `${field} must be an identifier (${ID_RULE}), not null: leave it out instead`;

const proposal = (extra: Record<string, unknown> = {}) => ({
  title: 'Insertion',
  territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
  partners: [
    { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
    { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
  ],
  modes: ['mecenat'],
  ...extra,
});

describe('HTTP api: what an outside tester found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-console-'));
  let api: ApiHarness;
  let operator: string;
  let catalyseur: string;
  const { send, get } = httpSteps(() => api);
  const head = (): Promise<bigint> => api.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Catalyse</title>');
    writeFileSync(join(dir, 'main.js'), 'console.log("console");\n');
    api = await startApi({ http: { consoleDir: dir } });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    catalyseur = api.token({ sub: 'cata-known', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cata-known']);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('an indicator’s unit is readable text, as its name', () => {
    let partnership: string;
    beforeAll(async () => {
      partnership = (await send(operator, '/api/partnerships', proposal(), 201)).id;
    });

    it.each([
      ['a NUL', 'pers\u0000onnes', 'unit must not hold control characters (only tabs and line breaks)'],
      ['a lone surrogate', 'x\ud800y', 'unit must be well-formed Unicode text (it holds half of a surrogate pair)'],
      ['a bidi mark alone', '\u202e', 'unit must not be blank'],
      ['zero-width characters', '\u200d\ufeff', 'unit must not be blank'],
      ['an empty string', '', 'unit must be longer than or equal to 1 characters'],
      ['spaces', '   ', 'unit must not be blank'],
      ['more than 50 characters', 'p'.repeat(51), 'unit must be shorter than or equal to 50 characters'],
    ])('refuses a unit of %s: 400 VALIDATION naming unit, nothing written', async (_what, unit, message) => {
      const before = await head();
      const answer = await api.request<ErrorBody>('POST', `/api/partnerships/${partnership}/record-indicator`, {
        token: operator,
        body: { name: 'Bénévoles mobilisés', value: 12, unit },
      });
      expect([answer.status, answer.body.code, answer.body.details]).toEqual([400, 'VALIDATION', [{ field: 'unit', messages: [message] }]]);
      expect(await head()).toBe(before);
    });

    it('still takes a readable unit, or none', async () => {
      for (const orgId of ['asso-1', 'ent-1']) await send(operator, `/api/partnerships/${partnership}/agree-objectives`, { orgId, objectives: ['economique'] });
      await send(operator, `/api/partnerships/${partnership}/plan-milestone`, { title: 'Premier atelier', dueDate: '2025-06-01' });
      await api.projected((await send(operator, `/api/partnerships/${partnership}/start-pilotage`, {})).position);
      await send(operator, `/api/partnerships/${partnership}/record-indicator`, { name: 'Bénévoles mobilisés', value: 12, unit: 'personnes' });
      await send(operator, `/api/partnerships/${partnership}/record-indicator`, { name: 'Ateliers', value: 3 });
    });

    it('refuses a gathering’s link holding a control character as any text', async () => {
      const answer = await api.request<ErrorBody>('POST', '/api/gatherings', {
        token: operator,
        body: { kind: 'rencontre_annuelle', theme: 'Rencontre', date: '2025-03-01', link: 'https://exemple.org/\u0000' },
      });
      expect([answer.status, answer.body.details]).toEqual([
        400,
        [{ field: 'link', messages: ['link must not hold control characters (only tabs and line breaks)'] }],
      ]);
    });
  });

  describe('an optional id may be left out, never given as null', () => {
    it.each([
      ['a partnership', '/api/partnerships', proposal({ id: null }), 'id'],
      ['a room', '/api/rooms', { id: null, kind: 'network', title: 'Salon', access: 'open' }, 'id'],
      [
        'a catalyseur',
        '/api/catalyseurs',
        { id: null, name: 'Ana', sphere: 'association', territory: 'grand-lyon', skills: ['accompagnement_partenariat'], joinedAt: '2000-01-01' },
        'id',
      ],
      ['a room’s subject', '/api/rooms', { kind: 'network', subject: null, title: 'Salon', access: 'open' }, 'subject'],
      ['a working group', '/api/experimentations/exp-inconnue/form-working-group', { groupId: null, theme: 'Handicap' }, 'groupId'],
    ])('refuses %s given id null: 400 VALIDATION naming the field, nothing written', async (_what, path, body, field) => {
      const before = await head();
      const answer = await api.request<ErrorBody>('POST', path, { token: operator, body });
      expect([answer.status, answer.body.code, answer.body.details]).toEqual([400, 'VALIDATION', [{ field, messages: [NOT_NULL(field)] }]]);
      expect(await head()).toBe(before);
    });

    it('still makes an id when it is left out', async () => {
      const room = await send(operator, '/api/rooms', { kind: 'network', title: 'Salon sans id', access: 'open' }, 201);
      expect(room.id).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('reads of what does not exist are 404, after the access check', () => {
    it('answers the feed of a room never opened 404, as its card', async () => {
      const feed = await api.request<ErrorBody>('GET', '/api/rooms/salon-inconnu/feed', { token: operator });
      expect([feed.status, feed.body.code, feed.body.message]).toEqual([404, 'NOT_FOUND', 'room salon-inconnu not found']);
      // A room that exists, empty or not, has its feed.
      const opened = await send(operator, '/api/rooms', { id: 'salon-connu', kind: 'network', title: 'Salon connu', access: 'open' }, 201);
      await api.projected(opened.position);
      expect(await get<{ entries: unknown[] }>(operator, '/api/rooms/salon-connu/feed')).toEqual(expect.objectContaining({ entries: expect.any(Array) }));
    });

    it('answers an operator the feed of a room never opened 404 by its room key too, as by the room', async () => {
      for (const path of ['/api/feeds/room:salon-jamais-ouvert', '/api/rooms/salon-jamais-ouvert/feed']) {
        const feed = await api.request<ErrorBody>('GET', path, { token: operator });
        expect([path, feed.status, feed.body.code, feed.body.message]).toEqual([path, 404, 'NOT_FOUND', 'room salon-jamais-ouvert not found']);
      }
      // Validation first, as on every read: a malformed query is 400 whatever the room.
      expect((await api.request('GET', '/api/feeds/room:salon-jamais-ouvert?since=-1', { token: operator })).status).toBe(400);
      // A catalyseur hears the same.
      const asked = await api.request<ErrorBody>('GET', '/api/feeds/room:salon-jamais-ouvert', { token: catalyseur });
      expect([asked.status, asked.body.message]).toEqual([404, 'room salon-jamais-ouvert not found']);
      // A room that exists, empty or not, has its feed by either path; the other feeds are read as before.
      const opened = await send(operator, '/api/rooms', { id: 'salon-par-cle', kind: 'network', title: 'Salon par clé', access: 'open' }, 201);
      await api.projected(opened.position);
      const byKey = await get<{ room: string; entries: unknown[] }>(operator, '/api/feeds/room:salon-par-cle');
      expect(byKey).toEqual(await get(operator, '/api/rooms/salon-par-cle/feed'));
      expect(byKey.room).toBe('room:salon-par-cle');
      expect(await get<{ room: string }>(operator, '/api/feeds/network')).toEqual(expect.objectContaining({ room: 'network' }));
    });

    it('answers the portfolio of a catalyseur nobody recorded 404, an empty one of a recorded catalyseur 200', async () => {
      const unknown = await api.request<ErrorBody>('GET', '/api/catalyseurs/cata-inconnu/portfolio', { token: operator });
      expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([404, 'NOT_FOUND', 'catalyseur cata-inconnu not found']);
      const empty = await get<{ partnerships: unknown[] }>(operator, '/api/catalyseurs/cata-known/portfolio');
      expect(empty).toEqual(expect.objectContaining({ partnerships: [] }));
      expect(await get<{ partnerships: unknown[] }>(catalyseur, '/api/catalyseurs/cata-known/portfolio')).toEqual(empty);
      // Access first: another catalyseur's portfolio, known or not, is 403.
      const other = await api.request<ErrorBody>('GET', '/api/catalyseurs/cata-inconnu/portfolio', { token: catalyseur });
      expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
      // A signed-in catalyseur nobody recorded still reads its own (empty) portfolio: the console's « Mon portefeuille ».
      const newcomer = api.token({ sub: 'cata-new', role: 'catalyseur' });
      expect((await api.request('GET', '/api/catalyseurs/cata-new/portfolio', { token: newcomer })).status).toBe(200);
    });
  });

  it.each([
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['br', 'br'],
    ['GZIP', 'gzip'],
  ])('says a body that is not in its Content-Encoding (%s) is not, in words: 400 VALIDATION, nothing written', async (given, named) => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', {
      token: operator,
      raw: '{"kind":"territory","id":"x"}',
      headers: { 'content-type': 'application/json', 'content-encoding': given },
    });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([400, 'VALIDATION', `the body is not valid ${named} (Content-Encoding: ${named})`]);
    expect(await head()).toBe(before);
  });

  /** A GET of `path` exactly as written (`fetch` would normalise it). */
  const rawGet = (path: string): Promise<{ status: number; type: string; body: string }> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      const request = httpRequest({ hostname, port, path, headers: { authorization: `Bearer ${operator}` } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body }));
      });
      request.on('error', reject);
      request.end();
    });

  it.each(['//api/partnerships', '//api/', '//API/partnerships', '/./api/partnerships', '/partenariats/../api/partnerships', '//main.js', '//'])(
    'answers GET %s in JSON (404), never with the console’s page',
    async (path) => {
      const answer = await rawGet(path);
      expect([path, answer.status, answer.type]).toEqual([path, 404, expect.stringMatching(/^application\/json/)]);
      expect((JSON.parse(answer.body) as ErrorBody).code).toBe('NOT_FOUND');
      expect(answer.body).not.toContain('<title>');
    },
  );

  it('still serves the console’s pages', async () => {
    for (const path of ['/', '/partenariats/x', '/salons/./x']) {
      const answer = await rawGet(path);
      expect([path, answer.status, answer.type]).toEqual([path, 200, expect.stringMatching(/^text\/html/)]);
    }
  });
});
