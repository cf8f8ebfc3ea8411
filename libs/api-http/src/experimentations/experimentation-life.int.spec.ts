/**
 * A collective experimentation over HTTP (real SQLite files, real projector,
 * real HTTP): "Agir ensemble à Charenton-Saint-Maurice" (001) from its launch
 * and the invitation au dialogue (142 dirigeants) through its 3 working groups
 * — insertion des jeunes, handicap, précarité —, 3 meetings each and 7 actions,
 * to the evaluation of its results and the essaimage; each write read back on
 * the board, the feeds a catalyseur follows, the lists. Then every refusal —
 * 400 with details, 403, 404, 409, 422 — each leaving the log, the boards and
 * the feeds as they were.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type Accepted, type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Board {
  readonly experimentationId: string;
  readonly title: string;
  readonly objective?: string;
  readonly territory: { id: string; name: string; scale: string };
  readonly conveners: { orgId: string; name: string; sphere: string }[];
  readonly catalyseurs: string[];
  readonly status: string;
  readonly stage: string;
  readonly stageSince: string;
  readonly stageDates: Record<string, string>;
  readonly launchedOn: string;
  readonly invitation?: { invitedOn: string; dirigeants: number; bySphere?: Record<string, number>; volunteers?: number };
  readonly groups: {
    groupId: string;
    theme: string;
    formedOn: string;
    participants: { participantId: string; organisation: string; sphere: string }[];
    meetings: { step: string; heldOn: string; attendees: string[] }[];
  }[];
  readonly groupSummaries: {
    groupId: string;
    theme: string;
    participants: number;
    bySphere: Record<string, number>;
    belowRecommended: boolean;
    meetingsHeld: number;
    meetingDates: Record<string, string>;
    nextStep?: string;
  }[];
  readonly participants: number;
  readonly meetingsHeld: number;
  readonly actions: {
    actionId: string;
    title: string;
    groupIds: string[];
    carriers: { orgId: string; name: string }[];
    adoptedOn: string;
    results?: { outcome: string; indicators: { name: string; value: number; unit?: string }[] };
  }[];
  readonly actionsAdopted: number;
  readonly actionsEvaluated: number;
  readonly actionsByOutcome: Record<string, number>;
  readonly actionPlanComplete: boolean;
  readonly essaimage?: { essaimer: boolean; territories?: string[]; reason?: string; decidedOn: string };
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
  readonly entries: { seq: number; kind: string; position: string; data: Record<string, unknown> }[];
}

const CHARENTON = 'agir-ensemble-charenton';
const SILVER_GEEK = 'silver-geek';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cc = { orgId: 'cc-charenton-saint-maurice', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' };
const org = (orgId: string, name: string, sphere: string) => ({ orgId, name, sphere });
const carrier = {
  tremplin: org('tremplin', 'Tremplin', 'association'),
  gravelle: org('club-gravelle', 'Club Gravelle Entreprendre', 'entreprise'),
  lycee: org('lycee-charenton', 'Lycée de Charenton', 'institution'),
  natixis: org('natixis', 'Natixis', 'entreprise'),
  essilor: org('essilor', 'Essilor', 'entreprise'),
  boxes: org('academie-de-boxes', 'Académie de Boxes', 'association'),
  foncier: org('credit-foncier', 'Crédit Foncier', 'entreprise'),
  petitPlus: org('le-petit-plus', 'Le Petit Plus', 'association'),
};
/** The organisations the document names (and the services around them). */
const ORGANISATIONS = [
  ['Tremplin', 'association'],
  ['Crédit Foncier', 'entreprise'],
  ['Ville de Charenton-le-Pont', 'collectivite'],
  ['Le Petit Plus', 'association'],
  ['Essilor', 'entreprise'],
  ['Ville de Saint-Maurice', 'collectivite'],
  ['Académie de Boxes', 'association'],
  ['Natixis', 'entreprise'],
  ['Lycée de Charenton', 'institution'],
  ['Club Gravelle Entreprendre', 'entreprise'],
  ['Mission locale', 'association'],
  ['Pôle emploi', 'institution'],
  ['Secours populaire', 'association'],
  ['Caisse d’allocations familiales', 'institution'],
  ['Banque de France', 'entreprise'],
] as const;

