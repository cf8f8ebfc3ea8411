/**
 * An introduction is made by a catalyseur of the network, checked as an accompaniment's (the write side): one who
 * never joined it is 404 NOT_FOUND naming it, whether it is the caller or the catalyseur an operator names, and one
 * who left it is 422 RULE_VIOLATED; nothing is appended either way. The outside tester's repro: a catalyseur who
 * never joined made an introduction (201) that an accompaniment would have refused (404). The OpenAPI document says
 * so, and what the two dates that open them may be.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { buildOpenApiDocument } from '../openapi/swagger';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const INTRODUCTION = {
  territoryId: 'alsace',
  organisations: [
    { orgId: 'lyonnaise-des-eaux', name: 'Lyonnaise des Eaux', sphere: 'entreprise' },
    { orgId: 'chantier-robertsau', name: 'Chantier d’insertion de la Robertsau', sphere: 'association' },
  ],
  purpose: 'recycler l’enrobé des tranchées',
};
const ACCOMPANIMENT = { organisationId: 'chantier-robertsau', purpose: 'préparer le chantier' };

describe('HTTP api: an introduction names a catalyseur of the network, as an accompaniment does (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let operator: string;
  const { send, refused } = httpSteps(() => api);
  const introduced = async (id: string): Promise<string[]> => (await events.readStream(`introduction-${id}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-alsace', role: 'operator' });
    await send(
      operator,
      '/api/organisations',
      { id: 'chantier-robertsau', name: 'Chantier de la Robertsau', kind: 'association', size: 'tpe', territory: 'alsace' },
      201,
    );
    await joinCatalyseurs(api, ['cat-parti'], 'alsace');
    await send(operator, '/api/catalyseurs/cat-parti/leave-network', {});
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses, 404 naming it, an introduction by a catalyseur who never joined the network or naming one; appends nothing', async () => {
    const stranger = api.token({ sub: 'cat-jamais', role: 'catalyseur' });
    const head = await events.headPosition();

    const own = await refused(stranger, 'POST', '/api/introductions', { ...INTRODUCTION, id: 'par-inconnu' }, 404, 'NOT_FOUND');
    expect(own.message).toBe('catalyseur cat-jamais not found');
    const named = await refused(operator, 'POST', '/api/introductions', { ...INTRODUCTION, id: 'pour-inconnu', catalyseurId: 'cat-fantome' }, 404, 'NOT_FOUND');
    expect(named.message).toBe('catalyseur cat-fantome not found');
    const left = await refused(operator, 'POST', '/api/introductions', { ...INTRODUCTION, id: 'pour-parti', catalyseurId: 'cat-parti' }, 422, 'RULE_VIOLATED');
    expect(left.message).toBe('catalyseur cat-parti left the network: it cannot be credited with an introduction');

    expect(await events.headPosition()).toBe(head);
    for (const id of ['par-inconnu', 'pour-inconnu', 'pour-parti']) expect({ id, events: await introduced(id) }).toEqual({ id, events: [] });

    // Once it joins, the same introduction is recorded: the refusal was its membership, nothing else.
    await joinCatalyseurs(api, ['cat-jamais'], 'alsace');
    await send(stranger, '/api/introductions', { ...INTRODUCTION, id: 'par-inconnu' }, 201);
    expect(await introduced('par-inconnu')).toEqual(['OrganisationsIntroduced']);
  });

  it('answers as an accompaniment’s opening does for the same catalyseur: never joined, left', async () => {
    const answers = async (token: string, body: Record<string, unknown>): Promise<string[]> => {
      const routes: [string, Record<string, unknown>][] = [
        ['/api/introductions', { ...INTRODUCTION, ...body }],
        ['/api/accompaniments', { ...ACCOMPANIMENT, ...body }],
      ];
      return Promise.all(
        routes.map(async ([path, sent]) => {
          const answer = await api.request<{ code?: string }>('POST', path, { token, body: sent });
          return `${answer.status} ${answer.body.code ?? ''}`;
        }),
      );
    };
    const head = await events.headPosition();
    expect(await answers(api.token({ sub: 'cat-inconnu', role: 'catalyseur' }), {})).toEqual(['404 NOT_FOUND', '404 NOT_FOUND']);
    expect(await answers(operator, { catalyseurId: 'cat-inexistant' })).toEqual(['404 NOT_FOUND', '404 NOT_FOUND']);
    expect(await answers(operator, { catalyseurId: 'cat-parti' })).toEqual(['422 RULE_VIOLATED', '422 RULE_VIOLATED']);
    expect(await events.headPosition()).toBe(head);
  });

  it('documents the refusals and the dates: format, default, bounds', () => {
    const document = buildOpenApiDocument(api.app);
    type Operation = { responses: Record<string, { description?: string }> };
    type Schema = { properties?: Record<string, { description?: string; format?: string }> };
    const responses = (document.paths['/api/introductions']?.['post'] as Operation | undefined)?.responses ?? {};
    expect(responses['404']?.description).toBe(
      'NOT_FOUND: the catalyseur (who never joined the network) or the gathering it names does not exist; nothing is recorded',
    );
    expect(responses['422']?.description).toMatch(/^RULE_VIOLATED: the catalyseur left the network, /);
    const property = (schema: string, name: string): { description?: string; format?: string } | undefined =>
      (document.components?.schemas?.[schema] as Schema | undefined)?.properties?.[name];
    for (const [schema, name, gathering] of [
      ['IntroduceOrganisationsDto', 'introducedOn', true],
      ['OpenAccompanimentDto', 'openedOn', false],
    ] as const) {
      const { description = '', format } = property(schema, name) ?? {};
      expect({ name, format }).toEqual({ name, format: 'date' });
      expect(description).toContain('`YYYY-MM-DD`');
      expect(description).toContain('today (the day in the network’s time zone) when absent');
      expect(description).toContain('after today');
      expect(description).toContain('before its catalyseur first joined the network');
      expect({ name, gathering: description.includes('before the gathering it names') }).toEqual({ name, gathering });
    }
  });
});
