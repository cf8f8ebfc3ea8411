/**
 * An introduction's dated facts are not after the day they are recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * later `introducedOn`, `metOn`, `proposedOn` or `closedOn` with 422
 * RULE_VIOLATED, storing nothing. The outside tester's repro (on 2026-12-04, an
 * introduction of 2030-01-01 met on 2030-01-02, counted by the funnel). Nor is
 * an introduction dated before the gathering it names or before its catalyseur
 * joined the network (the tester's 1900-01-01 at the 2013 speed dating).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const ORGANISATIONS = [
  { orgId: 'lyonnaise-des-eaux', name: 'Lyonnaise des Eaux', sphere: 'entreprise' },
  { orgId: 'chantier-robertsau', name: 'Chantier d’insertion de la Robertsau', sphere: 'association' },
];
const INTRODUCTION = { territoryId: 'alsace', organisations: ORGANISATIONS, purpose: 'recycler l’enrobé des tranchées' };

describe('HTTP api: an introduction is not dated in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  const { send, get, refused } = httpSteps(() => api);
  const types = async (id: string): Promise<string[]> => (await events.readStream(`introduction-${id}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
    operator = api.token({ sub: 'op-alsace', role: 'operator' });
    // An introduction is made by a catalyseur of the network (404 otherwise).
    await joinCatalyseurs(api, ['cat-alsace'], 'alsace');
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses an introduction dated after today (nothing stored), accepts it dated today', async () => {
    const later = await refused(catalyseur, 'POST', '/api/introductions', { ...INTRODUCTION, id: 'futur', introducedOn: '2030-01-01' }, 422, 'RULE_VIOLATED');
    expect(later.message).toBe('the introduction (2030-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types('futur')).toEqual([]);

    await send(catalyseur, '/api/introductions', { ...INTRODUCTION, id: 'futur', introducedOn: '2026-12-04' }, 201);
    expect(await types('futur')).toEqual(['OrganisationsIntroduced']);
  });

  it('refuses a meeting, a partnership and a closing dated after today (nothing stored), accepts them dated today', async () => {
    await send(catalyseur, '/api/introductions', { ...INTRODUCTION, id: 'enrobe', introducedOn: '2026-11-20' }, 201);
    const meeting = await refused(catalyseur, 'POST', '/api/introductions/enrobe/record-meeting', { metOn: '2030-01-02' }, 422, 'RULE_VIOLATED');
    expect(meeting.message).toBe('the meeting (2030-01-02) cannot be later than today, 2026-12-04: it has not happened yet');
    const closing = await refused(
      catalyseur,
      'POST',
      '/api/introductions/enrobe/close-without-follow-up',
      { reason: 'pas de besoin', closedOn: '2026-12-05' },
      422,
      'RULE_VIOLATED',
    );
    expect(closing.message).toBe('the closing (2026-12-05) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types('enrobe')).toEqual(['OrganisationsIntroduced']);

    await send(catalyseur, '/api/introductions/enrobe/record-meeting', { metOn: '2026-12-04' });
    const territory = { id: 'alsace', name: 'Alsace', scale: 'regional' };
    await send(
      operator,
      '/api/partnerships',
      { id: 'enrobe-recycle', title: 'Recycler l’enrobé', territory, partners: ORGANISATIONS, modes: ['mecenat'] },
      201,
    );
    const proposal = await refused(
      catalyseur,
      'POST',
      '/api/introductions/enrobe/record-partnership',
      { partnershipId: 'enrobe-recycle', proposedOn: '2026-12-05' },
      422,
      'RULE_VIOLATED',
    );
    expect(proposal.message).toBe('the proposal of the partnership (2026-12-05) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types('enrobe')).toEqual(['OrganisationsIntroduced', 'IntroducedOrganisationsMet']);

    const led = await send(catalyseur, '/api/introductions/enrobe/record-partnership', { partnershipId: 'enrobe-recycle', proposedOn: '2026-12-04' });
    expect(await types('enrobe')).toEqual(['OrganisationsIntroduced', 'IntroducedOrganisationsMet', 'IntroductionLedToPartnership']);
    await api.projected(led.position);
  });

  it('the funnel counts none of the refused facts', async () => {
    const funnel = await get<Record<string, unknown>>(catalyseur, '/api/introductions/funnel?territory=alsace');
    expect(funnel).toMatchObject({ introduced: 2, met: 1, ledToPartnership: 1 });
  });

  it('refuses an introduction dated before the gathering it names or before its catalyseur joined (nothing stored)', async () => {
    // The tester's repro: introduced on 1900-01-01 at the 2013 speed dating, by a catalyseur who joined in 2011.
    const joined = {
      id: 'cat-strasbourg',
      name: 'Catalyseur de Strasbourg',
      sphere: 'association',
      territory: 'alsace',
      skills: ['accompagnement_partenariat'],
    };
    await send(operator, '/api/catalyseurs', { ...joined, joinedAt: '2011-09-01' }, 201);
    const speedDating = {
      id: 'sd-alsace-2013',
      kind: 'speed_dating',
      theme: 'Speed dating',
      date: '2013-11-21',
      place: 'Strasbourg',
      scheduledAt: '2013-10-01',
    };
    await send(operator, '/api/gatherings', speedDating, 201);
    const strasbourg = api.token({ sub: 'cat-strasbourg', role: 'catalyseur' });
    const atTheSpeedDating = { ...INTRODUCTION, id: 'enrobe-2013', gatheringId: 'sd-alsace-2013' };

    const longBefore = await refused(strasbourg, 'POST', '/api/introductions', { ...atTheSpeedDating, introducedOn: '1900-01-01' }, 422, 'RULE_VIOLATED');
    expect(longBefore.message).toBe('the introduction (1900-01-01) cannot be earlier than the day catalyseur "cat-strasbourg" joined the network (2011-09-01)');
    const eveOfIt = await refused(strasbourg, 'POST', '/api/introductions', { ...atTheSpeedDating, introducedOn: '2013-11-20' }, 422, 'RULE_VIOLATED');
    expect(eveOfIt.message).toBe('the introduction (2013-11-20) cannot be earlier than gathering "sd-alsace-2013" (2013-11-21)');
    const { gatheringId: _none, ...elsewhere } = atTheSpeedDating;
    const beforeJoining = await refused(strasbourg, 'POST', '/api/introductions', { ...elsewhere, introducedOn: '2011-08-31' }, 422, 'RULE_VIOLATED');
    expect(beforeJoining.message).toBe(
      'the introduction (2011-08-31) cannot be earlier than the day catalyseur "cat-strasbourg" joined the network (2011-09-01)',
    );
    expect(await types('enrobe-2013')).toEqual([]);

    await send(strasbourg, '/api/introductions', { ...atTheSpeedDating, introducedOn: '2013-11-21' }, 201);
    expect(await types('enrobe-2013')).toEqual(['OrganisationsIntroduced']);
  });
});
