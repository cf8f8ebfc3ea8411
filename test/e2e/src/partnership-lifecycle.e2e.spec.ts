/**
 * The foundation, end to end: the all-in-one app as a child process on a free
 * port with a temporary data folder; real HTTP and the hub's own client
 * (`@catalyse/client`, over real socket.io). A partner pair and a catalyseur
 * take a partnership through cadrage → pilotage → évaluation → renouveler
 * while three clients follow its room; one of them is away for a while and,
 * back, is handed exactly what it missed. Then the process restarts on the
 * same folder and everything carries on.
 */
import type { FeedEntry } from '@catalyse/protocol';
import { expectStatus, HttpClient, HubClient, mintToken, range, type RunningService, seqs, startService, tempDataDir } from '@catalyse/testing';

interface Written {
  id: string;
  revision: number;
  position: number;
}
interface Board {
  id: string;
  phase: string;
  cycle: number;
  revision: number;
  milestones: { milestoneId: string; status: string; dueDate: string; rescheduled: number; late?: boolean }[];
  nextDueDate?: string;
  conclusions: { decision: string }[];
}
interface Feed {
  room: string;
  epoch: number;
  head: number;
  entries: FeedEntry[];
}

const PARTNERSHIP = 'flda-ardeche';
const ROOM = `partnership:${PARTNERSHIP}`;

