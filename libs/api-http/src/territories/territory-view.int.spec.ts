/**
 * Territories over HTTP (real SQLite files, real projector, real HTTP): the
 * Centre-Val de Loire diagnostic of fragilités (004), its actors, and the
 * territory view gathering what happens on it — partnerships, collective
 * experimentations, gatherings, catalyseurs, the introduction funnel. Refusals
 * are 4xx with a code and change nothing stored.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Profile {
  readonly territoryId: string;
  readonly name: string;
  readonly typology: string;
  readonly level: string;
  readonly region?: string;
  readonly departement?: string;
  readonly customDomains: Record<string, string>;
  readonly domains: { domain: string; label: string; custom: boolean }[];
  readonly diagnostic?: { diagnosedOn: string; source?: string; ratings: { domain: string; sphere: string; priority: string; notes?: string }[] };
  readonly priorities: Record<string, Record<string, string>>;
  readonly highPriorities: string[];
  readonly actors: { orgId: string; name: string; sphere: string }[];
  readonly revision: number;
  readonly position: number;
}
interface View {
  readonly territory: Profile;
  readonly partnerships: { id: string; title: string; phase: string; modes: string[] }[];
  readonly experimentations: { experimentationId: string; title: string; stage: string; status: string }[];
  readonly gatherings: { gatheringId: string; kind: string; theme: string; date: string; status: string }[];
  readonly catalyseurs: { id: string; name: string; sphere: string }[];
  readonly funnel: { scope: string; introduced: number; met: number; ledToPartnership: number; partnerships: number; noFollowUp: number };
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

const CVL = 'centre-val-de-loire';
const IDF = 'petite-couronne';

describe('HTTP api: territories, their diagnostic and the territory view', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let partner: string;

  beforeAll(async () => {
    api = await startApi({ now: '2016-10-03T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-cvl', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'uriopss-centre' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('Centre-Val de Loire: registered, its own domain, the diagnostic dated today, actors; the profile follows each write', async () => {
    const created = await send(
      operator,
      '/api/territories',
      { id: CVL, name: 'Centre-Val de Loire', typology: 'rural', level: 'regional', region: 'Centre-Val de Loire' },
      201,
    );
    expect(created).toMatchObject({ id: CVL, revision: 0 });
    await send(operator, `/api/territories/${CVL}/add-fragility-domain`, { domain: 'isolement_personnes', label: 'Isolement des personnes' });
    const diagnostic = await send(catalyseur, `/api/territories/${CVL}/record-diagnostic`, {
      source: 'Programme PHARE (Comisis-OpinionWay, 2016)',
      ratings: [
        { domain: 'vieillissement', sphere: 'association', priority: 'haute' },
        { domain: 'vieillissement', sphere: 'entreprise', priority: 'haute' },
        { domain: 'vieillissement', sphere: 'collectivite', priority: 'haute', notes: 'une population vieillissante' },
        { domain: 'emploi', sphere: 'entreprise', priority: 'moyenne' },
        { domain: 'isolement_personnes', sphere: 'association', priority: 'moyenne' },
        { domain: 'numerique', sphere: 'association', priority: 'basse' },
      ],
    });
    const profile = (await get<View>(catalyseur, `/api/territories/${CVL}?minRevision=${diagnostic.revision}`)).territory;
    expect(profile).toMatchObject({
      territoryId: CVL,
      name: 'Centre-Val de Loire',
      typology: 'rural',
      level: 'regional',
      region: 'Centre-Val de Loire',
      customDomains: { isolement_personnes: 'Isolement des personnes' },
      diagnostic: { diagnosedOn: '2016-10-03', source: 'Programme PHARE (Comisis-OpinionWay, 2016)' },
      priorities: {
        vieillissement: { association: 'haute', entreprise: 'haute', collectivite: 'haute' },
        emploi: { entreprise: 'moyenne' },
        isolement_personnes: { association: 'moyenne' },
        numerique: { association: 'basse' },
      },
      highPriorities: ['vieillissement'],
      revision: diagnostic.revision,
      position: diagnostic.position,
    });
    expect(profile.domains.at(-1)).toEqual({ domain: 'isolement_personnes', label: 'Isolement des personnes', custom: true });
    expect(profile.domains).toHaveLength(17);

    for (const [orgId, name, sphere] of [
      ['region-cvl', 'Région Centre-Val de Loire', 'collectivite'],
      ['uriopss-centre', 'URIOPSS Centre', 'association'],
      ['la-poste-cvl', 'La Poste Centre-Val de Loire', 'entreprise'],
    ]) {
      await send(operator, `/api/territories/${CVL}/register-actor`, { orgId, name, sphere });
    }
    const removed = await send(operator, `/api/territories/${CVL}/remove-actor`, { orgId: 'la-poste-cvl', reason: 'interlocuteur national' });
    expect((await get<View>(catalyseur, `/api/territories/${CVL}?minRevision=${removed.revision}`)).territory.actors.map((a) => a.orgId)).toEqual([
      'region-cvl',
      'uriopss-centre',
    ]);

    // A later diagnostic replaces the current one whole.
    api.clock.set('2018-03-15T09:00:00.000Z');
    const later = await send(operator, `/api/territories/${CVL}/record-diagnostic`, {
      diagnosedOn: '2018-03-15',
      ratings: [{ domain: 'mobilite', sphere: 'collectivite', priority: 'haute' }],
    });
    const replaced = (await get<View>(operator, `/api/territories/${CVL}?minRevision=${later.revision}`)).territory;
    expect([replaced.priorities, replaced.highPriorities, replaced.diagnostic?.diagnosedOn]).toEqual([
      { mobilite: { collectivite: 'haute' } },
      ['mobilite'],
      '2018-03-15',
    ]);
    expect(replaced.diagnostic).not.toHaveProperty('source');

    // Every territory event is in territory:{id}, in order.
    await api.projected(later.position);
    const feed = await get<FeedPage>(catalyseur, `/api/feeds/territory:${CVL}`);
    expect(feed.entries.map((e) => e.kind)).toEqual([
      'TerritoryRegistered',
      'FragilityDomainAdded',
      'FragilityDiagnosticRecorded',
      'TerritoryActorRegistered',
      'TerritoryActorRegistered',
      'TerritoryActorRegistered',
      'TerritoryActorRemoved',
      'FragilityDiagnosticRecorded',
    ]);
    expect(feed.entries[1]?.data).toEqual({
      territoryId: CVL,
      territoryName: 'Centre-Val de Loire',
      domain: 'isolement_personnes',
      label: 'Isolement des personnes',
    });
  });

  it('the territory view: its partnerships, experimentations, gatherings, catalyseurs (members) and funnel — and nothing of other territories', async () => {
    await send(
      catalyseur,
      '/api/territories',
      { id: IDF, name: 'Petite couronne parisienne', typology: 'metropole', level: 'departemental', region: 'Île-de-France' },
      201,
    );
    const partners = [
      { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' },
      { orgId: 'la-poste-cvl', name: 'La Poste Centre-Val de Loire', sphere: 'entreprise' },
    ];
    // The catalyseurs join first: a catalyseur proposes (and accompanies) partnerships once a member.
    for (const [id, name, territory] of [
      ['cat-cvl', 'Camille', CVL],
      ['cat-tours', 'Théo', CVL],
      ['cat-idf', 'Diane', IDF],
    ]) {
      await send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory, skills: ['dialogue_territorial', 'mise_en_relation'] }, 201);
    }
    await send(
      catalyseur,
      '/api/partnerships',
      {
        id: 'bien-vieillir-cvl',
        title: 'Bien vieillir à domicile',
        territory: { id: CVL, name: 'Centre-Val de Loire', scale: 'regional' },
        partners,
        modes: ['innovation_societale'],
      },
      201,
    );
    await send(
      catalyseur,
      '/api/partnerships',
      {
        id: 'emploi-93',
        title: 'Accès à l’emploi en Seine-Saint-Denis',
        territory: { id: IDF, name: 'Petite couronne parisienne', scale: 'departemental' },
        partners,
        modes: ['mecenat'],
      },
      201,
    );
    await send(
      catalyseur,
      '/api/experimentations',
      {
        id: 'vieillissement-cvl',
        title: 'Vieillir ensemble en Centre-Val de Loire',
        territory: { id: CVL, name: 'Centre-Val de Loire', scale: 'regional' },
        conveners: [{ orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' }],
      },
      201,
    );
    await send(
      catalyseur,
      '/api/gatherings',
      { id: 'atelier-vieillissement-2018', kind: 'atelier', theme: 'Vieillissement et isolement', date: '2018-04-05', place: 'Orléans', territoryId: CVL },
      201,
    );
    await send(
      catalyseur,
      '/api/gatherings',
      { id: 'webinaire-2018-04', kind: 'webinaire', theme: 'Les solutions', date: '2018-04-19', link: 'https://webinaires.example/2018-04' },
      201,
    );
    await send(operator, '/api/catalyseurs/cat-tours/leave-network', {});
    await send(
      catalyseur,
      '/api/introductions',
      { id: 'poste-uriopss', territoryId: CVL, organisations: partners, purpose: 'visites de convivialité par les facteurs' },
      201,
    );
    const last = await send(catalyseur, '/api/introductions/poste-uriopss/record-meeting', {});
    await api.projected(last.position);

    const view = await get<View>(catalyseur, `/api/territories/${CVL}`);
    expect(view.territory.territoryId).toBe(CVL);
    expect(view.partnerships).toEqual([{ id: 'bien-vieillir-cvl', title: 'Bien vieillir à domicile', phase: 'cadrage', modes: ['innovation_societale'] }]);
    expect(view.experimentations).toEqual([
      { experimentationId: 'vieillissement-cvl', title: 'Vieillir ensemble en Centre-Val de Loire', stage: 'emergence_besoins', status: 'running' },
    ]);
    expect(view.gatherings).toEqual([
      { gatheringId: 'atelier-vieillissement-2018', kind: 'atelier', theme: 'Vieillissement et isolement', date: '2018-04-05', status: 'scheduled' },
    ]);
    expect(view.catalyseurs).toEqual([{ id: 'cat-cvl', name: 'Camille', sphere: 'association' }]);
    expect(view.funnel).toEqual({ scope: `territory:${CVL}`, introduced: 1, met: 1, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 });

    const other = await get<View>(operator, `/api/territories/${IDF}`);
    expect([other.partnerships.map((p) => p.id), other.experimentations, other.gatherings, other.catalyseurs.map((c) => c.id)]).toEqual([
      ['emploi-93'],
      [],
      [],
      ['cat-idf'],
    ]);
    expect(other.funnel).toEqual({ scope: `territory:${IDF}`, introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 });

    // Lists by typology, level, region, actor, paged.
    const ids = async (query: string): Promise<string[]> =>
      (await get<Page<Profile>>(catalyseur, `/api/territories${query}`)).items.map((t) => t.territoryId).sort();
    expect(await ids('')).toEqual([CVL, IDF]);
    expect(await ids('?typology=rural')).toEqual([CVL]);
    expect(await ids('?level=departemental')).toEqual([IDF]);
    expect(await ids(`?region=${encodeURIComponent('Île-de-France')}`)).toEqual([IDF]);
    // Typed with a combining circumflex (NFD, as macOS copies it): the same region.
    expect(await ids(`?region=${encodeURIComponent('Île-de-France'.normalize('NFD'))}`)).toEqual([IDF]);
    expect(await ids('?actor=uriopss-centre')).toEqual([CVL]);
    expect(await ids('?actor=la-poste-cvl')).toEqual([]); // removed
    expect(await ids('?typology=rural&region=Bretagne')).toEqual([]);
    const page = await get<Page<Profile>>(catalyseur, '/api/territories?limit=1&offset=1');
    expect([page.items.length, page.limit, page.offset]).toEqual([1, 1, 1]);
  });

  it('refusals — 400 with details, 403 for partners, 404, 409, 422 — change nothing stored', async () => {
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      view: await get<View>(operator, `/api/territories/${CVL}`),
      feed: (await get<FeedPage>(operator, `/api/feeds/territory:${CVL}?limit=1`)).head,
    });
    const before = await stored();
    const path = (command: string, id = CVL): string => `/api/territories/${id}/${command}`;

    // 400 VALIDATION
    const bad = await refused(
      operator,
      'POST',
      '/api/territories',
      { name: 'x'.repeat(201), typology: 'banlieue', level: 'continental', colour: 'vert' },
      400,
      'VALIDATION',
    );
    expect(bad.details?.map((d) => d.field).sort()).toEqual(['colour', 'id', 'level', 'name', 'typology']);
    const rating = await refused(
      operator,
      'POST',
      path('record-diagnostic'),
      { diagnosedOn: '2018-02-30', ratings: [{ domain: 'vieillissement', sphere: 'association', priority: 'urgente', weight: 3 }] },
      400,
      'VALIDATION',
    );
    expect(rating.details?.map((d) => d.field).sort()).toEqual(['diagnosedOn', 'ratings.0.priority', 'ratings.0.weight']);
    await refused(operator, 'POST', path('record-diagnostic'), { ratings: [] }, 400, 'VALIDATION');
    await refused(operator, 'POST', path('add-fragility-domain'), { domain: 'd'.repeat(41), label: 'Trop long' }, 400, 'VALIDATION');
    await refused(operator, 'POST', path('register-actor'), { orgId: 'a b', name: 'X', sphere: 'association' }, 400, 'VALIDATION');
    await refused(operator, 'GET', '/api/territories?typology=banlieue', undefined, 400, 'VALIDATION');

    // 403: partners
    expect(
      (await refused(partner, 'POST', '/api/territories', { id: 'bretagne', name: 'Bretagne', typology: 'rural', level: 'regional' }, 403, 'FORBIDDEN'))
        .message,
    ).toBe('territories are run and read by catalyseurs and operators; partners act in their own partnerships');
    await refused(partner, 'POST', path('register-actor'), { orgId: 'uriopss-centre-2', name: 'X', sphere: 'association' }, 403, 'FORBIDDEN');
    expect((await refused(partner, 'GET', `/api/territories/${CVL}`, undefined, 403, 'FORBIDDEN')).message).toBe(
      'territories are run and read by catalyseurs and operators; partners act in their own partnerships',
    );
    await refused(partner, 'GET', '/api/territories', undefined, 403, 'FORBIDDEN');

    // 404
    expect(
      (await refused(operator, 'POST', path('add-fragility-domain', 'bretagne'), { domain: 'littoral', label: 'Littoral' }, 404, 'NOT_FOUND')).message,
    ).toBe('territory bretagne not found');
    await refused(catalyseur, 'GET', '/api/territories/bretagne', undefined, 404, 'NOT_FOUND');
    expect((await refused(operator, 'POST', path('remove-actor'), { orgId: 'la-poste-cvl' }, 404, 'NOT_FOUND')).message).toBe(
      'organisation "la-poste-cvl" is not an actor of this territory',
    );

    // 409
    expect(
      (await refused(operator, 'POST', '/api/territories', { id: CVL, name: 'Centre', typology: 'rural', level: 'regional' }, 409, 'CONFLICT')).message,
    ).toBe('territory already exists');
    await refused(operator, 'POST', path('add-fragility-domain'), { domain: 'emploi', label: 'Emploi' }, 409, 'CONFLICT');
    await refused(operator, 'POST', path('add-fragility-domain'), { domain: 'isolement_personnes', label: 'Isolement' }, 409, 'CONFLICT');
    await refused(operator, 'POST', path('register-actor'), { orgId: 'region-cvl', name: 'Région', sphere: 'collectivite' }, 409, 'CONFLICT');
    const stale = await refused(
      operator,
      'POST',
      path('register-actor'),
      { orgId: 'carsat-centre', name: 'Carsat Centre', sphere: 'institution' },
      409,
      'CONFLICT',
      { 'if-match': '"3"' },
    );
    expect(stale.currentRevision).toBe('7');

    // 422 (on the 20th: the diagnostics below are dated that day, and a fact is not dated after the day it is recorded)
    api.clock.set('2018-03-20T09:00:00.000Z');
    const rule = async (command: string, body: unknown, message: string): Promise<void> => {
      expect((await refused(operator, 'POST', path(command), body, 422, 'RULE_VIOLATED')).message).toBe(message);
    };
    await rule(
      'record-diagnostic',
      { diagnosedOn: '2018-03-20', ratings: [{ domain: 'tourisme', sphere: 'association', priority: 'haute' }] },
      'unknown fragility domain "tourisme" (a territory adds its own domains before rating them)',
    );
    await rule(
      'record-diagnostic',
      { diagnosedOn: '2017-01-10', ratings: [{ domain: 'emploi', sphere: 'association', priority: 'haute' }] },
      'a diagnostic of 2017-01-10 cannot replace the later one of 2018-03-15',
    );
    await rule(
      'record-diagnostic',
      {
        diagnosedOn: '2018-03-20',
        ratings: [
          { domain: 'emploi', sphere: 'association', priority: 'haute' },
          { domain: 'emploi', sphere: 'association', priority: 'basse' },
        ],
      },
      'domain "emploi" is rated twice for sphere "association"',
    );
    await rule(
      'add-fragility-domain',
      { domain: 'Handicap', label: 'Handicap' },
      'a fragility domain is a slug of lower-case letters, digits and underscores, starting with a letter, at most 40 characters, not constructor (got "Handicap")',
    );

    expect(await stored()).toEqual(before);
  });
  it('a region registered with combining accents (NFD, as macOS copies it) is kept composed: listed by either spelling', async () => {
    const nfd = 'Provence-Alpes-Côte d’Azur'.normalize('NFD');
    const created = await send(
      operator,
      '/api/territories',
      { id: 'var-nfd', name: 'Var', typology: 'rural', level: 'departemental', region: nfd, departement: 'Var' },
      201,
    );
    await api.projected(created.position);
    for (const spelling of [nfd, nfd.normalize('NFC')]) {
      const page = await get<Page<Profile>>(catalyseur, `/api/territories?region=${encodeURIComponent(spelling)}`);
      expect(page.items.map((t) => [t.territoryId, (t as { region?: string }).region])).toEqual([['var-nfd', nfd.normalize('NFC')]]);
    }
  });
});
