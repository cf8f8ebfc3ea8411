/**
 * Exports over HTTP (real SQLite files, real projector, real HTTP): the log
 * as NDJSON or CSV for operators only, filtered by position, stream prefixes,
 * event types and period on either clock, strict parameters (400, never a
 * 500); and every read-model list with its total, and as CSV.
 */
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, type ErrorBody, httpSteps, startApi } from '../test-support/api-harness';

interface Line {
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly revision: string;
  readonly data: Record<string, unknown>;
  readonly recordedAt: string;
}

/** The api's clock (the harness's default): today is 2025-01-06 in Paris. */
const TODAY = '2025-01-06T09:00:00.000Z';

const meta = (occurredAt: string) => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'op-1', occurredAt, schemaVersion: 1 });

describe('exports (HTTP)', () => {
  let api: ApiHarness;
  let operator: string;
  const { send, refused } = httpSteps(() => api);

  const lines = async (query: string, token = operator): Promise<Line[]> => {
    const answer = await fetch(`${api.url}/api/exports/events${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const text = await answer.text();
    return text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Line);
  };

  beforeAll(async () => {
    api = await startApi({ now: TODAY });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const store = api.app.get<EventStore>(EVENT_STORE);
    // Three catalyseurs over HTTP (joined "today", 2025-01-06), then a room's history written straight to the log.
    for (const [id, name] of [
      ['cat-a', 'Alice, "la" Catalyseuse'],
      ['cat-b', 'Bruno\nSur deux lignes'],
      ['cat-c', '=1+1'],
    ]) {
      await send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory: 'charenton', skills: ['mise_en_relation'] }, 201);
    }
    const room = [
      [
        'RoomOpened',
        { roomId: 'agora', kind: 'theme', subject: 'mobilite', title: 'Agora', access: 'open', openedBy: 'op-1', openedAt: '2024-12-01T10:00:00.000Z' },
      ],
      ['MessagePosted', { messageId: 'm1', clientMsgId: 'c1', authorId: 'op-1', text: 'un', postedAt: '2024-12-31T23:30:00.000Z' }],
      ['MessagePosted', { messageId: 'm2', clientMsgId: 'c2', authorId: 'op-1', text: 'deux', postedAt: '2025-01-02T10:00:00.000Z' }],
    ] as const;
    const appended = await store.append(
      'room-agora',
      room.map(([type, data]) => ({ id: randomUUID(), type, data, metadata: meta(String('openedAt' in data ? data.openedAt : data.postedAt)) })),
      { expectedRevision: 'no_stream' },
    );
    await api.projected(appended.position);
  });
  afterAll(async () => {
    await api.close();
  });

  it('operators only: 401 without a token, 403 for catalyseurs and partners', async () => {
    expect((await fetch(`${api.url}/api/exports/events`)).status).toBe(401);
    await refused(api.token({ sub: 'cat-a', role: 'catalyseur' }), 'GET', '/api/exports/events', undefined, 403, 'FORBIDDEN');
    await refused(api.token({ sub: 'marie', role: 'partner', org: 'flda' }), 'GET', '/api/exports/events', undefined, 403, 'FORBIDDEN');
  });

  it('streams the whole log as NDJSON, in position order, and resumes after a position', async () => {
    const all = await lines('');
    expect(all.map((l) => l.type)).toEqual(['CatalyseurJoined', 'CatalyseurJoined', 'CatalyseurJoined', 'RoomOpened', 'MessagePosted', 'MessagePosted']);
    expect(all.map((l) => BigInt(l.position))).toEqual([...all.map((l) => BigInt(l.position))].sort((a, b) => (a < b ? -1 : 1)));
    const third = all[2]?.position ?? '';
    expect((await lines(`?after=${third}`)).map((l) => l.type)).toEqual(['RoomOpened', 'MessagePosted', 'MessagePosted']);
  });

  it('filters by stream prefixes and event types (repeated or comma-separated)', async () => {
    expect((await lines('?streamPrefix=room-')).map((l) => l.stream)).toEqual(['room-agora', 'room-agora', 'room-agora']);
    expect((await lines('?streamPrefix=catalyseur-cat-a&streamPrefix=catalyseur-cat-c')).map((l) => l.stream)).toEqual([
      'catalyseur-cat-a',
      'catalyseur-cat-c',
    ]);
    expect((await lines('?type=RoomOpened,MessagePosted&streamPrefix=room-')).length).toBe(3);
    expect((await lines('?type=MessagePosted&type=RoomOpened')).map((l) => l.type)).toEqual(['RoomOpened', 'MessagePosted', 'MessagePosted']);
    expect(await lines('?type=RoomArchived')).toEqual([]);
  });

  it('filters by period: on the happened clock by the dates events carry (days in Paris), on the recorded clock by when the log got them', async () => {
    // 2024-12-31T23:30Z is already 1 January 2025 in Paris.
    const happened = await lines('?clock=happened&from=2025-01-01&to=2025-01-01&streamPrefix=room-');
    expect(happened.map((l) => l.data['messageId'])).toEqual(['m1']);
    expect((await lines('?clock=happened&to=2024-12-31&streamPrefix=room-')).map((l) => l.type)).toEqual(['RoomOpened']);
    expect((await lines('?clock=happened&to=2024-12-31T23:00:00Z&streamPrefix=room-')).map((l) => l.type)).toEqual(['RoomOpened']);
    expect((await lines('?clock=happened&to=2024-12-31T23:30:00Z&streamPrefix=room-')).map((l) => l.type)).toEqual(['RoomOpened', 'MessagePosted']);
    // Everything was recorded today: the default (recorded) clock sees none of it in 2024.
    expect(await lines('?to=2024-12-31')).toEqual([]);
    // The log's clock is the real one, the api's the test's (2025-01-06): read at the real time, where the hour before has come.
    const real = new Date();
    api.clock.set(real.toISOString());
    try {
      expect((await lines(`?from=${new Date(real.getTime() - 3_600_000).toISOString()}`)).length).toBe(6);
    } finally {
      api.clock.set(TODAY);
    }
  });

  it('refuses a period as `ops export` does: a from not come yet, a clock without from or to (400 VALIDATION); a to in the future is read', async () => {
    const refusals: readonly (readonly [string, string, string])[] = [
      ['from=2027-01-01', 'from', 'from cannot be in the future: 2027-01-01 is after today (2025-01-06)'],
      ['from=2025-01-07&to=2025-01-31', 'from', 'from cannot be in the future: 2025-01-07 is after today (2025-01-06)'],
      ['from=2025-01-06T09:00:00.001Z', 'from', `from cannot be in the future: 2025-01-06T09:00:00.001Z is after now (${TODAY})`],
      ['clock=happened', 'clock', 'clock applies to a period: give from or to with it (without one, both clocks export the same events)'],
      ['clock=recorded&streamPrefix=room-', 'clock', 'clock applies to a period: give from or to with it (without one, both clocks export the same events)'],
    ];
    for (const [query, field, message] of refusals) {
      const answer = await api.request<ErrorBody>('GET', `/api/exports/events?${query}`, { token: operator });
      expect([query, answer.status, answer.body.code, answer.body.message, answer.body.details]).toEqual([
        query,
        400,
        'VALIDATION',
        message,
        [{ field, messages: [message] }],
      ]);
    }
    // Today, now, and a `to` in the future are read (up to now).
    expect((await lines('?clock=happened&from=2025-01-06&streamPrefix=room-')).length).toBe(0);
    expect((await lines(`?clock=happened&from=${TODAY}&to=2099-12-31&streamPrefix=room-`)).length).toBe(0);
    expect((await lines('?clock=happened&to=2099-12-31&streamPrefix=room-')).map((l) => l.type)).toEqual(['RoomOpened', 'MessagePosted', 'MessagePosted']);
  });

  it('exports the events as stored, each with its schema version; upcast=true brings them to the current version', async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const v1 = { dimension: 'confiance', score: 4, evidence: 'entretiens' };
    await store.append('partnership-v1', [{ id: randomUUID(), type: 'ImpactAssessed', data: v1, metadata: meta('2012-10-15T09:00:00.000Z') }], {
      expectedRevision: 'no_stream',
    });
    type Versioned = Line & { readonly metadata: Record<string, unknown> };
    const [stored] = (await lines('?streamPrefix=partnership-v1')) as Versioned[];
    expect(stored).toMatchObject({ data: v1, metadata: { schemaVersion: 1 } });
    expect((await lines('?streamPrefix=partnership-v1&upcast=false'))[0]?.data).toEqual(v1);
    const [upcast] = (await lines('?streamPrefix=partnership-v1&upcast=true')) as Versioned[];
    expect(upcast).toMatchObject({
      data: { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 4 }, score: 4, evidence: 'entretiens' },
      metadata: { schemaVersion: 2, upcastFrom: 1 },
    });
    expect((await api.request<ErrorBody>('GET', '/api/exports/events?upcast=yes', { token: operator })).status).toBe(400);
  });

  it('refuses what is not well formed: 400 VALIDATION, never a 500', async () => {
    const odd = [
      'after=-1',
      'after=abc',
      'after=1.5',
      'from=2025-02-30',
      'to=2025-01-01T25:00:00Z',
      'from=2025-01-01T10:00:00',
      'clock=later',
      'type=NotAnEventType',
      'type=',
      'streamPrefix=room%20agora',
      'unknown=1',
      `type=${Array.from({ length: 51 }, () => 'RoomOpened').join(',')}`,
    ];
    for (const query of odd) {
      const answer = await api.request<ErrorBody>('GET', `/api/exports/events?${query}`, { token: operator });
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'VALIDATION']);
    }
  });

  it('the log as CSV with Accept: text/csv: a BOM, a header, one RFC 4180 record per event, its data as JSON', async () => {
    const answer = await fetch(`${api.url}/api/exports/events?streamPrefix=catalyseur-`, {
      headers: { authorization: `Bearer ${operator}`, accept: 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="events.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await answer.arrayBuffer());
    expect(text.startsWith('\uFEFFposition,stream,type,revision,occurredAt,recordedAt,id,actor,data,metadata\r\n')).toBe(true);
    const records = text.slice(1).split('\r\n').filter(Boolean);
    expect(records).toHaveLength(1 + 3); // a header, three events (cat-b's name holds a line break, escaped in its JSON)
    expect(text).toContain('"{""catalyseurId"":""cat-a"",""name"":""Alice, \\""la\\"" Catalyseuse""');
  });

  it('format=spreadsheet: the log as a French spreadsheet opens it (`;`, French headers, Paris times), the machine CSV unchanged', async () => {
    const answer = await fetch(`${api.url}/api/exports/events?streamPrefix=room-&format=spreadsheet`, {
      headers: { authorization: `Bearer ${operator}`, accept: 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="journal-des-evenements-2025-01-06.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await answer.arrayBuffer());
    const records = text.split('\r\n').filter(Boolean);
    expect(records[0]).toBe(
      '\uFEFFPosition;Flux;Type d’événement;Révision;Décidé le (Europe/Paris);Enregistré le (Europe/Paris);Identifiant;Auteur;Données;Métadonnées',
    );
    // m1, posted at 23:30 UTC on 31 December: 00:30 on 1 January in Paris.
    expect(
      records
        .find((r) => r.includes('""m1""'))
        ?.split(';')
        .slice(1, 5),
    ).toEqual(['room-agora', 'MessagePosted', '1', '01/01/2025 00:30:00']);
    // Without `format`, Accept: text/csv is the machine CSV, as documented; format=csv and format=ndjson say it in the query.
    const machine = await fetch(`${api.url}/api/exports/events?streamPrefix=room-&format=csv`, { headers: { authorization: `Bearer ${operator}` } });
    expect(machine.headers.get('content-disposition')).toBe('attachment; filename="events.csv"');
    expect((await machine.text()).replace(/^\uFEFF/, '').startsWith('position,stream,type,revision,occurredAt,recordedAt,id,actor,data,metadata\r\n')).toBe(
      true,
    );
    expect((await lines('?streamPrefix=room-&format=ndjson')).length).toBe(3);
    expect((await api.request<ErrorBody>('GET', '/api/exports/events?format=xlsx', { token: operator })).status).toBe(400);
  });

  it('every list answers its total, and CSV with Accept: text/csv', async () => {
    const page = await api.request<{ items: { id: string }[]; total: number; limit: number; offset: number }>('GET', '/api/catalyseurs?limit=2&offset=1', {
      token: operator,
    });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((c) => c.id)).toEqual(['cat-b', 'cat-c']);
    for (const list of ['partnerships', 'gatherings', 'territories', 'introductions', 'experimentations', 'parcours']) {
      const empty = await api.request<{ total: number; items: unknown[] }>('GET', `/api/${list}`, { token: operator });
      expect([list, empty.status, empty.body.total, empty.body.items]).toEqual([list, 200, 0, []]);
      const csv = await api.request<string>('GET', `/api/${list}`, { token: operator, headers: { accept: 'text/csv' } });
      expect([list, csv.status, csv.headers.get('content-type'), csv.headers.get('x-total-count')]).toEqual([list, 200, 'text/csv; charset=utf-8', '0']);
    }

    const csv = await fetch(`${api.url}/api/catalyseurs?territory=charenton`, { headers: { authorization: `Bearer ${operator}`, accept: 'text/csv' } });
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="catalyseurs.csv"');
    expect(csv.headers.get('x-total-count')).toBe('3');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = text.slice(1).split('\r\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['id', 'name', 'sphere', 'territory', 'skills', 'status', 'joinedAt', 'revision', 'position']));
    expect(text).toContain('"Alice, ""la"" Catalyseuse"');
    expect(text).toContain('"Bruno\nSur deux lignes"');
    expect(text).toContain(",'=1+1,"); // not a formula in a spreadsheet
    expect(rows.filter(Boolean)).toHaveLength(3); // three records (cat-b's spans two lines inside its quotes)
    // JSON stays the default, and errors stay JSON.
    expect((await api.request('GET', '/api/catalyseurs', { token: operator, headers: { accept: '*/*' } })).headers.get('content-type')).toMatch(/json/);
    const bad = await api.request<ErrorBody>('GET', '/api/catalyseurs?limit=0', { token: operator, headers: { accept: 'text/csv' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION']);
  });
});