describe('a partnership from cadrage to renouveler, followed live (all-in-one)', () => {
  const data = tempDataDir();
  let service: RunningService;
  let tokens: Record<'operator' | 'catalyseur' | 'flda' | 'ardeche' | 'stranger', string>;
  let anonymous: HttpClient;
  const clients: HubClient[] = [];

  beforeAll(async () => {
    service = await startService('all-in-one', { dataDir: data.dir });
    tokens = {
      operator: await mintToken(data.dir, { sub: 'op-1', role: 'operator' }),
      catalyseur: await mintToken(data.dir, { sub: 'cat-ardeche-1', role: 'catalyseur' }),
      flda: await mintToken(data.dir, { sub: 'marie', role: 'partner', org: 'flda' }),
      ardeche: await mintToken(data.dir, { sub: 'paul', role: 'partner', org: 'cg-ardeche' }),
      stranger: await mintToken(data.dir, { sub: 'eve', role: 'partner', org: 'autre-asso' }),
    };
    anonymous = new HttpClient(service.url);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    data.remove();
  });

  const as = (who: keyof typeof tokens): HttpClient => anonymous.as(tokens[who]);
  const command = async (who: keyof typeof tokens, name: string, body: unknown = {}): Promise<Written> =>
    expectStatus(await as(who).post<Written>(`/api/partnerships/${PARTNERSHIP}/${name}`, body), 200);
  const feed = async (): Promise<Feed> => expectStatus(await as('catalyseur').get<Feed>(`/api/feeds/${encodeURIComponent(ROOM)}?since=0&limit=500`), 200);
  const board = async (query = ''): Promise<Board> => expectStatus(await as('catalyseur').get<Board>(`/api/partnerships/${PARTNERSHIP}${query}`), 200);
  const waitForHead = async (clientsToWait: HubClient[]): Promise<Feed> => {
    // The feed is projected asynchronously: wait for the last command's entry, then for every client.
    let current = await feed();
    for (let i = 0; i < 100 && current.entries.at(-1)?.kind !== lastKind; i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = await feed();
    }
    await Promise.all(clientsToWait.map((client) => client.waitForSeq(ROOM, current.head)));
    return current;
  };
  let lastKind = '';
  let pilotageStartedAt = '';
  let revisionBeforeRestart = -1;
  let headBeforeRestart = 0;
  let positionBeforeRestart = 0;

  it('runs the lifecycle while three clients follow the room; one is away and catches up exactly', async () => {
    const proposed = expectStatus(
      await as('flda').post<Written>('/api/partnerships', {
        id: PARTNERSHIP,
        title: "Fédération des Lieux de Diffusion de l'Ardèche × Conseil général de l'Ardèche",
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: "Fédération des Lieux de Diffusion de l'Ardèche", sphere: 'association' },
          { orgId: 'cg-ardeche', name: "Conseil général de l'Ardèche", sphere: 'collectivite' },
        ],
        modes: ['mecenat', 'cooperation_economique'],
        // Recorded after the fact: nothing of it may be dated before the day it was proposed.
        proposedAt: '2010-01-04',
      }),
      201,
    );
    expect(proposed).toMatchObject({ id: PARTNERSHIP, revision: 0 });
    expect(proposed.position).toBeGreaterThan(0);
    // A partner's proposal: nobody accompanies it until the Ardèche's catalyseur takes it up (docs/adr/0025-who-accompanies-a-partnership.md).
    // It joined the network first: a partnership is given to a catalyseur of the network only.
    const joined = { name: 'Catalyseur Ardèche', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2009-09-01' };
    expectStatus(await as('catalyseur').post('/api/catalyseurs', joined), 201);
    await command('catalyseur', 'assign-catalyseur', { catalyseurId: 'cat-ardeche-1', assignedOn: '2010-01-04' });
    lastKind = 'CatalyseurAssigned';

    // Three clients: the catalyseur and the two partners.
    for (const who of ['catalyseur', 'flda', 'ardeche'] as const) {
      const client = await HubClient.connect(service.url, tokens[who]);
      clients.push(client);
    }
    await waitForHead([]);
    for (const client of clients) await client.join(ROOM);
    const [catalyseur, flda, away] = clients as [HubClient, HubClient, HubClient];

    await command('flda', 'agree-objectives', { orgId: 'flda', objectives: ['parties_prenantes', 'economique'] });
    await command('ardeche', 'agree-objectives', { orgId: 'cg-ardeche', objectives: ['innovation', 'parties_prenantes'] });
    await command('catalyseur', 'plan-milestone', { milestoneId: 'convention', title: 'Convention triennale signée', dueDate: '2010-06-30' });
    await command('catalyseur', 'plan-milestone', { milestoneId: 'saison-1', title: 'Première saison culturelle', dueDate: '2011-06-30' });
    await command('catalyseur', 'plan-milestone', { milestoneId: 'bilan', title: 'Bilan partagé', dueDate: '2012-12-15' });
    await command('catalyseur', 'start-pilotage', { startedOn: '2010-03-01' });
    pilotageStartedAt = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await command('flda', 'reach-milestone', { milestoneId: 'convention', reachedOn: '2010-06-20' });
    lastKind = 'MilestoneReached';
    const halfway = await waitForHead(clients);

    // One client goes away; the others keep going.
    expect(seqs(away.entries(ROOM))).toEqual(range(1, halfway.head));
    away.goOffline();
    await command('catalyseur', 'reschedule-milestone', {
      milestoneId: 'saison-1',
      dueDate: '2011-09-30',
      reason: 'Report de la programmation après le changement de direction',
    });
    await command('ardeche', 'hold-steering-committee', {
      committeeId: 'copil-2011',
      heldOn: '2011-03-15',
      attendees: ['flda', 'cg-ardeche'],
      decisions: ['Maintenir le soutien aux lieux de diffusion', 'Ouvrir deux nouvelles résidences'],
    });
    await command('flda', 'reach-milestone', { milestoneId: 'saison-1', reachedOn: '2011-09-20' });
    await command('catalyseur', 'reach-milestone', { milestoneId: 'bilan', reachedOn: '2012-12-10' });
    await command('catalyseur', 'record-indicator', { name: 'Spectateurs accueillis', value: 12500, unit: 'personnes', measuredOn: '2012-12-31' });
    await command('catalyseur', 'open-evaluation', { openedOn: '2013-01-10' });
    lastKind = 'EvaluationOpened';
    const whileAway = await waitForHead([catalyseur, flda]);
    expect(whileAway.head).toBeGreaterThan(halfway.head + 5);

    expect(away.entries(ROOM)).toHaveLength(halfway.head);

    // It comes back: the client rejoins with its since by itself and hands the application exactly what it missed.
    away.comeBack();
    await away.waitForSeq(ROOM, whileAway.head);
    expect(seqs(away.entries(ROOM).slice(halfway.head))).toEqual(range(halfway.head + 1, whileAway.head));

    await command('catalyseur', 'assess-impact', {
      dimension: 'innovation_societale',
      scores: { growth_and_jobs: 3, fewer_fragilities: 5 },
      evidence: 'Nouvelles formes de diffusion en milieu rural',
    });
    await command('flda', 'assess-impact', {
      dimension: 'performance_organisations',
      scores: { association_performance: 4, company_performance: 2 },
      evidence: 'Mutualisation des équipes techniques',
    });
    await command('ardeche', 'assess-impact', {
      dimension: 'confiance',
      scores: { collective_trust: 5, individual_trust: 5 },
      evidence: 'Relation installée entre les élus et les lieux',
    });
    await command('ardeche', 'conclude-evaluation', { decision: 'renouveler', concludedOn: '2013-02-01' });
    lastKind = 'PartnershipRenewed';
    const final = await waitForHead([catalyseur, flda, away]);

    // Every client ends with exactly the room's entries, in order: none missing, none twice.
    const all = range(1, final.head);
    expect(seqs(catalyseur.entries(ROOM))).toEqual(all);
    expect(seqs(flda.entries(ROOM))).toEqual(all);
    expect(seqs(away.entries(ROOM))).toEqual(all);
    expect(catalyseur.entries(ROOM).map((e) => e.kind)).toEqual(final.entries.map((e) => e.kind));
    for (const client of clients) expect(client.held(ROOM)).toEqual(client.entries(ROOM));
    expect(final.entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['PilotageStarted', 'MilestoneRescheduled', 'SteeringCommitteeHeld', 'EvaluationConcluded', 'PartnershipRenewed']),
    );

    const renewed = await board();
    expect(renewed).toMatchObject({ phase: 'cadrage', cycle: 2, conclusions: [{ decision: 'renouveler' }] });
    expect(renewed.milestones.find((m) => m.milestoneId === 'saison-1')).toMatchObject({ status: 'reached', dueDate: '2011-09-30', rescheduled: 1 });
    revisionBeforeRestart = renewed.revision;
    headBeforeRestart = final.head;
    positionBeforeRestart = Number(final.entries.at(-1)?.position);

    // Operators scrape the log head and the projector's lag (Prometheus text); not the public, nor a partner.
    expect((await anonymous.get('/api/metrics')).status).toBe(401);
    expect((await new HttpClient(service.url, tokens.flda).get('/api/metrics')).status).toBe(403);
    const metrics = await new HttpClient(service.url, tokens.operator).get<string>('/api/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain(`catalyse_event_store_head_position ${positionBeforeRestart}`);
    expect(metrics.body).toContain('catalyse_projection_lag_events 0');
  });

  it('refuses bad input with the right codes and changes nothing', async () => {
    const before = await board();

    const unknownField = await as('flda').post<{ code: string; details: unknown[] }>(`/api/partnerships/${PARTNERSHIP}/plan-milestone`, {
      title: 'x',
      dueDate: '2014-01-01',
      surprise: true,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('VALIDATION');
    expect(JSON.stringify(unknownField.body.details)).toContain('surprise');

    const wrongPhase = await as('flda').post<{ code: string; message: string }>(`/api/partnerships/${PARTNERSHIP}/reach-milestone`, { milestoneId: 'bilan' });
    expect(wrongPhase.status).toBe(422);
    expect(wrongPhase.body).toMatchObject({ code: 'RULE_VIOLATED', message: expect.stringContaining('pilotage') });

    const stale = await as('flda').post<{ code: string; currentRevision: string }>(
      `/api/partnerships/${PARTNERSHIP}/plan-milestone`,
      { title: 'Nouvelle convention', dueDate: '2016-01-01' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(String(stale.body.currentRevision)).toBe(String(before.revision));

    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoib3BlcmF0b3IiLCJzdWIiOiJtYWxsb3J5IiwiaXNzIjoiY2F0YWx5c2UiLCJhdWQiOiJjYXRhbHlzZSJ9.c2lnbmF0dXJlLWZvcmdlZS1wYXItdW4tYXR0YXF1YW50';
    const forgedResponse = await anonymous.as(forged).get<{ code: string }>(`/api/partnerships/${PARTNERSHIP}`);
    expect(forgedResponse.status).toBe(401);
    expect(forgedResponse.body.code).toBe('UNAUTHORIZED');
    expect((await anonymous.get(`/api/partnerships/${PARTNERSHIP}`)).status).toBe(401);

    const otherOrg = await as('stranger').post<{ code: string }>(`/api/partnerships/${PARTNERSHIP}/plan-milestone`, {
      title: 'Intrusion',
      dueDate: '2014-01-01',
    });
    expect(otherOrg.status).toBe(403);
    expect(otherOrg.body.code).toBe('FORBIDDEN');
    expect((await as('stranger').get(`/api/partnerships/${PARTNERSHIP}`)).status).toBe(403);

    // On the hub, the client reports the refusal to the application, and hands it nothing.
    const stranger = await HubClient.connect(service.url, tokens.stranger);
    clients.push(stranger);
    await expect(stranger.join(ROOM)).rejects.toMatchObject({ name: 'RoomRefusedError', room: ROOM, error: { code: 'FORBIDDEN' } });
    expect(stranger.room(ROOM).refusal()).toMatchObject({ code: 'FORBIDDEN' });
    expect(stranger.entries(ROOM)).toEqual([]);

    expect((await as('flda').get('/api/partnerships/nope')).status).toBe(404);

    const after = await board();
    expect(after.revision).toBe(before.revision);
  });

  it('carries on after a restart on the same folder: read models, feeds, positions, as-of reads', async () => {
    expect(await service.stop()).toBe(0);
    service = await startService('all-in-one', { dataDir: data.dir });
    anonymous = new HttpClient(service.url);

    const restarted = await board();
    expect(restarted).toMatchObject({ phase: 'cadrage', cycle: 2, revision: revisionBeforeRestart });
    const current = await feed();
    expect(current.head).toBe(headBeforeRestart);

    // A new follower gets the whole feed kept across the restart, then the next entry live.
    const follower = await HubClient.connect(service.url, tokens.catalyseur);
    clients.push(follower);
    await follower.join(ROOM);
    await follower.waitForSeq(ROOM, headBeforeRestart);
    const agreed = await command('flda', 'agree-objectives', { orgId: 'flda', objectives: ['innovation'] });
    expect(agreed.position).toBeGreaterThan(positionBeforeRestart);
    await follower.waitForSeq(ROOM, headBeforeRestart + 1);
    expect(seqs(follower.entries(ROOM))).toEqual(range(1, headBeforeRestart + 1));
    expect(follower.entries(ROOM).at(-1)).toMatchObject({ kind: 'ObjectivesAgreed', epoch: current.epoch });

    // What Catalyse had recorded just after the start of pilotage (the recorded clock)…
    const asOf = await board(`?asOf=${encodeURIComponent(pilotageStartedAt)}&clock=recorded`);
    expect(asOf).toMatchObject({ phase: 'pilotage', cycle: 1 });
    expect(asOf.milestones.every((m) => m.status === 'planned')).toBe(true);
    // …and the partnership as it was on the day pilotage started (the happened clock, by the dates the facts carry).
    const onThatDay = await board('?asOf=2010-03-01');
    expect(onThatDay).toMatchObject({ phase: 'pilotage', cycle: 1 });
    expect(onThatDay.milestones.every((m) => m.status === 'planned')).toBe(true);
  });
});
