/**
 * The headers of a command, strictly read (real SQLite files, real HTTP):
 * an `If-Match` whose quote is not closed (`"8`) is no revision, a 400, not
 * read as 8; an `Idempotency-Key` refusal says exactly what a key is (a space
 * is printable ASCII, and refused); an `If-Match` revision on a create (a new
 * resource has none) is a 400, not silently ignored. Nothing is recorded.
 */
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const CATALYSEUR = { name: 'Claire', sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'] };

describe('command headers (HTTP)', () => {
  let api: ApiHarness;
  let operator: string;
  const { send, refused } = httpSteps(() => api);
  /** How many events the log holds (its NDJSON export's lines). */
  const events = async (): Promise<number> => {
    const answer = await fetch(`${api.url}/api/exports/events`, { headers: { authorization: `Bearer ${operator}` } });
    return (await answer.text()).split('\n').filter(Boolean).length;
  };

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/catalyseurs', { id: 'c-1', ...CATALYSEUR }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('If-Match with an unbalanced quote is 400 VALIDATION on If-Match, nothing recorded; balanced, it is read', async () => {
    const before = await events();
    for (const ifMatch of ['"0', '0"']) {
      const answer = await refused(operator, 'POST', '/api/catalyseurs/c-1/update-profile', { territory: 'ardeche' }, 400, 'VALIDATION', {
        'if-match': ifMatch,
      });
      expect([ifMatch, answer.details]).toEqual([ifMatch, [{ field: 'If-Match', messages: ['expected a revision such as "3"'] }]]);
    }
    // A weak tag (Express's on an error answer, sent back): no revision the api wrote.
    const weak = await refused(operator, 'POST', '/api/catalyseurs/c-1/update-profile', { territory: 'ardeche' }, 400, 'VALIDATION', {
      'if-match': 'W/"0"',
    });
    expect(weak.details).toEqual([{ field: 'If-Match', messages: ['a strong tag such as "3", not a weak tag'] }]);
    // Nor does an answer carry a tag that is no revision: an error's, a list's.
    const error = await api.request('POST', '/api/catalyseurs/c-1/update-profile', {
      token: operator,
      body: { territory: 'x' },
      headers: { 'if-match': '"8' },
    });
    const list = await api.request('GET', '/api/catalyseurs', { token: operator });
    expect([error.status, error.headers.get('etag'), list.status, list.headers.get('etag')]).toEqual([400, null, 200, null]);
    expect(await events()).toBe(before);
    expect((await send(operator, '/api/catalyseurs/c-1/update-profile', { territory: 'ardeche' }, { headers: { 'if-match': '"0"' } })).revision).toBe(1);
  });

  it('Idempotency-Key with a space: 400 saying printable ASCII without spaces', async () => {
    const answer = await refused(operator, 'POST', '/api/catalyseurs/c-1/update-profile', { territory: 'drome' }, 400, 'VALIDATION', {
      'idempotency-key': 'a b',
    });
    expect([answer.message, answer.details]).toEqual([
      'Idempotency-Key must be 1 to 200 printable ASCII characters, without spaces',
      [{ field: 'Idempotency-Key', messages: ['1 to 200 printable ASCII characters, without spaces'] }],
    ]);
  });

  it('If-Match with a revision on a create is 400 VALIDATION, nothing created; If-Match: * sets no expectation', async () => {
    const before = await events();
    const answer = await refused(operator, 'POST', '/api/catalyseurs', { id: 'c-2', ...CATALYSEUR }, 400, 'VALIDATION', { 'if-match': '"0"' });
    expect(answer.message).toBe('If-Match does not apply to a create: a new resource has no revision yet (send If-Match on the commands that follow)');
    expect(answer.details).toEqual([{ field: 'If-Match', messages: [answer.message] }]);
    // A create that checks references first (the organisation of an accompaniment) refuses it as well, before its 404.
    const referencing = await refused(
      operator,
      'POST',
      '/api/accompaniments',
      { organisationId: 'nowhere', catalyseurId: 'c-1', purpose: 'x' },
      400,
      'VALIDATION',
      {
        'if-match': '"0"',
      },
    );
    expect(referencing.message).toBe(answer.message);
    expect(await events()).toBe(before);
    expect((await api.request('GET', '/api/catalyseurs/c-2', { token: operator })).status).toBe(404);
    await send(operator, '/api/catalyseurs', { id: 'c-2', ...CATALYSEUR }, { status: 201, headers: { 'if-match': '*' } });
  });
});
