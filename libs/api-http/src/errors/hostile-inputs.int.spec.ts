import { MAX_PAYLOAD_DEPTH } from '@catalyse/protocol';
import { type ApiHarness, type RequestOptions, startApi } from '../test-support/api-harness';

interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

/** Odd, hostile or careless requests: each gets a 4xx with a code, never a 500, and nothing is written. */
const CASES: [name: string, method: string, path: string, options: RequestOptions, status: number, code: string][] = [
  [
    'prototype keys are not fields',
    'POST',
    '/api/partnerships',
    { raw: '{"__proto__": {"title": "x"}, "constructor": {"prototype": {"y": 1}}}' },
    400,
    'VALIDATION',
  ],
  ['a JSON string body', 'POST', '/api/partnerships', { raw: '"just a string"' }, 400, 'VALIDATION'],
  ['a JSON null body', 'POST', '/api/partnerships', { raw: 'null' }, 400, 'VALIDATION'],
  [
    'an overflowing number',
    'POST',
    '/api/partnerships/p/assess-impact',
    { raw: '{"dimension": "confiance", "scores": {"collective_trust": 1e400, "individual_trust": 4}, "evidence": "e"}' },
    400,
    'VALIDATION',
  ],
  [
    'an unsupported charset',
    'POST',
    '/api/partnerships',
    { raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'an unsupported encoding',
    'POST',
    '/api/partnerships',
    { raw: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'br2' } },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  ['a repeated query parameter', 'GET', '/api/partnerships?limit=1&limit=2', {}, 400, 'VALIDATION'],
  ['a bracketed query parameter', 'GET', '/api/partnerships?territory[]=x', {}, 400, 'VALIDATION'],
  ['an unknown query parameter', 'GET', '/api/catalyseurs?colour=blue', {}, 400, 'VALIDATION'],
  ['a position beyond 2^53', 'GET', '/api/partnerships/p?position=99999999999999999999', {}, 400, 'VALIDATION'],
  ['a fractional seq', 'GET', '/api/rooms/r/feed?since=1.5', {}, 400, 'VALIDATION'],
  ['several If-Match values', 'POST', '/api/partnerships/p/start-pilotage', { headers: { 'if-match': '"1", "2"' } }, 400, 'VALIDATION'],
  ['a non-ASCII Idempotency-Key', 'POST', '/api/partnerships/p/start-pilotage', { headers: { 'idempotency-key': 'clé' } }, 400, 'VALIDATION'],
  ['a method the path does not take', 'DELETE', '/api/partnerships/p', {}, 405, 'METHOD_NOT_ALLOWED'],
  ['an unknown method on an unknown path', 'DELETE', '/api/partnerships/p/nothing-here', {}, 404, 'NOT_FOUND'],
  ['a bad percent-encoding', 'GET', '/api/rooms/%E0%A4%A', {}, 400, 'VALIDATION'],
  ['a null where an id goes', 'POST', '/api/rooms/r/add-member', { body: { memberId: null } }, 400, 'VALIDATION'],
  ['a number where text goes', 'POST', '/api/rooms/r/post-message', { body: { clientMsgId: 'c', text: 42 } }, 400, 'VALIDATION'],
  ['a message above the domain limit', 'POST', '/api/rooms/r/post-message', { body: { clientMsgId: 'c', text: 'x'.repeat(4001) } }, 400, 'VALIDATION'],
  ['a blank title', 'POST', '/api/partnerships/p/plan-milestone', { body: { title: '   ', dueDate: '2025-01-01' } }, 400, 'VALIDATION'],
  [
    'a huge array',
    'POST',
    '/api/partnerships/p/hold-steering-committee',
    { body: { attendees: Array.from({ length: 51 }, (_, i) => `o${i}`), decisions: [] } },
    400,
    'VALIDATION',
  ],
];

describe('HTTP api: hostile inputs never get a 500', () => {
  let api: ApiHarness;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = api.token({ sub: 'cata-1', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it.each(CASES)('%s (%s %s)', async (_name, method, path, options, status, code) => {
    const answer = await api.request<ErrorBody>(method, path, { token, ...options });
    expect([answer.status, answer.body.code]).toEqual([status, code]);
    expect(typeof answer.body.message).toBe('string');
  });

  /** `depth` levels of arrays, as sent: 2.6 KB for 1,300 of them, which overflowed the validators' recursion (a 500). */
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
  const PARTNERSHIP = (partners: string): string =>
    `{"title": "Silver Geek", "territory": {"id": "na", "name": "Nouvelle-Aquitaine", "scale": "regional"}, "partners": ${partners}, "modes": ["mecenat"]}`;

  it.each([
    ['a body of nested arrays', '/api/partnerships', nested(1300), '0'],
    ['a nested field of an otherwise valid body', '/api/partnerships', PARTNERSHIP(nested(1300)), 'partners'],
    [
      'a nested value deep inside a valid list',
      '/api/partnerships',
      PARTNERSHIP(`[{"orgId": "a", "name": "A", "sphere": "association"}, ${nested(1300)}]`),
      'partners',
    ],
    ['an unknown field nested too deep', '/api/rooms/r/post-message', `{"clientMsgId": "c", "text": "t", "extra": ${nested(20_000)}}`, 'extra'],
    ['a prototype key nested too deep', '/api/partnerships', `{"__proto__": ${nested(40)}}`, '__proto__'],
  ])('refuses %s (POST %s) nested past the limit, with a 400 naming the field', async (_name, path, raw, field) => {
    const answer = await api.request<ErrorBody>('POST', path, { token, raw });
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        code: 'VALIDATION',
        message: `the JSON body is nested deeper than ${MAX_PAYLOAD_DEPTH} levels (in ${field})`,
        details: [{ field, messages: [`${field} is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`] }],
        requestId: answer.headers.get('x-correlation-id'),
      },
    ]);
  });

  it('validates a body nested exactly to the limit as usual: arrays where the partners go are not partners', async () => {
    for (const partners of [
      nested(MAX_PAYLOAD_DEPTH - 1),
      '[[], []]',
      '[[{"orgId": "a", "name": "A", "sphere": "association"}], [{"orgId": "b", "name": "B", "sphere": "entreprise"}]]',
    ]) {
      const answer = await api.request<ErrorBody>('POST', '/api/partnerships', { token, raw: PARTNERSHIP(partners) });
      expect([answer.status, answer.body.code, answer.body.details?.[0]?.field]).toEqual([400, 'VALIDATION', 'partners']);
    }
  });

  it('prototype keys are refused as unknown fields (at any depth), never taken as fields, and the log stays empty', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/partnerships', { token, raw: '{"__proto__": {"title": "x"}}' });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: '__proto__', messages: ['property __proto__ should not exist'] }],
    ]);
    const nested = await api.request<ErrorBody>('POST', '/api/rooms/r/post-message', {
      token,
      raw: '{"clientMsgId": "c", "text": "t", "x": [{"__proto__": 1}]}',
    });
    expect([nested.status, nested.body.details?.[0]?.field]).toEqual([400, 'x.0.__proto__']);
    expect(({} as Record<string, unknown>)['title']).toBeUndefined();
    const partnerships = await api.request<{ items: unknown[] }>('GET', '/api/partnerships', { token });
    expect(partnerships.body.items).toEqual([]);
  });

  it('names every object has (constructor, toString…) are neither keys nor ids: 400, nothing written, Object untouched', async () => {
    const before = await api.request<{ items: unknown[] }>('GET', '/api/partnerships', { token });
    // A sub-dimension that is no sub-dimension: never dropped unseen (an event written without it).
    const scores = await api.request<ErrorBody>('POST', '/api/partnerships/p/assess-impact', {
      token,
      raw: '{"dimension": "confiance", "scores": {"collective_trust": 4, "individual_trust": 5, "constructor": 1}, "evidence": "e"}',
    });
    expect([scores.status, scores.body.details]).toEqual([400, [{ field: 'scores.constructor', messages: ['property scores.constructor should not exist'] }]]);
    for (const key of ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      const answer = await api.request<ErrorBody>('POST', '/api/organisations', { token, raw: `{"id": "o", "${key}": 1}` });
      expect([answer.status, answer.body.details?.[0]?.field]).toEqual([400, key]);
    }
    // As an id, in a body and in a path.
    const created = await api.request<ErrorBody>('POST', '/api/organisations', {
      token,
      body: { id: 'constructor', name: 'Constructeurs réunis', kind: 'entreprise', size: 'pme', territory: 'ardeche' },
    });
    expect([created.status, created.body.details?.[0]?.messages[0]]).toEqual([
      400,
      'id must be an identifier (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…))',
    ]);
    const path = await api.request<ErrorBody>('GET', '/api/organisations/toString', { token });
    expect([path.status, path.body.code]).toEqual([400, 'VALIDATION']);
    const after = await api.request<{ items: unknown[] }>('GET', '/api/partnerships', { token });
    expect(after.body.items).toEqual(before.body.items);
    const organisations = await api.request<{ items: unknown[] }>('GET', '/api/organisations', { token });
    expect(organisations.body.items).toEqual([]);
    expect(Object.hasOwn(Object, 'entreprise')).toBe(false);
  });
});
