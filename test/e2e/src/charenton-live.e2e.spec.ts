/**
 * The Charenton-Saint-Maurice experimentation (001) driven through HTTP from
 * the invitation au dialogue to the action plan (142 dirigeants, 3 groups —
 * insertion des jeunes, handicap, précarité —, 3 meetings each, 7 actions),
 * while two catalyseurs follow it live in its hub room `experimentation:{id}`
 * (with `@catalyse/client`, as an application would) and discuss it in its
 * room, where a decision is recorded.
 */
import { expectStatus, HttpClient, HubClient, mintToken, range, type RunningService, seqs, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(120_000);

const ID = 'agir-ensemble-charenton';
const FEED = `experimentation:${ID}`;

interface Board {
  readonly stage: string;
  readonly status: string;
  readonly revision: number;
  readonly invitation: { dirigeants: number; bySphere: Record<string, number>; volunteers: number };
  readonly groups: { groupId: string; theme: string; participants: unknown[]; meetings: { step: string }[] }[];
  readonly groupSummaries: { groupId: string; participants: number; meetingsHeld: number; nextStep?: string; belowRecommended: boolean }[];
  readonly meetingsHeld: number;
  readonly actionsAdopted: number;
  readonly actionPlanComplete: boolean;
  readonly actions: { actionId: string; carriers: { name: string }[] }[];
}

describe('Charenton-Saint-Maurice through HTTP, followed live', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;
  const clients: HubClient[] = [];

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    data.remove();
  });

  it('from the invitation to the action plan: every step reaches the followers once, in order, and the board shows the documents’ figures', async () => {
    service = await startService('all-in-one', { dataDir: data.dir });
    const [driverToken, followerA, followerB, partnerToken] = await Promise.all([
      mintToken(data.dir, { sub: 'cat-val-de-marne', role: 'catalyseur' }),
      mintToken(data.dir, { sub: 'cat-paris-est', role: 'catalyseur' }),
      mintToken(data.dir, { sub: 'cat-creteil', role: 'catalyseur' }),
      mintToken(data.dir, { sub: 'marie', role: 'partner', org: 'essilor' }),
    ]);
    const http = new HttpClient(service.url, driverToken);
    // It launches the experimentation and so animates it: it joined the network first (a catalyseur of the network only).
    const joined = {
      name: 'Catalyseur Val-de-Marne',
      sphere: 'association',
      territory: 'charenton-saint-maurice',
      skills: ['mise_en_relation'],
      joinedAt: '2011-09-01',
    };
    expectStatus(await http.post('/api/catalyseurs', joined), 201);

    let steps = 0;
    const kinds: string[] = [];
    const step = async (path: string, body: unknown, kind: string, status = 200): Promise<{ revision: number }> => {
      const accepted = expectStatus(await http.post<{ revision: number }>(`/api/experimentations${path}`, body), status);
      steps++;
      kinds.push(kind);
      return accepted;
    };

    await step(
      '',
      {
        id: ID,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
        conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' }],
        launchedOn: '2012-01-16',
      },
      'ExperimentationLaunched',
      201,
    );
    // Two catalyseurs follow the experimentation's feed as soon as it is launched (the feed of an experimentation that
    // does not exist yet is NOT_FOUND), from its first entry.
    for (const token of [followerA, followerB]) {
      const client = await HubClient.connect(service.url, token);
      clients.push(client);
      await client.join(FEED);
    }
    await step(
      `/${ID}/invite-dirigeants`,
      { dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40, invitedOn: '2012-10-02' },
      'DirigeantsInvited',
    );

    const groups = [
      { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', size: 12, meetings: ['2012-12-10', '2013-01-14', '2013-02-11'] },
      { groupId: 'handicap', theme: 'Handicap', size: 13, meetings: ['2012-12-12', '2013-01-16', '2013-02-13'] },
      { groupId: 'precarite', theme: 'Précarité', size: 14, meetings: ['2012-12-14', '2013-01-18', '2013-02-15'] },
    ];
    const organisations = [
      ['Tremplin', 'association'],
      ['Essilor', 'entreprise'],
      ['Ville de Saint-Maurice', 'collectivite'],
      ['Le Petit Plus', 'association'],
      ['Natixis', 'entreprise'],
      ['Mission locale', 'association'],
      ['Lycée de Charenton', 'institution'],
      ['Crédit Foncier', 'entreprise'],
    ] as const;
    for (const group of groups)
      await step(`/${ID}/form-working-group`, { groupId: group.groupId, theme: group.theme, formedOn: '2012-10-02' }, 'WorkingGroupFormed');
    for (const group of groups) {
      for (let k = 0; k < group.size; k++) {
        const [organisation, sphere] = organisations[k % organisations.length] ?? ['Tremplin', 'association'];
        await step(
          `/${ID}/join-working-group`,
          { groupId: group.groupId, participantId: `${group.groupId}-${k + 1}`, organisation, sphere, joinedOn: '2012-11-15' },
          'WorkingGroupJoined',
        );
      }
    }
    await step(`/${ID}/advance-stage`, { stage: 'co_construction', advancedOn: '2012-12-03' }, 'StageAdvanced');
    for (const [m, stepName] of (['etat_des_lieux', 'propositions', 'plan_action'] as const).entries()) {
      for (const group of groups) {
        const attendees = range(1, group.size - 2).map((k) => `${group.groupId}-${k}`);
        await step(`/${ID}/hold-group-meeting`, { groupId: group.groupId, step: stepName, heldOn: group.meetings[m], attendees }, 'GroupMeetingHeld');
      }
    }
    const actions = [
      ['parcours-action-jeunes', 'Parcours-action vers le monde professionnel pour les jeunes', ['insertion-jeunes']],
      ['metiers-du-territoire', 'Interventions de professionnels présentant les métiers du territoire', ['insertion-jeunes']],
      ['referents-handicap', 'Réseau territorial de référents sur le handicap', ['handicap']],
      ['raid-sportif', 'Raid sportif pour les personnes en situation de handicap', ['handicap']],
      ['reseau-entraide', 'Réseau d’entraide local', ['precarite']],
      ['observatoire-fragilites', 'Observatoire des fragilités locales', ['precarite']],
      ['guide-des-acteurs', 'Guide des acteurs, ressources et dispositifs d’aide du territoire', ['insertion-jeunes', 'handicap', 'precarite']],
    ] as const;
    let last = { revision: 0 };
    for (const [actionId, title, groupIds] of actions) {
      last = await step(
        `/${ID}/adopt-action`,
        {
          actionId,
          title,
          groupIds,
          carriers: [{ orgId: 'cc-charenton', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' }],
          adoptedOn: '2013-06-05',
        },
        'ActionAdopted',
      );
    }

    // The board: the documents' figures.
    const board = expectStatus(await http.get<Board>(`/api/experimentations/${ID}?minRevision=${last.revision}`), 200);
    expect(board).toMatchObject({
      stage: 'co_construction',
      status: 'running',
      revision: last.revision,
      invitation: { dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
      meetingsHeld: 9,
      actionsAdopted: 7,
      actionPlanComplete: true,
    });
    expect(board.groups.map((g) => [g.theme, g.participants.length, g.meetings.map((m) => m.step)])).toEqual(
      groups.map((g) => [g.theme, g.size, ['etat_des_lieux', 'propositions', 'plan_action']]),
    );
    expect(board.groupSummaries.map((g) => [g.groupId, g.meetingsHeld, g.nextStep, g.belowRecommended])).toEqual(
      groups.map((g) => [g.groupId, 3, undefined, false]),
    );
    const list = expectStatus(
      await http.get<{ items: { experimentationId: string }[] }>('/api/experimentations?territory=charenton-saint-maurice&stage=co_construction'),
      200,
    );
    expect(list.items.map((e) => e.experimentationId)).toEqual([ID]);

    // Every step reached both followers' applications, once, in order.
    for (const client of clients) {
      await client.waitForSeq(FEED, steps);
      expect(seqs(client.entries(FEED))).toEqual(range(1, steps));
      expect(client.entries(FEED).map((e) => e.kind)).toEqual(kinds);
      expect(client.held(FEED)).toEqual(client.entries(FEED));
    }
    const meeting = clients[0]?.entries(FEED).find((e) => e.kind === 'GroupMeetingHeld');
    expect(meeting?.data).toMatchObject({ experimentationId: ID, groupId: 'insertion-jeunes', groupTheme: 'Insertion des jeunes', step: 'etat_des_lieux' });

    // The rules hold over HTTP: a meeting twice, an essaimage before the results… are refused, nothing changes; partners and bad input are refused.
    expect(
      expectStatus(
        await http.post(`/api/experimentations/${ID}/hold-group-meeting`, { groupId: 'handicap', step: 'plan_action', attendees: ['handicap-1'] }),
        409,
      ),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(expectStatus(await http.post(`/api/experimentations/${ID}/decide-essaimage`, { essaimer: true, territories: ['Val-de-Marne'] }), 422)).toMatchObject(
      { code: 'RULE_VIOLATED' },
    );
    expect(expectStatus(await http.post(`/api/experimentations/${ID}/invite-dirigeants`, { dirigeants: -1 }), 400)).toMatchObject({ code: 'VALIDATION' });
    expect(expectStatus(await http.post(`/api/experimentations/nope/advance-stage`, { stage: 'co_construction' }), 404)).toMatchObject({ code: 'NOT_FOUND' });
    expect(expectStatus(await http.as(partnerToken).post(`/api/experimentations/${ID}/advance-stage`, { stage: 'evaluation_resultats' }), 403)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(expectStatus(await http.as(partnerToken).get(`/api/experimentations/${ID}`), 403)).toMatchObject({ code: 'FORBIDDEN' });
    const after = expectStatus(await http.get<Board>(`/api/experimentations/${ID}`), 200);
    expect(after).toMatchObject({ revision: last.revision, meetingsHeld: 9 });

    // Its room: the followers talk, a decision is recorded, both see it all once.
    const opened = expectStatus(
      await http.post<{ revision: number }>('/api/rooms', {
        id: 'charenton-room',
        kind: 'experimentation',
        subject: ID,
        title: 'Agir ensemble à Charenton',
        access: 'open',
      }),
      201,
    );
    // The room as the api reads it once projected (the hub would wait for the read side anyway: read-your-writes).
    expectStatus(await http.get(`/api/rooms/charenton-room?minRevision=${opened.revision}`), 200);
    for (const client of clients) await client.join('room:charenton-room');
    // Through the client's outbox: resolved once the hub acknowledged it (it throws if the hub refused it).
    await (clients[0] as HubClient).post('room:charenton-room', 'Le guide des acteurs sera prêt en septembre');
    expectStatus(await http.post('/api/rooms/charenton-room/record-decision', { text: 'Présenter les 7 actions aux dirigeants le 5 juin 2013' }), 200);
    for (const client of clients) {
      await client.waitForSeq('room:charenton-room', 3);
      expect(client.entries('room:charenton-room').map((e) => e.kind)).toEqual(['RoomOpened', 'MessagePosted', 'DecisionRecorded']);
      expect(client.entries('room:charenton-room')[1]?.data).toMatchObject({ text: 'Le guide des acteurs sera prêt en septembre' });
    }
  });
});
