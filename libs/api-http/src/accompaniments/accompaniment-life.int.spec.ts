/**
 * Accompaniments over HTTP (real SQLite files, real projector, real HTTP): a
 * catalyseur of the Ardèche prepares the centre social of Privas (opened, two
 * sessions, its maturity seen, closed ready), an introduction names the
 * accompaniment it comes from; the organisation's page lists its
 * accompaniments and partnerships, and its room follows them live. Refusals
 * are 4xx with a code and change nothing stored; only the catalyseur who holds
 * an accompaniment (or an operator) acts on it; a partner reads its own
 * organisation's.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Card {
  readonly accompanimentId: string;
  readonly organisationId: string;
  readonly catalyseurId: string;
  readonly purpose: string;
  readonly status: string;
  readonly openedOn: string;
  readonly sessions: { heldOn: string; topics: string[]; summary: string; recordedBy: string }[];
  readonly sessionCount: number;
  readonly lastSessionOn?: string;
  readonly maturity?: { maturity: string; objectiveFamilies: string[]; recordedOn: string };
  readonly outcome?: string;
  readonly closedOn?: string;
  readonly revision: number;
  readonly cut?: Record<string, unknown>;
}
interface List<T> {
  readonly items: T[];
  readonly total: number;
}
interface OrganisationPage {
  readonly organisationId: string;
  readonly accompaniments?: { accompanimentId: string; status: string; sessionCount: number; maturity?: string; outcome?: string }[];
  readonly partnerships?: { id: string; title: string; phase: string }[];
  readonly introductions?: { introductionId: string; status: string; with: { orgId: string; name: string }[]; accompanimentId?: string }[];
  readonly gatherings?: { gatheringId: string; kind: string; registered: number; attended: number }[];
  readonly cut?: Record<string, unknown>;
}
interface FeedPage {
  readonly entries: { kind: string; data: Record<string, unknown> }[];
}

const A = 'csc-privas-2014';
const OPENING = { id: A, organisationId: 'csc-privas', purpose: 'préparer le centre social à un premier partenariat', openedOn: '2014-02-03' };

describe('HTTP api: accompaniments of organisations (préparer les partenaires)', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let colleague: string;
  let operator: string;
  let privasPartner: string;
  let otherPartner: string;

  beforeAll(async () => {
    api = await startApi({ now: '2014-04-01T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
    colleague = api.token({ sub: 'cat-drome', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cat-ardeche', 'cat-drome'], 'ardeche');
    privasPartner = api.token({ sub: 'paul', role: 'partner', org: 'csc-privas' });
    otherPartner = api.token({ sub: 'eve', role: 'partner', org: 'flda' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('opened, two sessions, the maturity seen, closed ready; read live, as of a date, and in the lists', async () => {
    await send(
      operator,
      '/api/organisations',
      { id: 'csc-privas', name: 'Centre social de Privas', kind: 'association', size: 'tpe', territory: 'ardeche' },
      201,
    );
    const opened = await send(catalyseur, '/api/accompaniments', OPENING, 201);
    expect(opened).toMatchObject({ id: A, revision: 0 });
    await send(catalyseur, `/api/accompaniments/${A}/hold-session`, {
      heldOn: '2014-02-17',
      topics: ['gouvernance', 'mécénat de compétences'],
      summary: 'Premier tour des besoins.',
    });
    await send(operator, `/api/accompaniments/${A}/record-maturity`, {
      maturity: 'decouverte',
      objectiveFamilies: ['parties_prenantes'],
      recordedOn: '2014-02-17',
    });
    await send(catalyseur, `/api/accompaniments/${A}/hold-session`, {
      heldOn: '2014-03-10',
      topics: ['pistes de partenaires'],
      summary: 'Deux entreprises repérées.',
    });
    await send(catalyseur, `/api/accompaniments/${A}/record-maturity`, { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'] });
    const closed = await send(catalyseur, `/api/accompaniments/${A}/close`, { outcome: 'ready', reason: 'deux pistes de partenariat identifiées' });

    const card = await get<Card>(privasPartner, `/api/accompaniments/${A}?minRevision=${closed.revision}`);
    expect(card).toMatchObject({
      accompanimentId: A,
      organisationId: 'csc-privas',
      catalyseurId: 'cat-ardeche',
      status: 'closed',
      openedOn: '2014-02-03',
      sessionCount: 2,
      lastSessionOn: '2014-03-10',
      maturity: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-04-01' },
      closedOn: '2014-04-01',
      outcome: 'ready',
      revision: 5,
    });
    // Who recorded a session is who wrote its summary (the operator recorded none here).
    expect(card.sessions.map((s) => [s.heldOn, s.recordedBy])).toEqual([
      ['2014-02-17', 'cat-ardeche'],
      ['2014-03-10', 'cat-ardeche'],
    ]);

    // As it was after its first session (by the dates the events carry).
    const asOf = await get<Card>(catalyseur, `/api/accompaniments/${A}?asOf=2014-02-20`);
    expect(asOf).toMatchObject({ status: 'open', sessionCount: 1, maturity: { maturity: 'decouverte' }, cut: { time: '2014-02-20', clock: 'happened' } });

    await send(operator, '/api/organisations', { id: 'flda', name: 'FLDA', kind: 'entreprise', size: 'pme', territory: 'ardeche' }, 201);
    const other = await send(
      operator,
      '/api/accompaniments',
      { id: 'flda-2014', organisationId: 'flda', catalyseurId: 'cat-drome', purpose: 'élargir', openedOn: '2014-03-01' },
      201,
    );
    await api.projected(other.position);
    const ids = async (query: string): Promise<string[]> =>
      (await get<List<Card>>(operator, `/api/accompaniments${query}`)).items.map((c) => c.accompanimentId).sort();
    expect(await ids('')).toEqual(['csc-privas-2014', 'flda-2014']);
    expect(await ids('?organisation=csc-privas')).toEqual([A]);
    expect(await ids('?catalyseur=cat-drome')).toEqual(['flda-2014']);
    expect(await ids('?status=open')).toEqual(['flda-2014']);
    expect(await ids('?status=closed&outcome=ready')).toEqual([A]);
  });

  it('an introduction names the accompaniment it comes from; the organisation’s page lists its accompaniments and partnerships; its room follows them', async () => {
    const introduction = await send(
      catalyseur,
      '/api/introductions',
      {
        id: 'privas-entreprise',
        territoryId: 'ardeche',
        organisations: [
          { orgId: 'csc-privas', name: 'Centre social de Privas', sphere: 'association' },
          { orgId: 'flda', name: 'FLDA', sphere: 'fondation' },
        ],
        purpose: 'un premier partenariat',
        accompanimentId: A,
      },
      201,
    );
    const partnership = await send(
      operator,
      '/api/partnerships',
      {
        id: 'flda-privas',
        title: 'Lire et faire lire à Privas',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'fondation' },
          { orgId: 'csc-privas', name: 'Centre social de Privas', sphere: 'association' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    // Its director registers for an atelier of the territory, naming the organisation's id.
    await send(
      catalyseur,
      '/api/gatherings',
      { id: 'atelier-ardeche-2014-04', kind: 'atelier', theme: 'Premiers partenariats', date: '2014-04-17', time: '14:00', place: 'Privas' },
      201,
    );
    const registered = await send(
      catalyseur,
      '/api/gatherings/atelier-ardeche-2014-04/register',
      {
        participantId: 'dir-csc-privas',
        name: 'Directrice du centre social',
        organisation: 'Centre social de Privas',
        sphere: 'association',
        orgId: 'csc-privas',
      },
      200,
    );
    await api.projected(Math.max(introduction.position, partnership.position, registered.position));
    const fromIt = await get<List<{ introductionId: string; accompanimentId?: string }>>(catalyseur, `/api/introductions?accompaniment=${A}`);
    expect(fromIt.items.map((i) => [i.introductionId, i.accompanimentId])).toEqual([['privas-entreprise', A]]);

    const page = await get<OrganisationPage>(privasPartner, '/api/organisations/csc-privas');
    expect(page.accompaniments).toEqual([
      expect.objectContaining({ accompanimentId: A, status: 'closed', sessionCount: 2, maturity: 'engagee', outcome: 'ready' }),
    ]);
    expect(page.partnerships?.map((p) => p.id)).toEqual(['flda-privas']);
    expect(page.introductions).toEqual([
      expect.objectContaining({ introductionId: 'privas-entreprise', status: 'introduced', with: [{ orgId: 'flda', name: 'FLDA' }], accompanimentId: A }),
    ]);
    expect(page.gatherings).toEqual([expect.objectContaining({ gatheringId: 'atelier-ardeche-2014-04', kind: 'atelier', registered: 1, attended: 0 })]);
    const asOf = await get<OrganisationPage>(catalyseur, '/api/organisations/csc-privas?asOf=2014-04-01');
    expect(asOf).toMatchObject({ organisationId: 'csc-privas', cut: { time: '2014-04-01' } });
    expect(asOf).not.toHaveProperty('accompaniments');

    const feed = await get<FeedPage>(privasPartner, '/api/feeds/organisation:csc-privas');
    expect(feed.entries.map((e) => e.kind)).toEqual([
      'OrganisationRegistered',
      'AccompanimentOpened',
      'AccompanimentSessionHeld',
      'OrganisationMaturityRecorded',
      'AccompanimentSessionHeld',
      'OrganisationMaturityRecorded',
      'AccompanimentClosed',
      // The introduction, the partnership's proposal and the registration of one of its people: the lists of its page.
      'OrganisationsIntroduced',
      'PartnershipProposed',
      'ParticipantRegistered',
    ]);
    expect(feed.entries[6]?.data).toMatchObject({ accompanimentId: A, organisationId: 'csc-privas', catalyseurId: 'cat-ardeche', outcome: 'ready' });
    expect(feed.entries[8]?.data).toMatchObject({ partnershipId: 'flda-privas', phase: 'cadrage', partners: ['FLDA', 'Centre social de Privas'] });
    // No one's name in the organisation's room: the gathering's counts.
    expect(feed.entries[9]?.data).toEqual(expect.objectContaining({ gatheringId: 'atelier-ardeche-2014-04', registered: 1 }));
    expect(JSON.stringify(feed.entries[9]?.data)).not.toContain('Directrice');
    await refused(otherPartner, 'GET', '/api/feeds/organisation:csc-privas', undefined, 403, 'FORBIDDEN');
  });

  it('refuses, and stores nothing: after the closing (422), before the opening (422), bad bodies (400), an unknown one (404), a duplicate (409)', async () => {
    const open = 'flda-2014';
    const before = await events.readStream(`accompaniment-${A}`);
    const beforeOpen = await events.readStream(`accompaniment-${open}`);
    const afterClosing = await refused(catalyseur, 'POST', `/api/accompaniments/${A}/hold-session`, { topics: ['x'], summary: 'y' }, 422, 'RULE_VIOLATED');
    expect(afterClosing.message).toContain('it accepts no command');
    await refused(catalyseur, 'POST', `/api/accompaniments/${A}/close`, { outcome: 'abandoned', reason: 'x' }, 422, 'RULE_VIOLATED');
    const early = await refused(
      colleague,
      'POST',
      `/api/accompaniments/${open}/hold-session`,
      { heldOn: '2014-02-28', topics: ['x'], summary: 'y' },
      422,
      'RULE_VIOLATED',
    );
    expect(early.message).toContain('the opening of the accompaniment');
    await refused(colleague, 'POST', `/api/accompaniments/${open}/hold-session`, { topics: [], summary: 'y' }, 422, 'RULE_VIOLATED');
    await refused(colleague, 'POST', `/api/accompaniments/${open}/hold-session`, { topics: ['x'] }, 400, 'VALIDATION');
    await refused(colleague, 'POST', `/api/accompaniments/${open}/close`, { outcome: 'done', reason: 'x' }, 400, 'VALIDATION');
    await refused(
      colleague,
      'POST',
      `/api/accompaniments/${open}/record-maturity`,
      { maturity: 'avancee', objectiveFamilies: ['innovation'] },
      400,
      'VALIDATION',
    );
    await refused(operator, 'POST', '/api/accompaniments', { organisationId: 'flda', purpose: 'x' }, 400, 'VALIDATION');
    await refused(catalyseur, 'POST', '/api/accompaniments', OPENING, 409, 'CONFLICT');
    await refused(operator, 'POST', '/api/accompaniments/inconnu/close', { outcome: 'ready', reason: 'x' }, 404, 'NOT_FOUND');
    await refused(catalyseur, 'GET', '/api/accompaniments/inconnu', undefined, 404, 'NOT_FOUND');
    // The organisation and the catalyseur it names exist, the catalyseur still a member: else nothing is appended.
    await joinCatalyseurs(api, ['cat-parti'], 'ardeche');
    await send(operator, '/api/catalyseurs/cat-parti/leave-network', {});
    const head = await events.headPosition();
    const opening = (body: Record<string, unknown>): Record<string, unknown> => ({ id: 'nope-2014', purpose: 'x', ...body });
    const unknownOrg = await refused(
      operator,
      'POST',
      '/api/accompaniments',
      opening({ organisationId: 'nope-org', catalyseurId: 'cat-drome' }),
      404,
      'NOT_FOUND',
    );
    expect(unknownOrg.message).toBe('organisation nope-org not found');
    expect((await refused(catalyseur, 'POST', '/api/accompaniments', opening({ organisationId: 'nope-org' }), 404, 'NOT_FOUND')).message).toBe(
      'organisation nope-org not found',
    );
    const ghost = await refused(operator, 'POST', '/api/accompaniments', opening({ organisationId: 'flda', catalyseurId: 'ghost-cat' }), 404, 'NOT_FOUND');
    expect(ghost.message).toBe('catalyseur ghost-cat not found');
    const left = await refused(operator, 'POST', '/api/accompaniments', opening({ organisationId: 'flda', catalyseurId: 'cat-parti' }), 422, 'RULE_VIOLATED');
    expect(left.message).toBe('catalyseur cat-parti left the network: it cannot be given an accompaniment');
    // The access table and the body come first.
    await refused(privasPartner, 'POST', '/api/accompaniments', opening({ organisationId: 'nope-org' }), 403, 'FORBIDDEN');
    await refused(operator, 'POST', '/api/accompaniments', { organisationId: 'nope-org', catalyseurId: 'ghost-cat' }, 400, 'VALIDATION');
    expect(await events.headPosition()).toBe(head);
    await refused(operator, 'GET', '/api/accompaniments/nope-2014', undefined, 404, 'NOT_FOUND');
    expect(await events.readStream(`accompaniment-${A}`)).toEqual(before);
    expect(await events.readStream(`accompaniment-${open}`)).toEqual(beforeOpen);
  });

  it('only the catalyseur who holds it (or an operator) acts on it; a partner reads its own organisation’s only, neither lists nor acts (403)', async () => {
    const open = 'flda-2014';
    const before = await events.readStream(`accompaniment-${open}`);
    await refused(catalyseur, 'POST', `/api/accompaniments/${open}/hold-session`, { topics: ['x'], summary: 'y' }, 403, 'FORBIDDEN');
    await refused(catalyseur, 'POST', '/api/accompaniments', { organisationId: 'flda', catalyseurId: 'cat-drome', purpose: 'x' }, 403, 'FORBIDDEN');
    await refused(otherPartner, 'GET', `/api/accompaniments/${A}`, undefined, 403, 'FORBIDDEN');
    await refused(privasPartner, 'GET', '/api/accompaniments?organisation=csc-privas', undefined, 403, 'FORBIDDEN');
    await refused(privasPartner, 'POST', `/api/accompaniments/${open}/close`, { outcome: 'ready', reason: 'x' }, 403, 'FORBIDDEN');
    await refused(privasPartner, 'POST', '/api/accompaniments', { organisationId: 'csc-privas', purpose: 'x' }, 403, 'FORBIDDEN');
    expect(await events.readStream(`accompaniment-${open}`)).toEqual(before);
    // The operator acts on any, and the catalyseur who holds it too.
    await send(operator, `/api/accompaniments/${open}/hold-session`, { topics: ['gouvernance'], summary: 'Point d’étape.' });
    await send(colleague, `/api/accompaniments/${open}/close`, { outcome: 'not-ready', reason: 'pas encore de projet' });
  });
});
