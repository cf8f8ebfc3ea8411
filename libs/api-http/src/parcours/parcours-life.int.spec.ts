/**
 * A parcours d'expérience over HTTP (real SQLite files, real projector, real
 * HTTP): « Co-construction territoriale » with the CGET (002) — 12 pilot
 * territories over 9 months (April to December 2018), six sessions, each
 * pilot's progress through the four questions of the method, completion with
 * each pilot's outcome; each write read back on the board, the feeds (ops,
 * network, the pilots' territories), the lists. Then every refusal — 400 with
 * details, 403, 404, 409, 422 — each leaving the log, the boards and the feeds
 * as they were.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Board {
  readonly parcoursId: string;
  readonly title: string;
  readonly status: string;
  readonly startMonth: string;
  readonly durationMonths: number;
  readonly endMonth: string;
  readonly openedOn: string;
  readonly startedOn?: string;
  readonly completedOn?: string;
  readonly summary?: string;
  readonly territories: {
    territoryId: string;
    name: string;
    status: string;
    step?: string;
    progress: { step: string; note: string; recordedOn: string }[];
    outcome?: string;
    withdrawal?: { reason: string };
  }[];
  readonly sessions: { sessionNumber: number; heldOn: string; theme: string; territoriesPresent: string[] }[];
  readonly pilots: number;
  readonly withdrawn: number;
  readonly sessionsHeld: number;
  readonly byStep: Record<string, number>;
  readonly pilotSummaries: { territoryId: string; name: string; status: string; step?: string; progressRecords: number; sessionsAttended: number }[];
  readonly averagePresence?: number;
  readonly revision: number;
  readonly position: number;
}
interface Page<T> {
  readonly items: T[];
  readonly limit: number;
  readonly offset: number;
}
interface FeedPage {
  readonly head: number;
  readonly entries: { seq: number; kind: string; data: Record<string, unknown> }[];
}

const ID = 'co-construction-territoriale-2018';
const TITLE = 'Parcours d’expérience « Co-construction territoriale »';
/** The 12 pilot territories (002 names the Pays de la Loire; the others are the demo's). */
const PILOTS = [
  ['pays-de-la-loire', 'Pays de la Loire'],
  ['alsace', 'Alsace'],
  ['ardeche', 'Ardèche'],
  ['centre-val-de-loire', 'Centre-Val de Loire'],
  ['pays-de-morlaix', 'Pays de Morlaix'],
  ['clichy-montfermeil', 'Clichy-sous-Bois – Montfermeil'],
  ['pays-basque', 'Pays basque'],
  ['drome', 'Drôme'],
  ['grenoble-alpes', 'Grenoble-Alpes Métropole'],
  ['creuse', 'Creuse'],
  ['montpellier', 'Montpellier Méditerranée Métropole'],
  ['lille-metropole', 'Métropole européenne de Lille'],
] as const;
const SESSIONS = [
  ['2018-04-03', 'Embarquement : les enjeux de la co-construction territoriale', null],
  ['2018-05-24', 'Les solutions', 'solutions'],
  ['2018-07-05', 'La chaîne de valeur', 'chaine_de_valeur'],
  ['2018-09-27', 'Le modèle économique', 'modele_economique'],
  ['2018-11-22', 'Le dispositif et sa gouvernance', 'dispositif'],
] as const;

