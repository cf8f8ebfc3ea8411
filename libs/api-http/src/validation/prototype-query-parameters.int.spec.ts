/**
 * Query parameters named after a key every object has (`__proto__`,
 * `constructor`, `toString`, `valueOf`, `hasOwnProperty`…) are unknown
 * parameters like any other (real HTTP): 400 VALIDATION naming them, as
 * `?unknown=1` is, on every route that reads a query; never a 200 that
 * silently dropped them.
 */
import { PROTOTYPE_KEYS } from '@catalyse/protocol';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

const ROUTES = [
  '/api/partnerships',
  '/api/partnerships/p-1',
  '/api/gatherings',
  '/api/organisations/o-1',
  '/api/rooms/r-1/feed',
  '/api/feeds/network',
  '/api/exports/events',
  '/api/observatory/partnerships',
];

describe('query parameters named after prototype keys (HTTP)', () => {
  let api: ApiHarness;
  let operator: string;

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('every one of them is refused as an unknown parameter: 400 VALIDATION naming it, on every route with a query', async () => {
    for (const route of ROUTES) {
      const unknown = await api.request<ErrorBody>('GET', `${route}?unknown=1`, { token: operator });
      expect([route, unknown.status, unknown.body.code, unknown.body.details]).toEqual([
        route,
        400,
        'VALIDATION',
        [{ field: 'unknown', messages: ['property unknown should not exist'] }],
      ]);
      for (const key of PROTOTYPE_KEYS) {
        const answer = await api.request<ErrorBody>('GET', `${route}?${key}=1`, { token: operator });
        expect([route, key, answer.status, answer.body.code, answer.body.message, answer.body.details]).toEqual([
          route,
          key,
          400,
          'VALIDATION',
          `invalid request: ${key}`,
          [{ field: key, messages: [`property ${key} should not exist`] }],
        ]);
      }
    }
  });

  it('beside known parameters too, and known parameters alone are still read', async () => {
    const answer = await api.request<ErrorBody>('GET', '/api/partnerships?limit=5&toString=1', { token: operator });
    expect([answer.status, answer.body.code, answer.body.details?.[0]?.field]).toEqual([400, 'VALIDATION', 'toString']);
    const page = await api.request<{ limit: number }>('GET', '/api/partnerships?limit=5', { token: operator });
    expect([page.status, page.body.limit]).toEqual([200, 5]);
  });
});
