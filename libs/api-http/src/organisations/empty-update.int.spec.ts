/**
 * An update of nothing (real HTTP): `POST /api/organisations/{id}/update-profile` with `{}`, or with only `null`s, is
 * a body's fault, `400 VALIDATION` on `(body)` as the catalyseur's `update-profile` answers it, not the decider's
 * `422 RULE_VIOLATED`: the body's validation (400) comes before the rules (422), and before a missing organisation (404).
 * Nothing is recorded.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, type ErrorBody, httpSteps, startApi } from '../test-support/api-harness';

const FLDA = { id: 'flda', name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche', kind: 'fondation', size: 'pme', territory: 'ardeche' };

describe('an empty profile update (HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let operator: string;
  const { send } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/organisations', FLDA, 201);
    await send(operator, '/api/catalyseurs', { id: 'cat-1', name: 'Camille', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  const answer = async (path: string, body: unknown) => {
    const got = await api.request<ErrorBody>('POST', path, { token: operator, body });
    return [got.status, got.body.code, got.body.message, got.body.details];
  };

  it('an organisation’s, as a catalyseur’s: 400 VALIDATION on the body, nothing recorded', async () => {
    const before = await events.readStream('organisation-flda');
    const fields = 'name, kind, size, territory, registryNumber';
    const refusal = [400, 'VALIDATION', `give at least one of ${fields}`, [{ field: '(body)', messages: [`at least one of ${fields}`] }]];
    expect(await answer('/api/organisations/flda/update-profile', {})).toEqual(refusal);
    expect(await answer('/api/organisations/flda/update-profile', { registryNumber: null })).toEqual(refusal);
    expect(await answer('/api/organisations/flda/update-profile', { name: null, size: null })).toEqual(refusal);
    // Validation before the missing organisation's 404.
    expect(await answer('/api/organisations/nowhere/update-profile', {})).toEqual(refusal);
    expect(await events.readStream('organisation-flda')).toEqual(before);
    // The catalyseur's, in the same words.
    const skills = 'name, sphere, territory, skills';
    expect(await answer('/api/catalyseurs/cat-1/update-profile', {})).toEqual([
      400,
      'VALIDATION',
      `give at least one of ${skills}`,
      [{ field: '(body)', messages: [`at least one of ${skills}`] }],
    ]);
    // A field given still updates.
    await send(operator, '/api/organisations/flda/update-profile', { name: 'FLDA' });
  });
});