describe('HTTP api: a parcours d’expérience, « Co-construction territoriale »', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let partner: string;

  const board = (minRevision?: number, id = ID): Promise<Board> =>
    get<Board>(catalyseur, `/api/parcours/${id}${minRevision === undefined ? '' : `?minRevision=${minRevision}`}`);
  const p = (command: string, id = ID): string => `/api/parcours/${id}/${command}`;

  beforeAll(async () => {
    api = await startApi({ now: '2018-02-01T09:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-pays-de-la-loire', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'essilor' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('12 pilot territories over 9 months: opened, enrolled, started, five sessions with each pilot’s progress — each write read back', async () => {
    const opened = await send(operator, '/api/parcours', { id: ID, title: TITLE, startMonth: '2018-04', durationMonths: 9 }, 201);
    expect(opened).toEqual({ id: ID, revision: 0, position: expect.any(Number) });
    expect(await board(0)).toMatchObject({
      status: 'open',
      startMonth: '2018-04',
      durationMonths: 9,
      endMonth: '2018-12',
      openedOn: '2018-02-01',
      pilots: 0,
      territories: [],
    });

    api.clock.set('2018-03-01T09:00:00.000Z');
    let last = opened;
    for (const [territoryId, name] of PILOTS) last = await send(operator, p('enrol-territory'), { territoryId, name });
    expect(await board(last.revision)).toMatchObject({ pilots: 12, withdrawn: 0, byStep: {} });
    // The cohort is full.
    expect(
      (await refused(operator, 'POST', p('enrol-territory'), { territoryId: 'rennes-metropole', name: 'Rennes Métropole' }, 422, 'RULE_VIOLATED')).message,
    ).toBe('the cohort is full (12 pilot territories)');

    // Started "today": the 3rd of April in Paris (still the 2nd in UTC).
    api.clock.set('2018-04-02T22:15:00.000Z');
    const started = await send(catalyseur, p('start'), {});
    expect(await board(started.revision)).toMatchObject({ status: 'started', startedOn: '2018-04-03' });

    for (const [n, [heldOn, theme, step]] of SESSIONS.entries()) {
      const present = PILOTS.filter((_, k) => (k + n) % 6 !== 5).map(([id]) => id);
      // Each session and its progress are recorded on the evening of the session: a fact is not dated after the day it is recorded.
      api.clock.set(`${heldOn}T18:00:00.000Z`);
      last = await send(catalyseur, p('hold-session'), { sessionNumber: n + 1, heldOn, theme, territoriesPresent: present });
      if (step === null) continue;
      for (const [k, [territoryId]] of PILOTS.entries()) {
        // The Creuse stays a session behind from the chaîne de valeur on.
        const behind = territoryId === 'creuse' && n >= 2;
        const where = behind ? (SESSIONS[n - 1]?.[2] ?? 'solutions') : step;
        last = await send(catalyseur, p('record-progress'), {
          territoryId,
          step: where,
          note: `${theme} : travaux entre pairs (${k + 1})`,
          recordedOn: heldOn,
        });
      }
    }
    const doc = await board(last.revision);
    expect(doc).toMatchObject({
      status: 'started',
      pilots: 12,
      sessionsHeld: 5,
      byStep: { modele_economique: 1, dispositif: 11 },
      averagePresence: 10,
      revision: last.revision,
      position: last.position,
    });
    expect(doc.sessions.map((s) => [s.sessionNumber, s.heldOn, s.territoriesPresent.length])).toEqual(SESSIONS.map(([heldOn], n) => [n + 1, heldOn, 10]));
    expect(doc.pilotSummaries.find((s) => s.territoryId === 'creuse')).toEqual({
      territoryId: 'creuse',
      name: 'Creuse',
      status: 'enrolled',
      step: 'modele_economique',
      progressRecords: 4,
      sessionsAttended: 4,
    });
    expect(doc.territories.find((t) => t.territoryId === 'alsace')?.progress.map((r) => r.step)).toEqual([
      'solutions',
      'chaine_de_valeur',
      'modele_economique',
      'dispositif',
    ]);
  });

  it('completed in December with each pilot’s outcome; the feeds (ops, network, each pilot’s territory); the lists', async () => {
    api.clock.set('2018-12-20T10:00:00.000Z');
    await send(catalyseur, p('hold-session'), {
      sessionNumber: 6,
      heldOn: '2018-12-13',
      theme: 'Carnet de bord et socle commun',
      territoriesPresent: PILOTS.map(([id]) => id),
    });
    const completed = await send(operator, p('complete'), {
      summary: 'Un socle commun de méthodes de co-développement entre pairs, partagé dans un carnet de bord',
      outcomes: PILOTS.map(([territoryId]) => ({
        territoryId,
        outcome: territoryId === 'creuse' ? 'une feuille de route à consolider' : 'méthode appropriée et feuille de route de co-construction',
      })),
    });
    const doc = await board(completed.revision);
    expect(doc).toMatchObject({ status: 'completed', completedOn: '2018-12-20', sessionsHeld: 6, pilots: 12, averagePresence: 10.3 });
    expect(doc.territories.find((t) => t.territoryId === 'creuse')?.outcome).toBe('une feuille de route à consolider');
    expect(
      (await refused(operator, 'POST', p('hold-session'), { sessionNumber: 7, theme: 'Encore', territoriesPresent: ['alsace'] }, 422, 'RULE_VIOLATED')).message,
    ).toBe('a completed parcours accepts no command');

    await api.projected(completed.position);
    const log = await events.readStream(`parcours-${ID}`, { limit: 1000 });
    const ops = await get<FeedPage>(operator, '/api/feeds/ops?limit=500');
    expect(ops.entries.filter((e) => e.data['parcoursId'] === ID).map((e) => e.kind)).toEqual(log.map((e) => e.type));
    const network = await get<FeedPage>(catalyseur, '/api/feeds/network?limit=500');
    expect(network.entries.map((e) => e.kind)).toEqual(['ParcoursOpened', 'ParcoursStarted', ...Array(6).fill('ParcoursSessionHeld'), 'ParcoursCompleted']);
    expect(network.entries[2]?.data).toMatchObject({ parcoursId: ID, title: TITLE, sessionNumber: 1, present: 10 });
    const creuse = await get<FeedPage>(catalyseur, '/api/feeds/territory:creuse?limit=500');
    expect(creuse.entries.map((e) => e.kind)).toEqual(['PilotTerritoryEnrolled', ...Array(4).fill('PilotProgressRecorded'), 'ParcoursCompleted']);
    expect(creuse.entries.at(-2)?.data).toMatchObject({ parcoursId: ID, territoryName: 'Creuse', step: 'modele_economique', recordedOn: '2018-11-22' });
    expect(creuse.entries.at(-1)?.data).toEqual({
      parcoursId: ID,
      title: TITLE,
      status: 'completed',
      territoryId: 'creuse',
      territoryName: 'Creuse',
      outcome: 'une feuille de route à consolider',
      completedOn: '2018-12-20',
    });

    // A second cohort, opened for 2019 with no id (a UUID is made), a pilot that withdraws.
    api.clock.set('2019-01-10T09:00:00.000Z');
    const next = await send(operator, '/api/parcours', { title: 'Parcours d’expérience 2019', startMonth: '2019-03', durationMonths: 9 }, 201);
    expect(next.id).toMatch(/^[0-9a-f-]{36}$/);
    await send(operator, p('enrol-territory', next.id), { territoryId: 'rennes-metropole', name: 'Rennes Métropole' });
    await send(operator, p('enrol-territory', next.id), { territoryId: 'alsace', name: 'Alsace' });
    const withdrawn = await send(operator, p('withdraw-territory', next.id), { territoryId: 'alsace', reason: 'déjà engagée dans le parcours 2018' });
    expect(await board(withdrawn.revision, next.id)).toMatchObject({
      status: 'open',
      pilots: 1,
      withdrawn: 1,
      pilotSummaries: [{ territoryId: 'rennes-metropole' }, { territoryId: 'alsace', status: 'withdrawn' }],
    });

    const ids = async (query: string): Promise<string[]> => (await get<Page<Board>>(catalyseur, `/api/parcours${query}`)).items.map((b) => b.parcoursId).sort();
    expect(await ids('')).toEqual([ID, next.id].sort());
    expect(await ids('?status=completed')).toEqual([ID]);
    expect(await ids('?status=open&territory=rennes-metropole')).toEqual([next.id]);
    expect(await ids('?territory=alsace')).toEqual([ID, next.id].sort());
    expect(await ids('?territory=creuse&status=open')).toEqual([]);
    const first = await get<Page<Board>>(operator, '/api/parcours?limit=1');
    const second = await get<Page<Board>>(operator, '/api/parcours?limit=1&offset=1');
    expect(new Set([...first.items, ...second.items].map((b) => b.parcoursId))).toEqual(new Set([ID, next.id]));
  });

  it('refusals — 400 with details, 403 for partners, 404, 409, 422 — change nothing stored', async () => {
    const pending = (await get<Page<Board>>(operator, '/api/parcours?status=open')).items[0]?.parcoursId ?? '';
    const feeds = ['ops', 'network', 'territory:alsace', 'territory:rennes-metropole'];
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      boards: await Promise.all([ID, pending].map((id) => get<Board>(operator, `/api/parcours/${id}`))),
      feeds: await Promise.all(feeds.map(async (room) => (await get<FeedPage>(operator, `/api/feeds/${room}?limit=1`)).head)),
    });
    const before = await stored();

    // 400 VALIDATION
    const open = await refused(
      operator,
      'POST',
      '/api/parcours',
      { id: 'x y', title: '', startMonth: '2018-13', durationMonths: 25, openedOn: '2018-02-30', cohort: 12 },
      400,
      'VALIDATION',
    );
    expect(open.details?.map((d) => d.field).sort()).toEqual(['cohort', 'durationMonths', 'id', 'openedOn', 'startMonth', 'title']);
    expect(
      (
        await refused(
          operator,
          'POST',
          p('hold-session', pending),
          { sessionNumber: 0, theme: 'x', territoriesPresent: ['alsace', 'alsace'] },
          400,
          'VALIDATION',
        )
      ).details?.map((d) => d.field),
    ).toEqual(['sessionNumber', 'territoriesPresent']);
    expect(
      (
        await refused(operator, 'POST', p('record-progress', pending), { territoryId: 'rennes-metropole', step: 'financement', note: 'x' }, 400, 'VALIDATION')
      ).details?.map((d) => d.field),
    ).toEqual(['step']);
    const outcomes = await refused(
      operator,
      'POST',
      p('complete', pending),
      { summary: 'x', outcomes: [{ territoryId: 'rennes-metropole', outcome: 'ok', score: 5 }] },
      400,
      'VALIDATION',
    );
    expect(outcomes.details).toEqual([{ field: 'outcomes.0.score', messages: ['property score should not exist'] }]);
    await refused(operator, 'POST', p('start', pending), { startedOn: 'demain' }, 400, 'VALIDATION');
    await refused(operator, 'GET', '/api/parcours?status=paused', undefined, 400, 'VALIDATION');

    // 403: partners, before their body is read
    expect(
      (await refused(partner, 'POST', '/api/parcours', { title: 'Mon parcours', startMonth: '2019-01', durationMonths: 6 }, 403, 'FORBIDDEN')).message,
    ).toBe('parcours d’expérience are run and read by catalyseurs and operators; partners act in their own partnerships');
    await refused(partner, 'POST', p('enrol-territory', pending), { nonsense: true }, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/parcours', undefined, 403, 'FORBIDDEN');
    await refused(partner, 'GET', `/api/parcours/${ID}`, undefined, 403, 'FORBIDDEN');

    // 404
    expect((await refused(operator, 'POST', p('start', 'parcours-2030'), {}, 404, 'NOT_FOUND')).message).toBe('parcours parcours-2030 not found');
    await refused(operator, 'GET', '/api/parcours/parcours-2030', undefined, 404, 'NOT_FOUND');
    expect((await refused(operator, 'POST', p('withdraw-territory', pending), { territoryId: 'creuse', reason: 'x' }, 404, 'NOT_FOUND')).message).toBe(
      'pilot territory "creuse" not found',
    );

    // 409
    expect((await refused(operator, 'POST', '/api/parcours', { id: ID, title: 'x', startMonth: '2018-04', durationMonths: 9 }, 409, 'CONFLICT')).message).toBe(
      'parcours already exists',
    );
    expect((await refused(operator, 'POST', p('enrol-territory', pending), { territoryId: 'alsace', name: 'Alsace' }, 409, 'CONFLICT')).message).toBe(
      'pilot territory "alsace" withdrew from this parcours',
    );
    const stale = await refused(operator, 'POST', p('enrol-territory', pending), { territoryId: 'creuse', name: 'Creuse' }, 409, 'CONFLICT', {
      'if-match': '"1"',
    });
    expect(stale.currentRevision).toBe('3');

    // 422
    const rule = async (path: string, body: unknown, message: string): Promise<void> => {
      expect((await refused(operator, 'POST', path, body, 422, 'RULE_VIOLATED')).message).toBe(message);
    };
    await rule(p('start', pending), {}, 'a parcours needs at least 2 pilot territories to start (it has 1)');
    await rule(
      p('hold-session', pending),
      { sessionNumber: 1, theme: 'x', territoriesPresent: ['rennes-metropole'] },
      'sessions can only be held once the parcours has started',
    );
    await rule(p('complete', ID), { summary: 'x', outcomes: [{ territoryId: 'alsace', outcome: 'x' }] }, 'a completed parcours accepts no command');

    expect(await stored()).toEqual(before);
  });
});
