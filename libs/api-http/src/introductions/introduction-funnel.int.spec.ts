/**
 * Introductions (mises en relation) over HTTP (real SQLite files, real
 * projector, real HTTP): made at the Labo régional des partenariats en Alsace
 * speed dating and by Coordin'Actions in Île-de-France, met, leading to
 * partnerships or closed without follow-up; the cards, the lists and the
 * introduction funnel of the network and of each territory. Refusals are 4xx
 * with a code and change nothing stored.
 */
import { INTRODUCTION_EVENT_TYPES } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Card {
  readonly introductionId: string;
  readonly status: string;
  readonly catalyseurId: string;
  readonly territoryId: string;
  readonly organisations: { orgId: string; name: string; sphere: string }[];
  readonly purpose: string;
  readonly introducedOn: string;
  readonly gatheringId?: string;
  readonly metOn?: string;
  readonly partnershipIds: string[];
  readonly revision: number;
  readonly position: number;
}
interface Funnel {
  readonly scope: string;
  readonly introduced: number;
  readonly met: number;
  readonly ledToPartnership: number;
  readonly partnerships: number;
  readonly noFollowUp: number;
  readonly meetingRate: number;
  readonly partnershipRate: number;
}
interface Page<T> {
  readonly items: T[];
  readonly limit: number;
  readonly offset: number;
}
interface FeedPage {
  readonly head: number;
  readonly entries: { kind: string; data: Record<string, unknown> }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALSACE = [
  { orgId: 'chantier-insertion-mulhouse', name: 'Chantier d’insertion de Mulhouse', sphere: 'association' },
  { orgId: 'lyonnaise-des-eaux', name: 'La Lyonnaise des Eaux', sphere: 'entreprise' },
];
const ENVIE = [
  { orgId: 'envie-strasbourg', name: 'Envie Strasbourg', sphere: 'association' },
  { orgId: 'electricite-strasbourg', name: 'Électricité de Strasbourg', sphere: 'entreprise' },
];
const IDF = [
  { orgId: 'coordinactions', name: 'Coordin’Actions', sphere: 'association' },
  { orgId: 'bailleur-93', name: 'Bailleur social de Seine-Saint-Denis', sphere: 'entreprise' },
  { orgId: 'ville-saint-denis', name: 'Ville de Saint-Denis', sphere: 'collectivite' },
];

describe('HTTP api: introductions and the introduction funnel', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let alsace: string;
  let idf: string;
  let operator: string;
  let partner: string;

  const funnel = (query = ''): Promise<Funnel> => get<Funnel>(alsace, `/api/introductions/funnel${query}`);

  beforeAll(async () => {
    api = await startApi({ now: '2014-03-20T18:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    alsace = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
    idf = api.token({ sub: 'cat-idf', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'envie-strasbourg' });
    // What the introductions name exists: their catalyseurs, the speed dating and the partnerships they led to (404 otherwise).
    await joinCatalyseurs(api, ['cat-alsace'], 'alsace');
    await joinCatalyseurs(api, ['cat-idf'], 'ile-de-france');
    const gathering = {
      id: 'speed-dating-labo-alsace-2014',
      kind: 'speed_dating',
      theme: 'Speed dating',
      date: '2014-03-20',
      place: 'Strasbourg',
      territoryId: 'alsace',
    };
    await send(operator, '/api/gatherings', gathering, 201);
    for (const id of ['lyonnaise-chantier-insertion', 'lyonnaise-essaimage-national', 'p-too-early', 'p-late']) {
      const partners = [
        { orgId: 'lyonnaise-des-eaux', name: 'Lyonnaise des Eaux', sphere: 'entreprise' },
        { orgId: 'envie-strasbourg', name: 'Envie Strasbourg', sphere: 'association' },
      ];
      const territory = { id: 'alsace', name: 'Alsace', scale: 'regional' };
      await send(operator, '/api/partnerships', { id, title: id, territory, partners, modes: ['mecenat'], proposedAt: '2014-03-01' }, 201);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('introduced at the speed dating → met → a partnership → a second one: the card and both funnels move step by step', async () => {
    // The catalyseur is the caller, the date today (Europe/Paris).
    const made = await send(
      alsace,
      '/api/introductions',
      {
        id: 'chantier-enrobe',
        territoryId: 'alsace',
        organisations: ALSACE,
        purpose: 'recycler l’enrobé des tranchées',
        gatheringId: 'speed-dating-labo-alsace-2014',
      },
      201,
    );
    expect(await get<Card>(alsace, `/api/introductions/chantier-enrobe?minRevision=${made.revision}`)).toMatchObject({
      introductionId: 'chantier-enrobe',
      status: 'introduced',
      catalyseurId: 'cat-alsace',
      territoryId: 'alsace',
      introducedOn: '2014-03-20',
      gatheringId: 'speed-dating-labo-alsace-2014',
      partnershipIds: [],
      revision: 0,
    });
    await api.projected(made.position);
    expect(await funnel('?territory=alsace')).toEqual({
      scope: 'territory:alsace',
      introduced: 1,
      met: 0,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 0,
      meetingRate: 0,
      partnershipRate: 0,
    });

    api.clock.set('2014-04-03T09:00:00.000Z');
    const met = await send(alsace, '/api/introductions/chantier-enrobe/record-meeting', { notes: 'une machine de recyclage de l’enrobé' });
    expect(await get<Card>(alsace, `/api/introductions/chantier-enrobe?minRevision=${met.revision}`)).toMatchObject({ status: 'met', metOn: '2014-04-03' });
    await api.projected(met.position);
    expect(await funnel('?territory=alsace')).toMatchObject({ introduced: 1, met: 1, ledToPartnership: 0, meetingRate: 1 });

    // A fact is recorded once it happened (not after today): the partnerships are recorded on the day of the second.
    api.clock.set('2015-02-02T09:00:00.000Z');
    const first = await send(alsace, '/api/introductions/chantier-enrobe/record-partnership', {
      partnershipId: 'lyonnaise-chantier-insertion',
      proposedOn: '2014-05-12',
    });
    const second = await send(operator, '/api/introductions/chantier-enrobe/record-partnership', {
      partnershipId: 'lyonnaise-essaimage-national',
      proposedOn: '2015-02-02',
    });
    expect(second.revision).toBe(first.revision + 1);
    expect(await get<Card>(alsace, `/api/introductions/chantier-enrobe?minRevision=${second.revision}`)).toMatchObject({
      status: 'partnership_proposed',
      partnershipIds: ['lyonnaise-chantier-insertion', 'lyonnaise-essaimage-national'],
      revision: second.revision,
      position: second.position,
    });
    await api.projected(second.position);
    const counts = { introduced: 1, met: 1, ledToPartnership: 1, partnerships: 2, noFollowUp: 0, meetingRate: 1, partnershipRate: 1 };
    expect(await funnel('?territory=alsace')).toEqual({ scope: 'territory:alsace', ...counts });
    expect(await funnel()).toEqual({ scope: 'network', ...counts });

    // Summaries in the territory's feed and in ops (beside those of the gathering and the partnerships they name).
    for (const room of ['territory:alsace', 'ops']) {
      const feed = await get<FeedPage>(operator, `/api/feeds/${room}`);
      const introductions = feed.entries.filter((e) => (INTRODUCTION_EVENT_TYPES as readonly string[]).includes(e.kind));
      expect(introductions.map((e) => [e.kind, e.data['status']])).toEqual([
        ['OrganisationsIntroduced', 'introduced'],
        ['IntroducedOrganisationsMet', 'met'],
        ['IntroductionLedToPartnership', 'partnership_proposed'],
        ['IntroductionLedToPartnership', 'partnership_proposed'],
      ]);
    }
  });

  it('closed without follow-up, before or after a meeting; ids made at the edge; an operator names the catalyseur; lists by every tag', async () => {
    api.clock.set('2014-03-21T09:00:00.000Z');
    const envie = await send(
      alsace,
      '/api/introductions',
      {
        territoryId: 'alsace',
        organisations: ENVIE,
        purpose: 'réemploi des appareils électriques',
        gatheringId: 'speed-dating-labo-alsace-2014',
        introducedOn: '2014-03-20',
      },
      201,
    );
    expect(envie.id).toMatch(UUID);
    api.clock.set('2014-06-02T09:00:00.000Z'); // closed when it happened, not before
    await send(alsace, `/api/introductions/${envie.id}/close-without-follow-up`, { reason: 'pas de besoin côté entreprise', closedOn: '2014-06-02' });
    api.clock.set('2014-03-21T09:00:00.000Z');

    const missing = await refused(
      operator,
      'POST',
      '/api/introductions',
      { territoryId: 'ile-de-france', organisations: IDF, purpose: 'logement' },
      400,
      'VALIDATION',
    );
    expect(missing.details).toEqual([{ field: 'catalyseurId', messages: ['catalyseurId is required'] }]);
    await send(
      operator,
      '/api/introductions',
      {
        id: 'idf-logement',
        catalyseurId: 'cat-idf',
        territoryId: 'ile-de-france',
        organisations: IDF,
        purpose: 'la réhabilitation des logements',
        introducedOn: '2014-02-03',
      },
      201,
    );
    await send(idf, '/api/introductions/idf-logement/record-meeting', { metOn: '2014-02-10' });
    const closed = await send(idf, '/api/introductions/idf-logement/close-without-follow-up', { reason: 'pas de réserve foncière disponible' });
    expect(await get<Card>(idf, `/api/introductions/idf-logement?minRevision=${closed.revision}`)).toMatchObject({
      status: 'no_follow_up',
      catalyseurId: 'cat-idf',
      metOn: '2014-02-10',
    });
    await api.projected(closed.position);

    expect(await funnel('?territory=ile-de-france')).toEqual({
      scope: 'territory:ile-de-france',
      introduced: 1,
      met: 1,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 1,
      meetingRate: 1,
      partnershipRate: 0,
    });
    expect(await funnel('?territory=alsace')).toMatchObject({
      introduced: 2,
      met: 1,
      ledToPartnership: 1,
      partnerships: 2,
      noFollowUp: 1,
      meetingRate: 0.5,
      partnershipRate: 0.5,
    });
    expect(await funnel()).toEqual({
      scope: 'network',
      introduced: 3,
      met: 2,
      ledToPartnership: 1,
      partnerships: 2,
      noFollowUp: 2,
      meetingRate: 0.667,
      partnershipRate: 0.333,
    });
    expect(await funnel('?territory=drome')).toEqual({
      scope: 'territory:drome',
      introduced: 0,
      met: 0,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 0,
      meetingRate: 0,
      partnershipRate: 0,
    });

    const ids = async (query: string): Promise<string[]> =>
      (await get<Page<Card>>(alsace, `/api/introductions${query}`)).items.map((i) => i.introductionId).sort();
    expect(await ids('?territory=alsace')).toEqual(['chantier-enrobe', envie.id].sort());
    expect(await ids('?status=no_follow_up')).toEqual([envie.id, 'idf-logement'].sort());
    expect(await ids('?catalyseur=cat-idf')).toEqual(['idf-logement']);
    expect(await ids('?org=lyonnaise-des-eaux')).toEqual(['chantier-enrobe']);
    expect(await ids('?gathering=speed-dating-labo-alsace-2014&status=no_follow_up')).toEqual([envie.id]);
    const page = await get<Page<Card>>(operator, '/api/introductions?limit=2&offset=2');
    expect([page.items.length, page.limit, page.offset]).toEqual([1, 2, 2]);
  });

  it('refusals — 400 with details, 403 for partners, 404, 409, 422 — change nothing stored', async () => {
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      cards: await Promise.all(['chantier-enrobe', 'idf-logement'].map((id) => get<Card>(operator, `/api/introductions/${id}`))),
      funnels: await Promise.all(['', '?territory=alsace', '?territory=ile-de-france'].map((q) => funnel(q))),
      feeds: await Promise.all(['territory:alsace', 'ops'].map(async (room) => (await get<FeedPage>(operator, `/api/feeds/${room}?limit=1`)).head)),
    });
    const before = await stored();
    await send(
      alsace,
      '/api/introductions',
      {
        id: 'hager-restos',
        territoryId: 'alsace',
        organisations: [
          { orgId: 'hager-group', name: 'Hager Group', sphere: 'entreprise' },
          { orgId: 'restos-67', name: 'Restos du Cœur 67', sphere: 'association' },
        ],
        purpose: 'mécénat de compétences',
        introducedOn: '2014-03-20',
      },
      201,
    );
    const withNew = await stored();
    const path = (id: string, command: string): string => `/api/introductions/${id}/${command}`;

    // 400 VALIDATION
    const bad = await refused(
      alsace,
      'POST',
      '/api/introductions',
      { territoryId: 'alsace', organisations: [ENVIE[0]], purpose: '', introducedOn: '2014-02-30', colour: 'rouge' },
      400,
      'VALIDATION',
    );
    expect(bad.details?.map((d) => d.field).sort()).toEqual(['colour', 'introducedOn', 'organisations', 'purpose']);
    const nested = await refused(
      alsace,
      'POST',
      '/api/introductions',
      { territoryId: 'alsace', organisations: [ENVIE[0], { ...ENVIE[1], sphere: 'startup', siret: '1' }], purpose: 'x' },
      400,
      'VALIDATION',
    );
    expect(nested.details?.map((d) => d.field).sort()).toEqual(['organisations.1.siret', 'organisations.1.sphere']);
    await refused(alsace, 'POST', path('hager-restos', 'record-partnership'), { proposedOn: '2014-05-02' }, 400, 'VALIDATION');
    await refused(alsace, 'POST', path('hager-restos', 'close-without-follow-up'), { reason: 'x'.repeat(4001) }, 400, 'VALIDATION');
    await refused(alsace, 'GET', '/api/introductions?status=maybe', undefined, 400, 'VALIDATION');
    await refused(alsace, 'GET', '/api/introductions/funnel?territory=a%20b', undefined, 400, 'VALIDATION');

    // 403: partners
    expect(
      (await refused(partner, 'POST', '/api/introductions', { territoryId: 'alsace', organisations: ENVIE, purpose: 'x' }, 403, 'FORBIDDEN')).message,
    ).toBe('introductions are run and read by catalyseurs and operators; partners act in their own partnerships');
    await refused(partner, 'POST', path('hager-restos', 'record-meeting'), {}, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/introductions/funnel', undefined, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/introductions?org=envie-strasbourg', undefined, 403, 'FORBIDDEN');
    expect((await refused(partner, 'GET', '/api/introductions/chantier-enrobe', undefined, 403, 'FORBIDDEN')).message).toBe(
      'introductions are run and read by catalyseurs and operators; partners act in their own partnerships',
    );

    // 404
    expect((await refused(alsace, 'POST', path('nope', 'record-meeting'), {}, 404, 'NOT_FOUND')).message).toBe('introduction nope not found');
    await refused(alsace, 'GET', '/api/introductions/nope', undefined, 404, 'NOT_FOUND');
    // What the command names beside the introduction exists (the write side), else nothing is recorded.
    const ghost = { partnershipId: 'nonexistent-p', proposedOn: '2014-05-02' };
    expect((await refused(alsace, 'POST', path('chantier-enrobe', 'record-partnership'), ghost, 404, 'NOT_FOUND')).message).toBe(
      'partnership nonexistent-p not found',
    );
    // The introduction is reported first, the body's validation before both.
    expect((await refused(alsace, 'POST', path('nope', 'record-partnership'), ghost, 404, 'NOT_FOUND')).message).toBe('introduction nope not found');
    await refused(alsace, 'POST', path('nope', 'record-partnership'), { partnershipId: 'a b' }, 400, 'VALIDATION');
    const atNothing = { id: 'at-nothing', territoryId: 'alsace', organisations: ALSACE, purpose: 'x', gatheringId: 'does-not-exist' };
    expect((await refused(alsace, 'POST', '/api/introductions', atNothing, 404, 'NOT_FOUND')).message).toBe('gathering does-not-exist not found');
    await refused(partner, 'POST', '/api/introductions', atNothing, 403, 'FORBIDDEN');
    await refused(alsace, 'GET', '/api/introductions/at-nothing', undefined, 404, 'NOT_FOUND');

    // 409
    expect(
      (
        await refused(
          alsace,
          'POST',
          '/api/introductions',
          { id: 'chantier-enrobe', territoryId: 'alsace', organisations: ALSACE, purpose: 'x' },
          409,
          'CONFLICT',
        )
      ).message,
    ).toBe('introduction already exists');
    await refused(
      alsace,
      'POST',
      path('chantier-enrobe', 'record-partnership'),
      { partnershipId: 'lyonnaise-chantier-insertion', proposedOn: '2015-06-01' },
      409,
      'CONFLICT',
    );
    const stale = await refused(alsace, 'POST', path('hager-restos', 'record-meeting'), { metOn: '2014-04-01' }, 409, 'CONFLICT', { 'if-match': '"3"' });
    expect(stale.currentRevision).toBe('0');

    // 422
    const rule = async (path: string, body: unknown, message: string): Promise<void> => {
      expect((await refused(alsace, 'POST', path, body, 422, 'RULE_VIOLATED')).message).toBe(message);
    };
    await rule(
      '/api/introductions',
      { territoryId: 'alsace', organisations: [ENVIE[0], { orgId: 'emmaus-mundo', name: 'Emmaüs Mundo', sphere: 'association' }], purpose: 'x' },
      'an introduction brings together organisations of at least two different spheres',
    );
    await rule(
      '/api/introductions',
      { territoryId: 'alsace', organisations: [ENVIE[0], ENVIE[0]], purpose: 'x' },
      'organisation "envie-strasbourg" is listed twice',
    );
    await rule(
      path('hager-restos', 'record-partnership'),
      { partnershipId: 'p-too-early', proposedOn: '2014-05-02' },
      'a partnership can only follow a meeting: record the meeting first',
    );
    await rule(path('hager-restos', 'record-meeting'), { metOn: '2014-03-19' }, 'a meeting cannot come before the introduction of 2014-03-20');
    await rule(path('chantier-enrobe', 'record-meeting'), { metOn: '2014-04-09' }, 'the organisations already met on 2014-04-03');
    await rule(
      path('chantier-enrobe', 'close-without-follow-up'),
      { reason: 'x' },
      'an introduction that led to a partnership cannot be closed without follow-up',
    );
    await rule(
      path('idf-logement', 'record-partnership'),
      { partnershipId: 'p-late', proposedOn: '2014-07-01' },
      'an introduction closed without follow-up accepts no outcome',
    );

    expect(await stored()).toEqual(withNew);
    expect(withNew).not.toEqual(before); // the check sees a real write
  });
});
