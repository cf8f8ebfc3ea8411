/**
 * The network's own work over HTTP (real SQLite files, real projector, real
 * HTTP): gatherings and their attendance, territories and the territory view,
 * introductions and their funnel, a parcours d'expérience. Every refusal is a
 * 4xx with a code, and changes nothing stored.
 */
import { type ApiHarness, startApi } from '../test-support/api-harness';

interface Accepted {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
}

describe('HTTP api: gatherings, territories, introductions, parcours', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  let partner: string;

  const send = async (token: string, path: string, body: unknown, status = 200): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', path, { token, body });
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const get = async <T>(token: string, path: string): Promise<T> => {
    const answer = await api.request<T>('GET', path, { token });
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const refused = async (token: string, method: string, path: string, body: unknown, status: number, code: string): Promise<Record<string, unknown>> => {
    const answer = await api.request(method, path, { token, body });
    expect({ path, status: answer.status, code: answer.body['code'] }).toEqual({ path, status, code });
    return answer.body;
  };

  beforeAll(async () => {
    api = await startApi({ now: '2018-04-03T08:00:00.000Z' });
    catalyseur = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'envie' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('a speed dating: scheduled, registrations, held, attendance and pairs; the attendance read model follows', async () => {
    const { id } = await send(catalyseur, '/api/gatherings', { id: 'speed-dating-2018', kind: 'speed_dating', theme: 'Associations et entreprises', date: '2018-04-19', place: 'Strasbourg', capacity: 3, territoryId: 'alsace' }, 201);
    expect(id).toBe('speed-dating-2018');
    const people = [
      ['envie', 'Envie Strasbourg', 'association'],
      ['es', 'Électricité de Strasbourg', 'entreprise'],
      ['hager', 'Hager Group', 'entreprise'],
    ] as const;
    for (const [participantId, organisation, sphere] of people) await send(catalyseur, `/api/gatherings/${id}/register`, { participantId, name: `Représentant·e ${organisation}`, organisation, sphere });
    await refused(catalyseur, 'POST', `/api/gatherings/${id}/register`, { participantId: 'x', name: 'X', organisation: 'X', sphere: 'association' }, 422, 'RULE_VIOLATED'); // full
    await refused(catalyseur, 'POST', `/api/gatherings/${id}/register`, { participantId: 'envie', name: 'X', organisation: 'X', sphere: 'association' }, 409, 'CONFLICT');
    await refused(catalyseur, 'POST', `/api/gatherings/${id}/hold`, { heldOn: '2018-04-20' }, 422, 'RULE_VIOLATED');
    await send(catalyseur, `/api/gatherings/${id}/hold`, { heldOn: '2018-04-19' });
    await send(catalyseur, `/api/gatherings/${id}/record-attendance`, { participantIds: ['envie', 'es'] });
    const last = await send(catalyseur, `/api/gatherings/${id}/record-pairs`, { pairs: [{ associationId: 'envie', entrepriseId: 'es' }] });
    await api.projected(last.position);
    const doc = await get<Record<string, unknown>>(catalyseur, `/api/gatherings/${id}`);
    expect(doc).toMatchObject({ status: 'held', registered: 3, attended: 2, attendanceRate: 0.67, pairs: [{ associationId: 'envie', entrepriseId: 'es' }], revision: last.revision });
    expect((await get<{ items: { gatheringId: string }[] }>(catalyseur, '/api/gatherings?kind=speed_dating&month=2018-04&territory=alsace')).items.map((g) => g.gatheringId)).toEqual([id]);

    // Webinaires fall on the third Thursday; bad input and partners are refused.
    await refused(operator, 'POST', '/api/gatherings', { kind: 'webinaire', theme: 'Les solutions', date: '2018-04-12', link: 'https://webinaires.example/avril' }, 422, 'RULE_VIOLATED');
    await send(operator, '/api/gatherings', { id: 'webinaire-2018-04', kind: 'webinaire', theme: 'Les solutions', date: '2018-04-19', time: '12:00', link: 'https://webinaires.example/avril' }, 201);
    const bad = await refused(operator, 'POST', '/api/gatherings', { kind: 'webinaire', theme: 'x', date: '2018-04-19', time: '25:00', link: 'ftp://x', extra: 1 }, 400, 'VALIDATION');
    expect(JSON.stringify(bad['details'])).toContain('time');
    await refused(partner, 'POST', '/api/gatherings', { kind: 'atelier', theme: 'x', date: '2018-05-02', place: 'Mulhouse' }, 403, 'FORBIDDEN');
    await refused(partner, 'GET', `/api/gatherings/${id}`, undefined, 403, 'FORBIDDEN');
    await refused(catalyseur, 'GET', '/api/gatherings/nope', undefined, 404, 'NOT_FOUND');
    expect(await get<Record<string, unknown>>(catalyseur, `/api/gatherings/${id}`)).toMatchObject({ revision: last.revision, attended: 2 });
  });

  it('introductions: the funnel of the network and of the territory', async () => {
    const orgs = [
      { orgId: 'envie', name: 'Envie Strasbourg', sphere: 'association' },
      { orgId: 'es', name: 'Électricité de Strasbourg', sphere: 'entreprise' },
    ];
    await send(catalyseur, '/api/introductions', { id: 'i1', territoryId: 'alsace', organisations: orgs, purpose: 'réemploi', gatheringId: 'speed-dating-2018', introducedOn: '2018-04-19' }, 201);
    await send(catalyseur, '/api/introductions', { id: 'i2', territoryId: 'alsace', organisations: orgs, purpose: 'mécénat de compétences', introducedOn: '2018-04-19' }, 201);
    await refused(catalyseur, 'POST', '/api/introductions/i1/record-partnership', { partnershipId: 'p1', proposedOn: '2018-05-02' }, 422, 'RULE_VIOLATED');
    await send(catalyseur, '/api/introductions/i1/record-meeting', { metOn: '2018-04-26' });
    await send(catalyseur, '/api/introductions/i1/record-partnership', { partnershipId: 'p1', proposedOn: '2018-05-02' });
    const last = await send(catalyseur, '/api/introductions/i2/close-without-follow-up', { reason: 'pas de projet commun', closedOn: '2018-06-01' });
    await api.projected(last.position);
    const funnel = { introduced: 2, met: 1, ledToPartnership: 1, partnerships: 1, noFollowUp: 1, meetingRate: 0.5, partnershipRate: 0.5 };
    expect(await get(catalyseur, '/api/introductions/funnel')).toEqual({ scope: 'network', ...funnel });
    expect(await get(catalyseur, '/api/introductions/funnel?territory=alsace')).toEqual({ scope: 'territory:alsace', ...funnel });
    expect(await get(catalyseur, '/api/introductions/funnel?territory=drome')).toMatchObject({ introduced: 0, meetingRate: 0 });
    expect((await get<{ items: { introductionId: string }[] }>(catalyseur, '/api/introductions?status=partnership_proposed')).items.map((i) => i.introductionId)).toEqual(['i1']);
    await refused(operator, 'POST', '/api/introductions', { territoryId: 'alsace', organisations: orgs, purpose: 'x' }, 400, 'VALIDATION'); // an operator names the catalyseur
    await refused(catalyseur, 'POST', '/api/introductions', { territoryId: 'alsace', organisations: [orgs[0]], purpose: 'x' }, 400, 'VALIDATION');
    await refused(catalyseur, 'POST', '/api/introductions', { territoryId: 'alsace', organisations: [orgs[0], { ...orgs[0], orgId: 'emmaus' }], purpose: 'x' }, 422, 'RULE_VIOLATED');
  });

  it('a territory, its diagnostic, and the territory view', async () => {
    await send(operator, '/api/territories', { id: 'alsace', name: 'Alsace', typology: 'transfrontalier', level: 'regional', region: 'Grand Est' }, 201);
    await refused(operator, 'POST', '/api/territories', { id: 'alsace', name: 'Alsace', typology: 'transfrontalier', level: 'regional' }, 409, 'CONFLICT');
    await refused(operator, 'POST', '/api/territories', { id: 'x', name: 'X', typology: 'banlieue', level: 'regional' }, 400, 'VALIDATION');
    await send(operator, '/api/territories/alsace/add-fragility-domain', { domain: 'handicap', label: 'Handicap' });
    await refused(operator, 'POST', '/api/territories/alsace/record-diagnostic', { ratings: [{ domain: 'inconnu', sphere: 'association', priority: 'haute' }] }, 422, 'RULE_VIOLATED');
    await send(operator, '/api/territories/alsace/record-diagnostic', {
      diagnosedOn: '2018-03-01',
      ratings: [
        { domain: 'emploi', sphere: 'entreprise', priority: 'haute' },
        { domain: 'handicap', sphere: 'association', priority: 'haute', notes: 'accès à l’emploi' },
        { domain: 'mobilite', sphere: 'collectivite', priority: 'moyenne' },
      ],
    });
    const last = await send(operator, '/api/territories/alsace/register-actor', { orgId: 'alsace-active', name: 'Alsace Active', sphere: 'association' });
    await api.projected(last.position);
    const view = await get<{ territory: Record<string, unknown>; gatherings: { gatheringId: string }[]; funnel: { introduced: number }; partnerships: unknown[] }>(catalyseur, '/api/territories/alsace');
    expect(view.territory).toMatchObject({ typology: 'transfrontalier', highPriorities: ['emploi', 'handicap'], actors: [{ orgId: 'alsace-active' }] });
    expect(view.gatherings.map((g) => g.gatheringId)).toEqual(['speed-dating-2018']);
    expect(view.funnel.introduced).toBe(2);
    expect(view.partnerships).toEqual([]);
    expect((await get<{ items: unknown[] }>(catalyseur, '/api/territories?typology=transfrontalier')).items).toHaveLength(1);
    await refused(partner, 'GET', '/api/territories/alsace', undefined, 403, 'FORBIDDEN');
  });

  it('a parcours d’expérience: pilots enrolled, started, sessions, progress step by step, completed', async () => {
    await send(operator, '/api/parcours', { id: 'pilotes-2018', title: 'Co-construction territoriale', startMonth: '2018-04', durationMonths: 9, openedOn: '2018-02-01' }, 201);
    for (const [territoryId, name] of [['pays-de-la-loire', 'Pays de la Loire'], ['alsace', 'Alsace']]) {
      await send(operator, '/api/parcours/pilotes-2018/enrol-territory', { territoryId, name, enrolledOn: '2018-03-01' });
    }
    await send(operator, '/api/parcours/pilotes-2018/start', {});
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/enrol-territory', { territoryId: 'drome', name: 'Drôme' }, 422, 'RULE_VIOLATED');
    await send(operator, '/api/parcours/pilotes-2018/hold-session', { sessionNumber: 1, theme: 'Les solutions', territoriesPresent: ['pays-de-la-loire', 'alsace'] });
    await send(operator, '/api/parcours/pilotes-2018/record-progress', { territoryId: 'alsace', step: 'solutions', note: 'trois pistes' });
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/record-progress', { territoryId: 'alsace', step: 'dispositif', note: 'trop vite' }, 422, 'RULE_VIOLATED');
    await refused(operator, 'POST', '/api/parcours/pilotes-2018/hold-session', { sessionNumber: 1, theme: 'x', territoriesPresent: [] }, 409, 'CONFLICT');
    await refused(operator, 'POST', '/api/parcours', { title: 'x', startMonth: '2018-13', durationMonths: 9 }, 400, 'VALIDATION');
    const last = await send(operator, '/api/parcours/pilotes-2018/complete', {
      completedOn: '2018-12-20',
      summary: 'un socle commun',
      outcomes: [
        { territoryId: 'pays-de-la-loire', outcome: 'feuille de route' },
        { territoryId: 'alsace', outcome: 'feuille de route' },
      ],
    });
    await api.projected(last.position);
    expect(await get(catalyseur, '/api/parcours/pilotes-2018')).toMatchObject({ status: 'completed', pilots: 2, sessionsHeld: 1, byStep: { solutions: 1 }, durationMonths: 9, endMonth: '2018-12' });
    expect((await get<{ items: unknown[] }>(catalyseur, '/api/parcours?territory=alsace')).items).toHaveLength(1);
  });
});