describe('HTTP api: a collective experimentation, Agir ensemble à Charenton-Saint-Maurice', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let follower: string;
  let operator: string;
  let partner: string;

  const board = (id: string, minRevision?: number): Promise<Board> =>
    get<Board>(catalyseur, `/api/experimentations/${id}${minRevision === undefined ? '' : `?minRevision=${minRevision}`}`);
  const feed = (token: string, room: string): Promise<FeedPage> => get<FeedPage>(token, `/api/feeds/${room}?limit=500`);
  const x = (command: string, id = CHARENTON): string => `/api/experimentations/${id}/${command}`;

  beforeAll(async () => {
    api = await startApi({ now: '2012-01-16T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-val-de-marne', role: 'catalyseur' });
    // It launches the experimentations below, and so animates them: a catalyseur of the network.
    await joinCatalyseurs(api, ['cat-val-de-marne'], 'charenton-saint-maurice');
    follower = api.token({ sub: 'cat-paris-est', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'essilor' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('from the invitation au dialogue to the action plan: 142 dirigeants, 3 groups, 3 meetings each, 7 actions — each write read back on the board', async () => {
    // Launched today (the clock's date in Europe/Paris); the catalyseur who launches it animates it.
    const launched = await send(
      catalyseur,
      '/api/experimentations',
      {
        id: CHARENTON,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        objective: 'Mobiliser les dirigeants du territoire pour répondre ensemble à ses fragilités',
        territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
        conveners: [cc],
      },
      { status: 201 },
    );
    expect(launched).toEqual({ id: CHARENTON, revision: 0, position: expect.any(Number) });
    expect(await board(CHARENTON, 0)).toMatchObject({
      experimentationId: CHARENTON,
      status: 'running',
      stage: 'emergence_besoins',
      launchedOn: '2012-01-16',
      stageDates: { emergence_besoins: '2012-01-16' },
      catalyseurs: ['cat-val-de-marne'],
      conveners: [cc],
      groups: [],
      actions: [],
      revision: 0,
    });

    // Its emergence and co-construction are recorded afterwards, on the day of the last meeting (15 February 2013):
    // a fact is not dated after the day it is recorded.
    api.clock.set('2013-02-15T18:00:00.000Z');
    // The invitation au dialogue of 2 October 2012.
    const invited = await send(catalyseur, x('invite-dirigeants'), {
      invitedOn: '2012-10-02',
      dirigeants: 142,
      bySphere: { association: 71, entreprise: 43, collectivite: 28 },
      volunteers: 40,
    });
    expect((await board(CHARENTON, invited.revision)).invitation).toEqual({
      invitedOn: '2012-10-02',
      dirigeants: 142,
      bySphere: { association: 71, entreprise: 43, collectivite: 28 },
      volunteers: 40,
    });

    // Three groups; the third without an id: one is made at the edge (from the Idempotency-Key, so a retry forms it once).
    await send(catalyseur, x('form-working-group'), { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', formedOn: '2012-10-02' });
    await send(catalyseur, x('form-working-group'), { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02' });
    const key = { 'idempotency-key': 'charenton-groupe-precarite' };
    const formed = await send(catalyseur, x('form-working-group'), { theme: 'Précarité', formedOn: '2012-10-02' }, { headers: key });
    expect(formed.groupId).toMatch(UUID);
    const retry = await api.request<Accepted>('POST', x('form-working-group'), {
      token: catalyseur,
      body: { theme: 'Précarité', formedOn: '2012-10-02' },
      headers: key,
    });
    expect([retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([200, formed, 'true']);
    const precarite = formed.groupId ?? '';
    const groups = [
      { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', size: 13, meetings: ['2012-12-10', '2013-01-14', '2013-02-11'] },
      { groupId: 'handicap', theme: 'Handicap', size: 12, meetings: ['2012-12-12', '2013-01-16', '2013-02-13'] },
      { groupId: precarite, theme: 'Précarité', size: 14, meetings: ['2012-12-14', '2013-01-18', '2013-02-15'] },
    ];

    // "Une quarantaine de dirigeants prêts à se mobiliser": 10 to 15 per group. The précarité group's participants get ids made at the edge.
    const members = new Map<string, string[]>();
    for (const [g, group] of groups.entries()) {
      const ids: string[] = [];
      for (let k = 0; k < group.size; k++) {
        const [organisation, sphere] = ORGANISATIONS[(k + g * 5) % ORGANISATIONS.length] ?? ['Tremplin', 'association'];
        const participantId = group.groupId === precarite ? undefined : `${group.groupId}-${k + 1}`;
        const joined = await send(catalyseur, x('join-working-group'), {
          groupId: group.groupId,
          ...(participantId ? { participantId } : {}),
          organisation,
          sphere,
          joinedOn: '2012-11-15',
        });
        expect(joined.participantId).toEqual(participantId ?? expect.stringMatching(UUID));
        ids.push(joined.participantId ?? '');
      }
      members.set(group.groupId, ids);
    }
    // Banque de France joins the handicap group, then leaves it before the work starts.
    await send(catalyseur, x('join-working-group'), {
      groupId: 'handicap',
      participantId: 'handicap-bdf',
      organisation: 'Banque de France',
      sphere: 'entreprise',
      joinedOn: '2012-11-15',
    });
    const left = await send(catalyseur, x('leave-working-group'), {
      groupId: 'handicap',
      participantId: 'handicap-bdf',
      reason: 'site fermé en 2013',
      leftOn: '2012-11-28',
    });
    const emerged = await board(CHARENTON, left.revision);
    expect(emerged.groupSummaries.map((g) => [g.theme, g.participants, g.belowRecommended, g.nextStep])).toEqual([
      ['Insertion des jeunes', 13, false, 'etat_des_lieux'],
      ['Handicap', 12, false, 'etat_des_lieux'],
      ['Précarité', 14, false, 'etat_des_lieux'],
    ]);
    expect(emerged.participants).toBe(39);

    // Co-construction, December 2012 – February 2013: état des lieux, propositions, plan d'action in each group.
    await send(catalyseur, x('advance-stage'), { stage: 'co_construction', advancedOn: '2012-12-03' });
    for (const [m, step] of (['etat_des_lieux', 'propositions', 'plan_action'] as const).entries()) {
      for (const group of groups) {
        const attendees = (members.get(group.groupId) ?? []).slice(0, group.size - 2);
        await send(catalyseur, x('hold-group-meeting'), {
          groupId: group.groupId,
          step,
          heldOn: group.meetings[m],
          attendees,
          ...(step === 'plan_action' ? { notes: '2 actions retenues' } : {}),
        });
      }
    }

    // The 7 actions, presented on 5 June 2013 — adopted "today": just after midnight in Paris, still the 4th in UTC.
    api.clock.set('2013-06-04T22:30:00.000Z');
    const actions = [
      {
        actionId: 'parcours-action-jeunes',
        title: 'Parcours-action vers le monde professionnel pour les jeunes',
        groupIds: ['insertion-jeunes'],
        carriers: [carrier.tremplin, carrier.gravelle],
      },
      {
        actionId: 'metiers-du-territoire',
        title: 'Interventions de professionnels présentant les métiers du territoire',
        groupIds: ['insertion-jeunes'],
        carriers: [carrier.lycee, carrier.natixis],
      },
      { actionId: 'referents-handicap', title: 'Réseau territorial de référents sur le handicap', groupIds: ['handicap'], carriers: [carrier.essilor, cc] },
      {
        actionId: 'raid-sportif',
        title: 'Raid sportif pour les personnes en situation de handicap',
        groupIds: ['handicap'],
        carriers: [carrier.boxes, carrier.foncier],
      },
      { actionId: 'reseau-entraide', title: 'Réseau d’entraide local', groupIds: [precarite], carriers: [carrier.petitPlus, cc] },
      { actionId: 'observatoire-fragilites', title: 'Observatoire des fragilités locales', groupIds: [precarite], carriers: [cc] },
      {
        actionId: 'guide-des-acteurs',
        title: 'Guide des acteurs, ressources et dispositifs d’aide du territoire',
        groupIds: ['insertion-jeunes', 'handicap', precarite],
        carriers: [cc, carrier.gravelle],
      },
    ];
    let last: Accepted | undefined;
    for (const action of actions) {
      last = await send(follower, x('adopt-action'), action);
      expect(last.actionId).toBe(action.actionId);
    }
    const plan = await board(CHARENTON, last?.revision);
    expect(plan).toMatchObject({
      status: 'running',
      stage: 'co_construction',
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03' },
      invitation: { dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
      meetingsHeld: 9,
      actionsAdopted: 7,
      actionPlanComplete: true,
      revision: last?.revision,
      position: last?.position,
    });
    expect(plan.groups.map((g) => [g.theme, g.participants.length, g.meetings.map((m) => `${m.step} ${m.heldOn}`)])).toEqual(
      groups.map((g) => [g.theme, g.size, [`etat_des_lieux ${g.meetings[0]}`, `propositions ${g.meetings[1]}`, `plan_action ${g.meetings[2]}`]]),
    );
    expect(plan.groupSummaries.map((g) => [g.groupId, g.meetingsHeld, g.meetingDates['plan_action'], g.nextStep])).toEqual(
      groups.map((g) => [g.groupId, 3, g.meetings[2], undefined]),
    );
    expect(plan.actions.map((a) => [a.actionId, a.adoptedOn, a.carriers.length])).toEqual(actions.map((a) => [a.actionId, '2013-06-05', a.carriers.length]));
  });

  it('and beyond: results evaluated (one mitigée), the essaimage concludes it; the feeds a catalyseur follows; the lists', async () => {
    api.clock.set('2016-02-15T10:00:00.000Z');
    await send(catalyseur, x('advance-stage'), { stage: 'evaluation_resultats', advancedOn: '2015-09-01' });
    const evaluated = (await board(CHARENTON)).actions.map((a) => a.actionId);
    for (const actionId of evaluated) {
      await send(catalyseur, x('evaluate-results'), {
        actionId,
        outcome: actionId === 'raid-sportif' ? 'mitigee' : 'concluante',
        summary: 'évalué par Accenture (mécénat de compétences)',
        ...(actionId === 'parcours-action-jeunes'
          ? {
              indicators: [
                { name: 'Jeunes accompagnés', value: 48 },
                { name: 'Satisfaction des entreprises', value: 87.5, unit: '%' },
              ],
            }
          : {}),
      });
    }
    // Decided a month later, and recorded that day.
    api.clock.set('2016-03-15T10:00:00.000Z');
    const decided = await send(catalyseur, x('decide-essaimage'), { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' });
    const concluded = await board(CHARENTON, decided.revision);
    expect(concluded).toMatchObject({
      status: 'concluded',
      stage: 'evaluation_resultats',
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03', evaluation_resultats: '2015-09-01' },
      actionsEvaluated: 7,
      actionsByOutcome: { concluante: 6, mitigee: 1 },
      essaimage: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' },
      revision: decided.revision,
    });
    expect(concluded.actions[0]?.results).toMatchObject({
      outcome: 'concluante',
      indicators: [
        { name: 'Jeunes accompagnés', value: 48 },
        { name: 'Satisfaction des entreprises', value: 87.5, unit: '%' },
      ],
    });
    // Concluded: it accepts nothing more.
    expect((await refused(catalyseur, 'POST', x('abandon'), { reason: 'trop tard' }, 422, 'RULE_VIOLATED')).message).toBe(
      'a concluded experimentation accepts no command',
    );

    // Its feed: every event once, in order, with the names a client would otherwise look up.
    await api.projected(decided.position);
    const log = await events.readStream(`experimentation-${CHARENTON}`, { limit: 1000 });
    const own = await feed(follower, `experimentation:${CHARENTON}`);
    expect(own.entries.map((e) => e.seq)).toEqual(log.map((_, k) => k + 1));
    expect(own.entries.map((e) => [e.kind, e.position])).toEqual(log.map((e) => [e.type, e.position.toString()]));
    expect(own.entries.filter((e) => e.kind === 'GroupMeetingHeld')).toHaveLength(9);
    const meeting = own.entries.find((e) => e.kind === 'GroupMeetingHeld' && e.data['groupId'] === 'handicap');
    expect(meeting?.data).toMatchObject({
      experimentationId: CHARENTON,
      groupTheme: 'Handicap',
      step: 'etat_des_lieux',
      groupParticipants: 12,
      attendeeOrganisations: expect.arrayContaining(['Ville de Saint-Maurice']),
    });
    expect(own.entries.find((e) => e.kind === 'WorkingGroupLeft')?.data).toMatchObject({
      participantId: 'handicap-bdf',
      organisation: 'Banque de France',
      groupTheme: 'Handicap',
      reason: 'site fermé en 2013',
    });
    expect(own.entries.filter((e) => e.kind === 'ActionAdopted').at(-1)?.data).toMatchObject({
      actionId: 'guide-des-acteurs',
      groupThemes: ['Insertion des jeunes', 'Handicap', 'Précarité'],
    });
    expect(own.entries.find((e) => e.kind === 'ResultsEvaluated' && e.data['outcome'] === 'mitigee')?.data).toMatchObject({
      actionTitle: 'Raid sportif pour les personnes en situation de handicap',
    });

    // Its territory hears of each step; the network and ops of the launch, the stages and the essaimage.
    const territory = await feed(follower, 'territory:charenton-saint-maurice');
    expect(territory.entries.map((e) => e.kind)).toEqual(log.map((e) => e.type));
    const milestones = ['ExperimentationLaunched', 'StageAdvanced', 'StageAdvanced', 'EssaimageDecided'];
    for (const [room, token] of [
      ['network', follower],
      ['ops', operator],
    ] as const) {
      const wide = await feed(token, room);
      expect(wide.entries.filter((e) => e.data['experimentationId'] === CHARENTON).map((e) => e.kind)).toEqual(milestones);
      expect(wide.entries.at(-1)?.data).toMatchObject({
        territoryId: 'charenton-saint-maurice',
        territoryName: 'Charenton-Saint-Maurice',
        essaimer: true,
        status: 'concluded',
      });
    }

    // A second one, Silver Geek in Poitou-Charentes, launched by an operator for its catalyseur, with no id (a UUID is made).
    // The catalyseur it names is a member of the network (one who never joined is 404, as for an assignment).
    await joinCatalyseurs(api, ['cat-poitou'], 'poitou-charentes');
    api.clock.set('2013-01-15T09:00:00.000Z');
    const silver = await send(
      operator,
      '/api/experimentations',
      {
        title: 'Dialoguer et agir ensemble pour plus de solidarité',
        territory: { id: 'poitou-charentes', name: 'Région Poitou-Charentes', scale: 'regional' },
        conveners: [org('la-poste', 'La Poste', 'entreprise')],
        catalyseurs: ['cat-poitou'],
      },
      { status: 201 },
    );
    expect(silver.id).toMatch(UUID);
    expect(await get<Board>(operator, `/api/experimentations/${silver.id}?minRevision=0`)).toMatchObject({
      catalyseurs: ['cat-poitou'],
      launchedOn: '2013-01-15',
      stage: 'emergence_besoins',
    });

    const ids = async (query: string): Promise<string[]> =>
      (await get<Page<Board>>(catalyseur, `/api/experimentations${query}`)).items.map((e) => e.experimentationId).sort();
    expect(await ids('')).toEqual([CHARENTON, silver.id].sort());
    expect(await ids('?territory=charenton-saint-maurice')).toEqual([CHARENTON]);
    expect(await ids('?territory=poitou-charentes&stage=emergence_besoins&status=running')).toEqual([silver.id]);
    expect(await ids('?stage=evaluation_resultats&status=concluded')).toEqual([CHARENTON]);
    expect(await ids('?status=abandoned')).toEqual([]);
    expect(await ids('?catalyseur=cat-val-de-marne')).toEqual([CHARENTON]);
    expect(await ids('?carrier=essilor')).toEqual([CHARENTON]);
    expect(await ids('?carrier=la-poste')).toEqual([]);
    const first = await get<Page<Board>>(operator, '/api/experimentations?limit=1&offset=0');
    const second = await get<Page<Board>>(operator, '/api/experimentations?limit=1&offset=1');
    expect([first.items.length, second.items.length, first.limit, second.offset]).toEqual([1, 1, 1, 1]);
    expect(new Set([...first.items, ...second.items].map((e) => e.experimentationId))).toEqual(new Set([CHARENTON, silver.id]));
    expect(first.items[0]?.revision).toEqual(expect.any(Number));
  });

  it('refusals — 400 with details, 403 for partners, 404, 409, 422 — change nothing stored', async () => {
    // Silver Geek, in emergence_besoins: invited, two groups of six (below the recommended ten), one group of a single sphere.
    api.clock.set('2013-05-14T09:00:00.000Z');
    await send(
      catalyseur,
      '/api/experimentations',
      {
        id: SILVER_GEEK,
        title: 'Silver Geek',
        territory: { id: 'poitou-charentes', name: 'Région Poitou-Charentes', scale: 'regional' },
        conveners: [org('la-poste', 'La Poste', 'entreprise')],
        launchedOn: '2013-01-15',
      },
      { status: 201 },
    );
    await send(catalyseur, x('invite-dirigeants', SILVER_GEEK), { invitedOn: '2013-03-12', dirigeants: 20 });
    await send(catalyseur, x('form-working-group', SILVER_GEEK), { groupId: 'bien-vieillir', theme: 'Bien vieillir', formedOn: '2013-03-12' });
    await send(catalyseur, x('form-working-group', SILVER_GEEK), { groupId: 'fracture-numerique', theme: 'Fracture numérique', formedOn: '2013-03-12' });
    for (let k = 1; k <= 15; k++) {
      await send(catalyseur, x('join-working-group', SILVER_GEEK), {
        groupId: 'bien-vieillir',
        participantId: `bv-${k}`,
        organisation: `Association ${k}`,
        sphere: k % 2 === 0 ? 'entreprise' : 'association',
      });
    }
    const ready = await send(catalyseur, x('join-working-group', SILVER_GEEK), {
      groupId: 'fracture-numerique',
      participantId: 'fn-1',
      organisation: 'Unis-Cité',
      sphere: 'association',
    });
    await api.projected(ready.position);
    expect((await board(SILVER_GEEK)).groupSummaries.map((g) => [g.groupId, g.participants, g.belowRecommended])).toEqual([
      ['bien-vieillir', 15, false],
      ['fracture-numerique', 1, true],
    ]);

    const feeds = [`experimentation:${SILVER_GEEK}`, `experimentation:${CHARENTON}`, 'territory:poitou-charentes', 'network', 'ops'];
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      boards: await Promise.all([SILVER_GEEK, CHARENTON].map((id) => get<Board>(operator, `/api/experimentations/${id}`))),
      feeds: await Promise.all(feeds.map(async (room) => (await get<FeedPage>(operator, `/api/feeds/${room}?limit=1`)).head)),
    });
    const before = await stored();
    const sg = (command: string): string => x(command, SILVER_GEEK);

    // 400 VALIDATION: every field named, unknown fields too (nested ones with their path)
    const launch = await refused(
      catalyseur,
      'POST',
      '/api/experimentations',
      {
        id: 'bad id',
        title: 'x'.repeat(201),
        territory: { id: 'poitou-charentes', name: 'Poitou', scale: 'continental' },
        conveners: [],
        launchedOn: '2013-02-30',
        budget: 12000,
      },
      400,
      'VALIDATION',
    );
    expect(launch.details?.map((d) => d.field).sort()).toEqual(['budget', 'conveners', 'id', 'launchedOn', 'territory.scale', 'title']);
    expect(launch.details?.find((d) => d.field === 'budget')?.messages).toEqual(['property budget should not exist']);
    const invite = await refused(
      catalyseur,
      'POST',
      sg('invite-dirigeants'),
      { dirigeants: -1, bySphere: { association: 2.5, ong: 3 }, volunteers: 'quarante' },
      400,
      'VALIDATION',
    );
    expect(invite.details?.map((d) => d.field).sort()).toEqual(['bySphere.association', 'bySphere.ong', 'dirigeants', 'volunteers']);
    expect(
      (
        await refused(catalyseur, 'POST', sg('join-working-group'), { groupId: 'bien-vieillir', organisation: ' ', sphere: 'ong' }, 400, 'VALIDATION')
      ).details?.map((d) => d.field),
    ).toEqual(['organisation', 'sphere']);
    expect(
      (
        await refused(catalyseur, 'POST', sg('hold-group-meeting'), { groupId: 'bien-vieillir', step: 'bilan', attendees: ['bv-1', 'bv-1'] }, 400, 'VALIDATION')
      ).details?.map((d) => d.field),
    ).toEqual(['step', 'attendees']);
    const adopt = await refused(
      catalyseur,
      'POST',
      sg('adopt-action'),
      { title: 'Silver Geek', groupIds: [], carriers: [{ orgId: 'orange', name: 'Orange', sphere: 'entreprise', siret: '380129866' }], durationMonths: 121 },
      400,
      'VALIDATION',
    );
    expect(adopt.details?.map((d) => d.field).sort()).toEqual(['carriers.0.siret', 'durationMonths']);
    const results = await refused(
      catalyseur,
      'POST',
      sg('evaluate-results'),
      { actionId: 'silver-geek', outcome: 'excellente', summary: 'x', indicators: [{ name: 'Lieux', value: 'quinze' }] },
      400,
      'VALIDATION',
    );
    expect(results.details?.map((d) => d.field).sort()).toEqual(['indicators.0.value', 'outcome']);
    const essaimage = await refused(catalyseur, 'POST', sg('decide-essaimage'), { essaimer: false, territories: ['France'] }, 400, 'VALIDATION');
    expect(essaimage.details).toEqual([{ field: 'essaimer', messages: ['essaimer: false needs a reason and no territories'] }]);
    expect((await refused(catalyseur, 'POST', sg('decide-essaimage'), { essaimer: true }, 400, 'VALIDATION')).details?.[0]?.messages).toEqual([
      'essaimer: true needs territories (at least one) and no reason',
    ]);
    expect((await refused(catalyseur, 'POST', sg('advance-stage'), {}, 400, 'VALIDATION')).details?.map((d) => d.field)).toEqual(['stage']);
    await refused(catalyseur, 'POST', '/api/experimentations/bad%20id/abandon', { reason: 'x' }, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/experimentations?stage=plan_action', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/experimentations?limit=0', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/experimentations?colour=blue', undefined, 400, 'VALIDATION');

    // 403: partners act in their partnerships — refused before their body is even read
    const forbidden = await refused(
      partner,
      'POST',
      '/api/experimentations',
      { title: 'Mon expérimentation', territory: { id: 'x', name: 'X', scale: 'local' }, conveners: [carrier.essilor] },
      403,
      'FORBIDDEN',
    );
    expect(forbidden.message).toBe('experimentations are run and read by catalyseurs and operators; partners act in their own partnerships');
    await refused(partner, 'POST', sg('join-working-group'), { groupId: 'bien-vieillir', organisation: 'Essilor', sphere: 'entreprise' }, 403, 'FORBIDDEN');
    await refused(partner, 'POST', sg('invite-dirigeants'), { dirigeants: -1, colour: 'bleu' }, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/experimentations', undefined, 403, 'FORBIDDEN');
    await refused(partner, 'GET', `/api/experimentations/${CHARENTON}`, undefined, 403, 'FORBIDDEN');
    await refused(partner, 'GET', `/api/feeds/experimentation:${CHARENTON}`, undefined, 403, 'FORBIDDEN');

    // 404
    expect((await refused(catalyseur, 'POST', x('advance-stage', 'agir-ensemble-ailleurs'), { stage: 'co_construction' }, 404, 'NOT_FOUND')).message).toBe(
      'experimentation agir-ensemble-ailleurs not found',
    );
    await refused(catalyseur, 'GET', '/api/experimentations/agir-ensemble-ailleurs', undefined, 404, 'NOT_FOUND');
    expect(
      (await refused(catalyseur, 'POST', sg('join-working-group'), { groupId: 'insertion', organisation: 'Macif', sphere: 'entreprise' }, 404, 'NOT_FOUND'))
        .message,
    ).toBe('working group "insertion" not found');
    expect((await refused(catalyseur, 'POST', sg('leave-working-group'), { groupId: 'bien-vieillir', participantId: 'bv-99' }, 404, 'NOT_FOUND')).message).toBe(
      '"bv-99" is not a participant of working group "bien-vieillir"',
    );

    // 409
    expect(
      (
        await refused(
          operator,
          'POST',
          '/api/experimentations',
          { id: CHARENTON, title: 'Encore', territory: { id: 'x', name: 'X', scale: 'local' }, conveners: [cc] },
          409,
          'CONFLICT',
        )
      ).message,
    ).toBe('experimentation already exists');
    expect((await refused(catalyseur, 'POST', sg('invite-dirigeants'), { dirigeants: 25 }, 409, 'CONFLICT')).message).toBe(
      'the dirigeants were already invited (2013-03-12)',
    );
    expect((await refused(catalyseur, 'POST', sg('form-working-group'), { groupId: 'seniors', theme: 'BIEN VIEILLIR' }, 409, 'CONFLICT')).message).toBe(
      'working group "bien-vieillir" already works on "Bien vieillir"',
    );
    await refused(
      catalyseur,
      'POST',
      sg('join-working-group'),
      { groupId: 'bien-vieillir', participantId: 'bv-1', organisation: 'Association 1', sphere: 'association' },
      409,
      'CONFLICT',
    );
    const stale = await refused(catalyseur, 'POST', sg('form-working-group'), { groupId: 'insertion', theme: 'Insertion' }, 409, 'CONFLICT', {
      'if-match': '"3"',
    });
    expect(stale.currentRevision).toBe(String(ready.revision));

    // 422: the rules, with their messages
    const rule = async (path: string, body: unknown, message: string): Promise<void> => {
      expect((await refused(catalyseur, 'POST', path, body, 422, 'RULE_VIOLATED')).message).toBe(message);
    };
    await rule(sg('advance-stage'), { stage: 'evaluation_resultats' }, 'the experimentation cannot skip from emergence_besoins to evaluation_resultats');
    await rule(
      sg('advance-stage'),
      { stage: 'co_construction', advancedOn: '2013-03-01' },
      'the start of co_construction (2013-03-01) cannot be earlier than the invitation au dialogue (2013-03-12)',
    );
    await rule(
      sg('hold-group-meeting'),
      { groupId: 'bien-vieillir', step: 'etat_des_lieux', attendees: ['bv-1'] },
      'group meetings can only be held during co_construction',
    );
    await rule(
      sg('join-working-group'),
      { groupId: 'bien-vieillir', organisation: 'Macif', sphere: 'entreprise' },
      'working group "bien-vieillir" is full (15 participants)',
    );
    await rule(
      sg('adopt-action'),
      {
        actionId: 'silver-geek',
        title: 'Silver Geek',
        groupIds: ['bien-vieillir'],
        carriers: [org('orange', 'Orange', 'entreprise')],
        hostPlaces: 15,
        durationMonths: 8,
      },
      'actions can only be adopted during co_construction or restitution',
    );
    await rule(sg('decide-essaimage'), { essaimer: true, territories: ['France'] }, 'the essaimage can only be decided during evaluation_resultats');
    await rule(
      sg('join-working-group'),
      { groupId: 'fracture-numerique', organisation: 'Macif', sphere: 'entreprise', joinedOn: '2013-03-01' },
      'joining (2013-03-01) cannot be earlier than the formation of working group "fracture-numerique" (2013-03-12)',
    );
    await rule(
      sg('abandon'),
      { reason: 'x', abandonedOn: '2012-12-31' },
      'abandoning (2012-12-31) cannot be earlier than the start of emergence_besoins (2013-01-15)',
    );

    expect(await stored()).toEqual(before);
  });

  it('in co_construction, the method’s order holds (a group of one sphere cannot make propositions); abandoning is heard in the network', async () => {
    api.clock.set('2013-06-10T09:00:00.000Z');
    await send(catalyseur, x('advance-stage', SILVER_GEEK), { stage: 'co_construction', advancedOn: '2013-06-03' });
    const rule = async (path: string, body: unknown, message: string, code = 'RULE_VIOLATED', status = 422): Promise<void> => {
      expect((await refused(catalyseur, 'POST', path, body, status, code)).message).toBe(message);
    };
    await rule(
      x('hold-group-meeting', SILVER_GEEK),
      { groupId: 'fracture-numerique', step: 'propositions', attendees: ['fn-1'] },
      'the etat_des_lieux meeting of working group "fracture-numerique" must be held before its propositions meeting',
    );
    await send(catalyseur, x('hold-group-meeting', SILVER_GEEK), { groupId: 'fracture-numerique', step: 'etat_des_lieux', attendees: ['fn-1'] });
    await rule(
      x('hold-group-meeting', SILVER_GEEK),
      { groupId: 'fracture-numerique', step: 'etat_des_lieux', attendees: ['fn-1'] },
      'the etat_des_lieux meeting of working group "fracture-numerique" was already held',
      'CONFLICT',
      409,
    );
    await rule(
      x('hold-group-meeting', SILVER_GEEK),
      { groupId: 'fracture-numerique', step: 'propositions', attendees: ['fn-1'] },
      'working group "fracture-numerique" needs participants from at least two spheres before its propositions meeting',
    );
    await rule(
      x('hold-group-meeting', SILVER_GEEK),
      { groupId: 'bien-vieillir', step: 'etat_des_lieux', attendees: ['bv-1', 'fn-1'] },
      '"fn-1" is not a participant of working group "bien-vieillir"',
    );
    await rule(
      x('advance-stage', SILVER_GEEK),
      { stage: 'evaluation_resultats' },
      'every working group must hold its plan_action meeting before evaluation_resultats (missing: Bien vieillir, Fracture numérique)',
    );

    const abandoned = await send(operator, x('abandon', SILVER_GEEK), { reason: 'La Poste reprend la démarche dans un autre cadre' });
    expect(await board(SILVER_GEEK, abandoned.revision)).toMatchObject({
      status: 'abandoned',
      stage: 'co_construction',
      stageDates: { emergence_besoins: '2013-01-15', co_construction: '2013-06-03' },
    });
    expect((await get<Page<Board>>(catalyseur, '/api/experimentations?status=abandoned')).items.map((e) => e.experimentationId)).toEqual([SILVER_GEEK]);
    await api.projected(abandoned.position);
    expect((await feed(follower, 'network')).entries.at(-1)).toMatchObject({
      kind: 'ExperimentationAbandoned',
      data: {
        experimentationId: SILVER_GEEK,
        status: 'abandoned',
        reason: 'La Poste reprend la démarche dans un autre cadre',
        abandonedOn: '2013-06-10',
        territoryId: 'poitou-charentes',
      },
    });
    await rule(x('abandon', SILVER_GEEK), { reason: 'encore' }, 'an abandoned experimentation accepts no command');
  });
});
