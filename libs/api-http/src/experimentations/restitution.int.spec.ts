/**
 * The documents' four stages of "Agir ensemble à Charenton-Saint-Maurice" over HTTP (real SQLite files, real
 * projector): a category at the launch, the restitution des travaux of 5 June 2013 (118 dirigeants: 40 % associations,
 * 40 % entreprises, 20 % from outside the territory), the mise en œuvre since 6 June and the follow-up meetings of the
 * working groups; then every refusal of `hold-restitution` and `hold-follow-up-meeting` — 400, 403, 404, 409, 422 —
 * leaving the log, the board and the feeds as they were.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Board {
  readonly category?: string;
  readonly stage: string;
  readonly stageDates: Record<string, string>;
  readonly restitution?: { heldOn: string; dirigeants: number; bySphere?: Record<string, number>; fromOutside?: number };
  readonly restitutionShares?: { bySphere: Record<string, number>; fromOutside?: number };
  readonly followUpsHeld: number;
  readonly groupSummaries: { groupId: string; followUpsHeld: number }[];
  readonly actions: { actionId: string; components?: string[] }[];
}
interface Page<T> {
  readonly items: T[];
}

const ID = 'agir-ensemble-charenton';
const cc = { orgId: 'cc-charenton-saint-maurice', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' };

describe('HTTP api: the restitution and the mise en œuvre of an experimentation', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let partner: string;
  const x = (command: string, id = ID): string => `/api/experimentations/${id}/${command}`;
  const board = (minRevision?: number): Promise<Board> =>
    get<Board>(catalyseur, `/api/experimentations/${ID}${minRevision === undefined ? '' : `?minRevision=${minRevision}`}`);

  beforeAll(async () => {
    api = await startApi({ now: '2016-01-06T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-val-de-marne', role: 'catalyseur' });
    // It launches the experimentation, and so animates it: a catalyseur of the network.
    await joinCatalyseurs(api, ['cat-val-de-marne'], 'charenton-saint-maurice');
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'essilor' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('records the restitution, its composition in shares, the mise en œuvre and the follow-up of the groups', async () => {
    await send(
      catalyseur,
      '/api/experimentations',
      {
        id: ID,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
        conveners: [cc],
        launchedOn: '2012-01-16',
        category: 'experimentation_collective',
      },
      { status: 201 },
    );
    await send(catalyseur, x('invite-dirigeants'), { invitedOn: '2012-10-02', dirigeants: 142, volunteers: 40 });
    await send(catalyseur, x('form-working-group'), { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02' });
    for (const [k, sphere] of ['association', 'entreprise', 'collectivite'].entries()) {
      await send(catalyseur, x('join-working-group'), {
        groupId: 'handicap',
        participantId: `handicap-${k + 1}`,
        organisation: `Org ${k}`,
        sphere,
        joinedOn: '2012-11-15',
      });
    }
    await send(catalyseur, x('advance-stage'), { stage: 'co_construction', advancedOn: '2012-12-03' });
    for (const [step, heldOn] of [
      ['etat_des_lieux', '2012-12-12'],
      ['propositions', '2013-01-16'],
      ['plan_action', '2013-02-13'],
    ]) {
      await send(catalyseur, x('hold-group-meeting'), { groupId: 'handicap', step, heldOn, attendees: ['handicap-1', 'handicap-2'] });
    }
    await send(catalyseur, x('advance-stage'), { stage: 'restitution', advancedOn: '2013-06-05' });
    await send(catalyseur, x('hold-restitution'), { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 });
    await send(catalyseur, x('adopt-action'), {
      actionId: 'referents-handicap',
      title: 'Réseau territorial de référents sur le handicap',
      groupIds: ['handicap'],
      carriers: [cc],
      adoptedOn: '2013-06-05',
      components: ['Réseau', 'Formation'],
    });
    await send(catalyseur, x('advance-stage'), { stage: 'mise_en_oeuvre', advancedOn: '2013-06-06' });
    const followed = await send(catalyseur, x('hold-follow-up-meeting'), {
      groupId: 'handicap',
      heldOn: '2013-10-10',
      attendees: ['handicap-1', 'handicap-3'],
    });

    const doc = await board(followed.revision);
    expect(doc).toMatchObject({
      category: 'experimentation_collective',
      stage: 'mise_en_oeuvre',
      stageDates: { restitution: '2013-06-05', mise_en_oeuvre: '2013-06-06' },
      restitution: { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 },
      restitutionShares: { bySphere: { association: 40, entreprise: 40 }, fromOutside: 20 },
      followUpsHeld: 1,
      actions: [{ actionId: 'referents-handicap', components: ['Réseau', 'Formation'] }],
    });
    expect((await get<Page<{ experimentationId: string }>>(catalyseur, '/api/experimentations?category=experimentation_collective')).items).toHaveLength(1);
    expect((await get<Page<unknown>>(catalyseur, '/api/experimentations?category=co_innovation')).items).toHaveLength(0);
  });

  it('refuses what breaks a rule, what is malformed, what is not one’s to do, and changes nothing', async () => {
    const feeds = [`experimentation:${ID}`, 'territory:charenton-saint-maurice', 'network', 'ops'];
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      board: await get<Board>(operator, `/api/experimentations/${ID}`),
      feeds: await Promise.all(feeds.map(async (room) => (await get<{ head: number }>(operator, `/api/feeds/${room}?limit=1`)).head)),
    });
    const before = await stored();

    // 400: each field named
    const restitution = await refused(
      catalyseur,
      'POST',
      x('hold-restitution'),
      { dirigeants: 0, bySphere: { ong: 3 }, fromOutside: 'vingt' },
      400,
      'VALIDATION',
    );
    expect(restitution.details?.map((d) => d.field).sort()).toEqual(['bySphere.ong', 'dirigeants', 'fromOutside']);
    const followUp = await refused(
      catalyseur,
      'POST',
      x('hold-follow-up-meeting'),
      { attendees: ['handicap-1', 'handicap-1'], heldOn: '2013-02-30' },
      400,
      'VALIDATION',
    );
    expect(followUp.details?.map((d) => d.field).sort()).toEqual(['attendees', 'groupId', 'heldOn']);
    await refused(
      catalyseur,
      'POST',
      '/api/experimentations',
      { title: 'X', territory: { id: 'x', name: 'X', scale: 'local' }, conveners: [cc], category: 'hackathon' },
      400,
      'VALIDATION',
    );
    // 403: partners do not run experimentations, whatever they send
    await refused(partner, 'POST', x('hold-restitution'), { dirigeants: 118 }, 403, 'FORBIDDEN');
    await refused(partner, 'POST', x('hold-follow-up-meeting'), { groupId: 'handicap', attendees: ['handicap-1'] }, 403, 'FORBIDDEN');
    // 404: no such experimentation, no such group
    await refused(catalyseur, 'POST', x('hold-restitution', 'inconnue'), { dirigeants: 118 }, 404, 'NOT_FOUND');
    await refused(catalyseur, 'POST', x('hold-follow-up-meeting', 'inconnue'), { groupId: 'handicap', attendees: ['handicap-1'] }, 404, 'NOT_FOUND');
    await refused(catalyseur, 'POST', x('hold-follow-up-meeting'), { groupId: 'inconnu', attendees: ['handicap-1'], heldOn: '2014-01-09' }, 404, 'NOT_FOUND');
    // 409: the same follow-up twice
    await refused(catalyseur, 'POST', x('hold-follow-up-meeting'), { groupId: 'handicap', attendees: ['handicap-1'], heldOn: '2013-10-10' }, 409, 'CONFLICT');
    // 422: the restitution outside its stage, a follow-up of someone not in the group or before the mise en œuvre
    const outOfStage = await refused(catalyseur, 'POST', x('hold-restitution'), { heldOn: '2013-06-05', dirigeants: 118 }, 422, 'RULE_VIOLATED');
    expect(outOfStage.message).toBe('the restitution can only be held during the restitution stage');
    await refused(
      catalyseur,
      'POST',
      x('hold-follow-up-meeting'),
      { groupId: 'handicap', attendees: ['quelqu-un'], heldOn: '2014-01-09' },
      422,
      'RULE_VIOLATED',
    );
    await refused(
      catalyseur,
      'POST',
      x('hold-follow-up-meeting'),
      { groupId: 'handicap', attendees: ['handicap-1'], heldOn: '2013-06-01' },
      422,
      'RULE_VIOLATED',
    );
    await refused(catalyseur, 'POST', x('advance-stage'), { stage: 'restitution', advancedOn: '2014-01-09' }, 422, 'RULE_VIOLATED');

    expect(await stored()).toEqual(before);
  });
});
