/**
 * A catalyseur who creates something without naming a catalyseur is credited with it (it animates the experimentation
 * it launches, accompanies the partnership it proposes, holds the accompaniment it opens, makes the introduction), so
 * it is checked as a catalyseur named in the body is, over HTTP (real SQLite, real HTTP): one who never joined the
 * network is `404 NOT_FOUND` naming it, on every such route, with nothing appended; once it joins, the same commands
 * are recorded. The outside tester's repro: a catalyseur who never joined launched an experimentation (201) and
 * proposed a partnership (422, where an accompaniment answered 404). One erased is `410 PERSON_ERASED` and one who
 * left `403 FORBIDDEN` (its access ended, before any route's own check), alike everywhere. The OpenAPI document says so.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { buildOpenApiDocument } from '../openapi/swagger';
import { type ApiHarness, eraseAndWait, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const TERRITORY = { id: 'drome', name: 'Drôme', scale: 'local' };
const LAUNCH = { title: 'Agir ensemble', territory: TERRITORY, conveners: [{ orgId: 'cc-crest', name: 'Communauté de communes', sphere: 'collectivite' }] };
const PROPOSAL = {
  title: 'Mobilité partagée',
  territory: TERRITORY,
  partners: [
    { orgId: 'asso-m', name: 'Mobilité Drôme', sphere: 'association' },
    { orgId: 'ent-m', name: 'Transports SA', sphere: 'entreprise' },
  ],
  modes: ['mecenat'],
};
const ACCOMPANIMENT = { organisationId: 'asso-m', purpose: 'préparer ses partenariats' };
const INTRODUCTION = {
  territoryId: 'drome',
  organisations: [
    { orgId: 'asso-m', name: 'Mobilité Drôme', sphere: 'association' },
    { orgId: 'ent-m', name: 'Transports SA', sphere: 'entreprise' },
  ],
  purpose: 'covoiturage des salariés',
};

/** The creating routes that credit a catalyseur caller who names nobody, and the stream each would start. */
const ROUTES = [
  ['/api/experimentations', LAUNCH, 'experimentation'],
  ['/api/partnerships', PROPOSAL, 'partnership'],
  ['/api/accompaniments', ACCOMPANIMENT, 'accompaniment'],
  ['/api/introductions', INTRODUCTION, 'introduction'],
] as const;

describe('HTTP api: a catalyseur credited with what it creates is a member of the network (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let operator: string;
  const { send, refused } = httpSteps(() => api);
  const typesOf = async (stream: string): Promise<string[]> => (await events.readStream(stream)).map((event) => event.type);

  /** What each route answers the catalyseur `sub` creating `{prefix}-{kind}`: `status code`. */
  const answers = async (sub: string, prefix: string): Promise<string[]> => {
    const token = api.token({ sub, role: 'catalyseur' });
    const answered: string[] = [];
    for (const [path, body, kind] of ROUTES) {
      const answer = await api.request<{ code?: string }>('POST', path, { token, body: { ...body, id: `${prefix}-${kind}` } });
      answered.push(`${path} ${answer.status} ${answer.body.code ?? ''}`.trim());
    }
    return answered;
  };

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-05T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-drome', role: 'operator' });
    await send(operator, '/api/organisations', { id: 'asso-m', name: 'Mobilité Drôme', kind: 'association', size: 'tpe', territory: 'drome' }, 201);
    await joinCatalyseurs(api, ['cat-parti', 'cat-efface'], 'drome');
    await send(operator, '/api/catalyseurs/cat-parti/leave-network', {});
    await eraseAndWait(api, operator, 'cat-efface');
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses, 404 naming it, a launch or a proposal by a catalyseur who never joined; appends nothing; records them once it joins', async () => {
    const stranger = api.token({ sub: 'cat-jamais', role: 'catalyseur' });
    const head = await events.headPosition();

    const launch = await refused(stranger, 'POST', '/api/experimentations', { ...LAUNCH, id: 'x-jamais' }, 404, 'NOT_FOUND');
    expect(launch.message).toBe('catalyseur cat-jamais not found');
    // Dated long ago: the membership is the answer, before any date is compared.
    await refused(stranger, 'POST', '/api/experimentations', { ...LAUNCH, id: 'x-jamais', launchedOn: '2010-01-01' }, 404, 'NOT_FOUND');
    // Naming others does not lift it for an operator's launch either: each catalyseur it names is checked.
    await refused(operator, 'POST', '/api/experimentations', { ...LAUNCH, id: 'x-jamais', catalyseurs: ['cat-jamais'] }, 404, 'NOT_FOUND');
    const proposal = await refused(stranger, 'POST', '/api/partnerships', { ...PROPOSAL, id: 'p-jamais' }, 404, 'NOT_FOUND');
    expect(proposal.message).toBe('catalyseur cat-jamais not found');

    expect(await events.headPosition()).toBe(head);
    expect(await typesOf('experimentation-x-jamais')).toEqual([]);
    expect(await typesOf('partnership-p-jamais')).toEqual([]);

    // Once it joins, the same launch and proposal are recorded: the refusal was its membership, nothing else.
    await joinCatalyseurs(api, ['cat-jamais'], 'drome');
    await send(stranger, '/api/experimentations', { ...LAUNCH, id: 'x-jamais' }, 201);
    await send(stranger, '/api/partnerships', { ...PROPOSAL, id: 'p-jamais' }, 201);
    expect(await typesOf('experimentation-x-jamais')).toEqual(['ExperimentationLaunched']);
    expect(await typesOf('partnership-p-jamais')).toEqual(['PartnershipProposed', 'CatalyseurAssigned']);
  });

  it('answers alike on every route crediting the caller: never joined 404, erased 410, left 403; nothing appended', async () => {
    const head = await events.headPosition();
    const alike = (status: string): string[] => ROUTES.map(([path]) => `${path} ${status}`);
    expect(await answers('cat-inconnu', 'inconnu')).toEqual(alike('404 NOT_FOUND'));
    expect(await answers('cat-efface', 'efface')).toEqual(alike('410 PERSON_ERASED'));
    expect(await answers('cat-parti', 'parti')).toEqual(alike('403 FORBIDDEN'));
    expect(await events.headPosition()).toBe(head);
  });

  it('documents the refusals of the launch and of the proposal', () => {
    const document = buildOpenApiDocument(api.app);
    type Operation = { responses: Record<string, { description?: string }> };
    const responses = (path: string): Record<string, { description?: string }> => (document.paths[path]?.['post'] as Operation | undefined)?.responses ?? {};
    const launch = responses('/api/experimentations');
    expect(launch['404']?.description).toMatch(/^NOT_FOUND: a catalyseur it names \(or the catalyseur launching it without naming anyone\) never joined/);
    expect(launch['410']?.description).toMatch(/^PERSON_ERASED: the caller, or a catalyseur it names, is erased/);
    expect(launch['422']?.description).toContain('left the network');
    const proposal = responses('/api/partnerships');
    expect(proposal['404']?.description).toMatch(/^NOT_FOUND: the catalyseur proposing it never joined the network/);
    expect(proposal['410']?.description).toMatch(/^PERSON_ERASED: the caller is erased/);
    expect(proposal['422']?.description).not.toContain('has not joined');
  });
});
