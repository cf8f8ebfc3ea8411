import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

/**
 * Nothing more about an erased person (README, docs/adr/0006-personal-data.md): once `POST /api/people/{id}/erase`
 * is accepted, every command whose principal is that person (their token still valid) is refused `410
 * PERSON_ERASED`, whatever it records (an organisation, a maturity hold no personal field), and so is every command
 * naming them by id (an accompaniment's catalyseur, an introduction's, a gathering's organiser, an assignment). The
 * outside tester's repro: cat-9 erased, then accompaniments, an organisation and a gathering recorded by or about
 * them (201). Each refusal leaves the log as it was; others go on working.
 */
describe('an erased person: no command by them or naming them (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let cat9: string;
  let cat8: string;
  let partnershipId: string;

  const ORGANISATION = { name: 'Tiers-lieu', kind: 'association', size: 'tpe', territory: 'ardeche' };
  const PARTNERSHIP = {
    title: 'Numérique solidaire',
    territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
    partners: [
      { orgId: 'org-t', name: 'Tiers-lieu', sphere: 'association' },
      { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
    ],
    modes: ['mecenat'],
  };

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    cat9 = api.token({ sub: 'cat-9', role: 'catalyseur' });
    cat8 = api.token({ sub: 'cat-8', role: 'catalyseur' });
    await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-9', name: 'Nina Neuf', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] },
      201,
    );
    await joinCatalyseurs(api, ['cat-8'], 'ardeche');
    await send(operator, '/api/organisations', { id: 'org-t', ...ORGANISATION }, 201);
    // Before the erasure, cat-9 works: an accompaniment with a session (its summary is theirs), a partnership.
    await send(cat9, '/api/accompaniments', { id: 'acc-before', organisationId: 'org-t', purpose: 'Préparer' }, 201);
    await send(cat9, '/api/accompaniments/acc-before/hold-session', { topics: ['gouvernance'], summary: 'Premier tour des besoins' });
    partnershipId = (await send(cat9, '/api/partnerships', { id: 'p-9', ...PARTNERSHIP }, 201)).id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('counts, before the erasure, the streams that hold the person’s sealed fields (not those naming them by id only)', async () => {
    // catalyseur-cat-9 (their name) and accompaniment-acc-before (a session's summary); the partnership names them by id only.
    expect(await get(operator, '/api/people/cat-9')).toMatchObject({ subject: 'cat-9', status: 'active', streams: 2 });
  });

  it('refuses every command by the erased person or naming them with 410, appending nothing; others go on', async () => {
    const erasure = await api.request('POST', '/api/people/cat-9/erase', { token: operator, body: { reason: 'request_of_the_person' } });
    expect(erasure.status).toBe(202);
    const head = await events.headPosition();
    const erased = async (token: string, path: string, body: unknown): Promise<void> => {
      const answer = await refused(token, 'POST', path, body, 410, 'PERSON_ERASED');
      expect(answer.message).toBe('the personal data of cat-9 was erased: nothing more may be recorded about them');
    };

    // An operator naming cat-9 (the tester's acc9), an introduction's catalyseur, an assignment.
    await erased(operator, '/api/accompaniments', { id: 'acc9', organisationId: 'org-t', catalyseurId: 'cat-9', purpose: 'Préparer' });
    const introduction = {
      id: 'intro-9',
      catalyseurId: 'cat-9',
      territoryId: 'ardeche',
      organisations: PARTNERSHIP.partners,
      purpose: 'se rencontrer',
    };
    await erased(operator, '/api/introductions', introduction);
    await erased(operator, `/api/partnerships/${partnershipId}/assign-catalyseur`, { catalyseurId: 'cat-9' });

    // cat-9's own token, still valid: creates and commands, with or without a personal field in what they record.
    await erased(cat9, '/api/accompaniments', { id: 'acc10', organisationId: 'org-t', purpose: 'Préparer' });
    await erased(cat9, '/api/organisations', { id: 'org-9', ...ORGANISATION });
    await erased(cat9, '/api/gatherings', {
      id: 'g-9',
      kind: 'speed_dating',
      theme: 'Speed dating',
      date: '2026-12-20',
      place: 'Privas',
      territoryId: 'ardeche',
    });
    await erased(cat9, '/api/introductions', { ...introduction, catalyseurId: undefined });
    await erased(cat9, '/api/partnerships', { id: 'p-10', ...PARTNERSHIP });
    await erased(cat9, '/api/rooms', { id: 'room-9', kind: 'theme', subject: 'x', title: 'Salon', access: 'open' });
    await erased(cat9, '/api/accompaniments/acc-before/record-maturity', { maturity: 'engagee', objectiveFamilies: ['innovation'] });
    await erased(cat9, `/api/partnerships/${partnershipId}/plan-milestone`, { milestoneId: 'm1', title: 'Atelier', dueDate: '2027-03-01' });
    await erased(cat9, '/api/accompaniments/acc-before/close', { outcome: 'abandoned', reason: 'départ' });
    expect(await events.headPosition()).toBe(head);
    for (const stream of [
      'accompaniment-acc9',
      'accompaniment-acc10',
      'organisation-org-9',
      'gathering-g-9',
      'introduction-intro-9',
      'partnership-p-10',
      'room-room-9',
    ]) {
      expect({ stream, events: (await events.readStream(stream)).length }).toEqual({ stream, events: 0 });
    }

    // Nobody else is refused: another catalyseur and the operator go on.
    await send(operator, '/api/accompaniments', { id: 'acc8', organisationId: 'org-t', catalyseurId: 'cat-8', purpose: 'Préparer' }, 201);
    await send(cat8, '/api/organisations', { id: 'org-8', ...ORGANISATION }, 201);
    await send(operator, '/api/accompaniments/acc-before/close', { outcome: 'abandoned', reason: 'le catalyseur est parti' });
    expect(await get(operator, '/api/people/cat-9')).toMatchObject({ subject: 'cat-9', status: expect.stringMatching(/^eras(ing|ed)$/) });

    // Registered in a full gathering: the erasure is the answer (410), before the gathering's rule (422, full).
    await send(operator, '/api/gatherings', { id: 'g-full', kind: 'atelier', theme: 'Atelier', date: '2026-12-20', place: 'Privas', capacity: 1 }, 201);
    await send(operator, '/api/gatherings/g-full/register', { participantId: 'p-1', name: 'Paula Un', organisation: 'Tiers-lieu', sphere: 'association' });
    const full = await events.headPosition();
    await erased(operator, '/api/gatherings/g-full/register', { participantId: 'cat-9', name: 'Nina', organisation: 'Tiers-lieu', sphere: 'association' });
    expect(await events.headPosition()).toBe(full);
  });
});
