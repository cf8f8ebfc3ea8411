/**
 * What a catalyseur does in the network is not dated before it joined it, over HTTP (real SQLite, real HTTP): as an
 * introduction or an accompaniment, a partnership's assignment, a partnership a catalyseur proposes (it is assigned to
 * it) and an experimentation's launch (each catalyseur it names, or the catalyseur launching it) are refused `422
 * RULE_VIOLATED` when dated before that day, with nothing recorded, and accepted on the day itself (the outside
 * tester's repro: a catalyseur who joined in 2024 was assigned on 2015-01-01, proposed and launched on 2010-01-01, and
 * its portfolio showed it active since before it joined). A proposal with no catalyseur (an operator's) compares none.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const TERRITORY = { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' };
const PARTNERS = [
  { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
  { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
];
const CONVENERS = [{ orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' }];

describe('HTTP api: nothing a catalyseur does is dated before it joined the network (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let newcomer: string;

  const typesOf = async (stream: string): Promise<string[]> => (await events.readStream(stream)).map((event) => event.type);
  const proposal = (id: string, proposedAt: string) => ({
    id,
    title: 'Insertion par le numérique',
    territory: TERRITORY,
    partners: PARTNERS,
    modes: ['mecenat'],
    proposedAt,
  });
  const launch = (id: string, launchedOn: string, catalyseurs?: string[]) => ({
    id,
    title: 'Agir ensemble',
    territory: TERRITORY,
    conveners: CONVENERS,
    launchedOn,
    ...(catalyseurs === undefined ? {} : { catalyseurs }),
  });
  const joinedIn2024 = (id: string) => `the day catalyseur "${id}" joined the network (2024-03-01)`;

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    newcomer = api.token({ sub: 'cat-2024', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-old']);
    const joined = { name: 'Nouvelle venue', sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'], joinedAt: '2024-03-01' };
    await send(operator, '/api/catalyseurs', { id: 'cat-2024', ...joined }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses an assignment dated before the catalyseur joined, and assigns it on that day', async () => {
    // An operator's proposal names no catalyseur: dated 2010, it compares no joining day.
    await send(operator, '/api/partnerships', proposal('p-assign', '2010-01-01'), 201);
    const path = '/api/partnerships/p-assign/assign-catalyseur';
    const before = await refused(operator, 'POST', path, { catalyseurId: 'cat-2024', assignedOn: '2015-01-01' }, 422, 'RULE_VIOLATED');
    expect(before.message).toBe(`the assignment (2015-01-01) cannot be earlier than ${joinedIn2024('cat-2024')}`);
    await refused(operator, 'POST', path, { catalyseurId: 'cat-2024', assignedOn: '2024-02-29' }, 422, 'RULE_VIOLATED');
    expect(await typesOf('partnership-p-assign')).toEqual(['PartnershipProposed']);
    // The membership check still comes first: one who never joined is 404.
    await refused(operator, 'POST', path, { catalyseurId: 'cat-ghost', assignedOn: '2015-01-01' }, 404, 'NOT_FOUND');

    await send(operator, path, { catalyseurId: 'cat-2024', assignedOn: '2024-03-01' });
    await send(operator, path, { catalyseurId: 'cat-old', assignedOn: '2015-01-01' });
    expect(await typesOf('partnership-p-assign')).toEqual(['PartnershipProposed', 'CatalyseurAssigned', 'CatalyseurAssigned']);
  });

  it('refuses a partnership a catalyseur proposes before it joined, and accepts it proposed on that day', async () => {
    const before = await refused(newcomer, 'POST', '/api/partnerships', proposal('p-early', '2010-01-01'), 422, 'RULE_VIOLATED');
    expect(before.message).toBe(`the proposal (2010-01-01) cannot be earlier than ${joinedIn2024('cat-2024')}`);
    // An instant in the evening before, in the network's zone (Europe/Paris): still 29 February there.
    await refused(newcomer, 'POST', '/api/partnerships', proposal('p-eve', '2024-02-29T22:30:00.000Z'), 422, 'RULE_VIOLATED');
    expect(await typesOf('partnership-p-early')).toEqual([]);
    expect(await typesOf('partnership-p-eve')).toEqual([]);

    await send(newcomer, '/api/partnerships', proposal('p-on-the-day', '2024-03-01'), 201);
    expect(await typesOf('partnership-p-on-the-day')).toEqual(['PartnershipProposed', 'CatalyseurAssigned']);
  });

  it('refuses a launch dated before one of its catalyseurs joined, or its launcher, and accepts one on that day', async () => {
    const before = await refused(operator, 'POST', '/api/experimentations', launch('x-early', '2010-01-01', ['cat-old', 'cat-2024']), 422, 'RULE_VIOLATED');
    expect(before.message).toBe(`the launch of the experimentation (2010-01-01) cannot be earlier than ${joinedIn2024('cat-2024')}`);
    // Launched by the catalyseur without naming anyone: it animates it, and so is compared too.
    await refused(newcomer, 'POST', '/api/experimentations', launch('x-own', '2010-01-01'), 422, 'RULE_VIOLATED');
    expect(await typesOf('experimentation-x-early')).toEqual([]);
    expect(await typesOf('experimentation-x-own')).toEqual([]);
    // The membership check still comes first: one who never joined is 404.
    await refused(operator, 'POST', '/api/experimentations', launch('x-ghost', '2010-01-01', ['cat-ghost']), 404, 'NOT_FOUND');

    await send(operator, '/api/experimentations', launch('x-on-the-day', '2024-03-01', ['cat-old', 'cat-2024']), 201);
    await send(operator, '/api/experimentations', launch('x-old', '2010-01-01', ['cat-old']), 201);
    expect(await typesOf('experimentation-x-on-the-day')).toEqual(['ExperimentationLaunched']);
    expect(await typesOf('experimentation-x-old')).toEqual(['ExperimentationLaunched']);
  });

  it('leaves the portfolio of the catalyseur who joined in 2024 with nothing accompanied since before that day', async () => {
    const accepted = await send(newcomer, '/api/partnerships', proposal('p-last', '2024-06-01'), 201);
    await api.projected(accepted.position);
    const portfolio = await get<{ partnerships: { partnershipId: string; since: string }[] }>(newcomer, '/api/catalyseurs/cat-2024/portfolio');
    const since = Object.fromEntries(portfolio.partnerships.map((p) => [p.partnershipId, p.since]));
    expect(since).toEqual({ 'p-assign': '2024-03-01', 'p-on-the-day': '2024-03-01', 'p-last': '2024-06-01' });
  });
});
