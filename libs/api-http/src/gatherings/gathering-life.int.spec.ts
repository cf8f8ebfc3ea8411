/**
 * Gatherings over HTTP (real SQLite files, real projector, real HTTP): the
 * Labo régional des partenariats en Alsace speed dating from scheduling to its
 * pairs, the monthly webinaire on the third Thursday, and every refusal — each
 * a 4xx with a code and a message, none of which changes anything stored (the
 * log, the attendance document, the feeds).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type Accepted, type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Registration {
  readonly name: string;
  readonly organisation: string;
  readonly sphere: string;
  readonly cancelled: boolean;
  readonly attended: boolean;
}
interface Attendance {
  readonly gatheringId: string;
  readonly kind: string;
  readonly theme: string;
  readonly status: string;
  readonly date: string;
  readonly time?: string;
  readonly place?: string;
  readonly link?: string;
  readonly territoryId?: string;
  readonly organisedBy: string;
  readonly registrations: Record<string, Registration>;
  readonly registered: number;
  readonly registeredBySphere: Record<string, number>;
  readonly attended: number;
  readonly attendanceRate?: number;
  readonly cancelledRegistrations: number;
  readonly pairs: { associationId: string; entrepriseId: string }[];
  readonly rescheduled: number;
  readonly heldOn?: string;
  readonly month: string;
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

const SPEED_DATING = 'speed-dating-labo-alsace-2014';
const WEBINAIRE = 'webinaire-2014-04';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP api: gatherings (speed dating, webinaire) with their attendance', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let partner: string;

  /** What is stored: the log's head, the attendance documents, the feeds' heads. */
  const stored = async (ids: readonly string[], feeds: readonly string[]): Promise<unknown> => ({
    head: (await events.headPosition()).toString(),
    docs: await Promise.all(ids.map(async (id) => (await api.request('GET', `/api/gatherings/${id}`, { token: operator })).body)),
    feeds: await Promise.all(feeds.map(async (room) => (await get<FeedPage>(operator, `/api/feeds/${room}?limit=1`)).head)),
  });

  beforeAll(async () => {
    api = await startApi({ now: '2014-03-03T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-alsace', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'envie-strasbourg' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('the Labo Alsace speed dating: scheduled, registrations (one cancelled, one again), rescheduled, held today, attendance, pairs; reads follow each write', async () => {
    const created = await send(
      catalyseur,
      '/api/gatherings',
      {
        id: SPEED_DATING,
        kind: 'speed_dating',
        theme: 'Speed dating associations – entreprises',
        date: '2014-03-20',
        time: '17:30',
        place: 'Strasbourg, CCI',
        capacity: 4,
        territoryId: 'alsace',
      },
      { status: 201 },
    );
    expect(created).toMatchObject({ id: SPEED_DATING, revision: 0 });
    // Read your writes: the single read waits for the projector to reach the revision given.
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${SPEED_DATING}?minRevision=0`)).toMatchObject({
      gatheringId: SPEED_DATING,
      kind: 'speed_dating',
      status: 'scheduled',
      place: 'Strasbourg, CCI',
      territoryId: 'alsace',
      organisedBy: 'cat-alsace',
      registered: 0,
      month: '2014-03',
      revision: 0,
    });

    const people = [
      ['envie-strasbourg', 'Marie', 'Envie Strasbourg', 'association'],
      ['emmaus-mundo', 'Karim', 'Emmaüs Mundo', 'association'],
      ['electricite-strasbourg', 'Luc', 'Électricité de Strasbourg', 'entreprise'],
      ['hager-group', 'Anne', 'Hager Group', 'entreprise'],
    ] as const;
    for (const [participantId, name, organisation, sphere] of people)
      await send(catalyseur, `/api/gatherings/${SPEED_DATING}/register`, { participantId, name, organisation, sphere });
    const cancelled = await send(catalyseur, `/api/gatherings/${SPEED_DATING}/cancel-registration`, {
      participantId: 'emmaus-mundo',
      reason: 'assemblée générale le même soir',
    });
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${SPEED_DATING}?minRevision=${cancelled.revision}`)).toMatchObject({
      registered: 3,
      cancelledRegistrations: 1,
      registeredBySphere: { association: 1, entreprise: 2 },
      registrations: { 'emmaus-mundo': { cancelled: true } },
    });
    await send(catalyseur, `/api/gatherings/${SPEED_DATING}/register`, {
      participantId: 'emmaus-mundo',
      name: 'Karim',
      organisation: 'Emmaüs Mundo',
      sphere: 'association',
    });

    const moved = await send(catalyseur, `/api/gatherings/${SPEED_DATING}/reschedule`, { date: '2014-03-27', reason: 'la CCI n’est libre que le 27' });
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${SPEED_DATING}?minRevision=${moved.revision}`)).toMatchObject({
      date: '2014-03-27',
      time: '17:30',
      rescheduled: 1,
      registered: 4,
    });

    // "Today" in Europe/Paris: the 27th at 00:30 in Paris is still the 26th in UTC.
    api.clock.set('2014-03-26T23:30:00.000Z');
    const held = await send(catalyseur, `/api/gatherings/${SPEED_DATING}/hold`, {});
    await send(catalyseur, `/api/gatherings/${SPEED_DATING}/record-attendance`, {
      participantIds: ['envie-strasbourg', 'electricite-strasbourg', 'hager-group'],
    });
    const again = await send(catalyseur, `/api/gatherings/${SPEED_DATING}/record-attendance`, { participantIds: ['envie-strasbourg'] }); // entered twice: nothing new
    expect(again.revision).toBe(held.revision + 1);
    const pairs = await send(catalyseur, `/api/gatherings/${SPEED_DATING}/record-pairs`, {
      pairs: [
        { associationId: 'envie-strasbourg', entrepriseId: 'electricite-strasbourg' },
        { associationId: 'envie-strasbourg', entrepriseId: 'hager-group' },
      ],
    });
    const doc = await get<Attendance>(operator, `/api/gatherings/${SPEED_DATING}?minRevision=${pairs.revision}`);
    expect(doc).toMatchObject({
      status: 'held',
      heldOn: '2014-03-27',
      registered: 4,
      attended: 3,
      attendanceRate: 0.75,
      revision: pairs.revision,
      position: pairs.position,
    });
    expect(doc.pairs).toHaveLength(2);
    expect(doc.registrations['emmaus-mundo']).toEqual({
      name: 'Karim',
      organisation: 'Emmaüs Mundo',
      sphere: 'association',
      cancelled: false,
      attended: false,
    });

    // Its own feed has every event; the network, ops and the territory hear of the scheduling, the move and the holding.
    await api.projected(pairs.position);
    const own = await get<FeedPage>(catalyseur, `/api/feeds/gathering:${SPEED_DATING}`);
    expect(own.entries.map((e) => e.kind)).toEqual([
      'GatheringScheduled',
      ...Array(4).fill('ParticipantRegistered'),
      'RegistrationCancelled',
      'ParticipantRegistered',
      'GatheringRescheduled',
      'GatheringHeld',
      'AttendanceRecorded',
      'SpeedDatingPairsRecorded',
    ]);
    for (const room of ['network', 'territory:alsace', 'ops']) {
      const feed = await get<FeedPage>(operator, `/api/feeds/${room}`);
      expect(feed.entries.filter((e) => e.data['gatheringId'] === SPEED_DATING).map((e) => e.kind)).toEqual([
        'GatheringScheduled',
        'GatheringRescheduled',
        'GatheringHeld',
      ]);
    }
  });

  it('a webinaire on the third Thursday; a catalyseur registers themself; lists by kind, status, month, territory, participant, paged', async () => {
    api.clock.set('2014-04-01T08:00:00.000Z');
    await send(
      operator,
      '/api/gatherings',
      {
        id: WEBINAIRE,
        kind: 'webinaire',
        theme: 'Le rôle des collectivités dans la co-construction territoriale',
        date: '2014-04-17',
        time: '12:00',
        link: 'https://webinaires.example/2014-04',
      },
      { status: 201 },
    );
    const mine = await send(catalyseur, `/api/gatherings/${WEBINAIRE}/register`, { name: 'Jean-Yves', organisation: 'Alsace Active', sphere: 'association' });
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${WEBINAIRE}?minRevision=${mine.revision}`)).toMatchObject({
      kind: 'webinaire',
      link: 'https://webinaires.example/2014-04',
      registrations: { 'cat-alsace': { organisation: 'Alsace Active' } },
      registered: 1,
    });
    // A create without id gets a UUID made at the edge.
    const atelier = await send(
      catalyseur,
      '/api/gatherings',
      { kind: 'atelier', theme: 'Achats responsables', date: '2014-05-15', place: 'Mulhouse', territoryId: 'alsace' },
      { status: 201 },
    );
    expect(atelier.id).toMatch(UUID);
    await api.projected(atelier.position);

    const ids = async (query: string): Promise<string[]> =>
      (await get<Page<Attendance>>(catalyseur, `/api/gatherings${query}`)).items.map((g) => g.gatheringId).sort();
    expect(await ids('?kind=webinaire')).toEqual([WEBINAIRE]);
    expect(await ids('?status=held')).toEqual([SPEED_DATING]);
    expect(await ids('?month=2014-04')).toEqual([WEBINAIRE]);
    expect(await ids('?territory=alsace')).toEqual([atelier.id, SPEED_DATING].sort());
    expect(await ids('?territory=alsace&status=scheduled')).toEqual([atelier.id]);
    expect(await ids('?participant=cat-alsace')).toEqual([WEBINAIRE]);
    expect(await ids('?participant=hager-group&kind=speed_dating&month=2014-03')).toEqual([SPEED_DATING]);
    const first = await get<Page<Attendance>>(operator, '/api/gatherings?limit=2&offset=0');
    const rest = await get<Page<Attendance>>(operator, '/api/gatherings?limit=2&offset=2');
    expect([first.items.length, rest.items.length, first.limit, rest.offset]).toEqual([2, 1, 2, 2]);
    expect(new Set([...first.items, ...rest.items].map((g) => g.gatheringId)).size).toBe(3);
    expect(first.items[0]?.revision).toEqual(expect.any(Number));
  });

  it('refusals — 400 with details, 403 for partners, 404, 409, 422 — change nothing stored', async () => {
    const feeds = ['gathering:' + WEBINAIRE, 'gathering:' + SPEED_DATING, 'network', 'ops', 'territory:alsace'];
    const before = await stored([WEBINAIRE, SPEED_DATING], feeds);
    const path = (id: string, command: string): string => `/api/gatherings/${id}/${command}`;

    // 400 VALIDATION, every field named
    const bad = await refused(
      operator,
      'POST',
      '/api/gatherings',
      { kind: 'colloque', theme: 'x'.repeat(201), date: '2014-02-30', time: '25:00', link: 'ftp://x', capacity: 0, colour: 'bleu' },
      400,
      'VALIDATION',
    );
    expect(bad.details?.map((d) => d.field).sort()).toEqual(['capacity', 'colour', 'date', 'kind', 'link', 'theme', 'time']);
    const nested = await refused(
      catalyseur,
      'POST',
      path(SPEED_DATING, 'record-pairs'),
      { pairs: [{ associationId: 'envie-strasbourg', entrepriseId: 'hager-group', note: 'x' }] },
      400,
      'VALIDATION',
    );
    expect(nested.details).toEqual([{ field: 'pairs.0.note', messages: ['property note should not exist'] }]);
    const empty = await refused(catalyseur, 'POST', path(WEBINAIRE, 'reschedule'), {}, 400, 'VALIDATION');
    expect(empty.details?.map((d) => d.field)).toEqual(['date', 'reason']);
    await refused(catalyseur, 'POST', path(WEBINAIRE, 'register'), { name: 'X', organisation: 'Y', sphere: 'extraterrestre' }, 400, 'VALIDATION');
    expect(
      (await refused(catalyseur, 'POST', path(WEBINAIRE, 'record-attendance'), { participantIds: [] }, 400, 'VALIDATION')).details?.map((d) => d.field),
    ).toEqual(['participantIds']);
    await refused(catalyseur, 'POST', path(SPEED_DATING, 'record-attendance'), { participantIds: ['hager-group', 'hager-group'] }, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/gatherings?month=2014-13', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'GET', '/api/gatherings?limit=0', undefined, 400, 'VALIDATION');
    await refused(catalyseur, 'POST', '/api/gatherings/bad%20id/hold', {}, 400, 'VALIDATION');

    // 403: partners act in their partnerships, not on the network's gatherings
    const forbidden = await refused(
      partner,
      'POST',
      '/api/gatherings',
      { kind: 'atelier', theme: 'Réemploi', date: '2014-05-02', place: 'Strasbourg' },
      403,
      'FORBIDDEN',
    );
    expect(forbidden.message).toBe('gatherings are run and read by catalyseurs and operators; partners act in their own partnerships');
    await refused(partner, 'POST', path(SPEED_DATING, 'record-attendance'), { participantIds: ['envie-strasbourg'] }, 403, 'FORBIDDEN');
    await refused(partner, 'GET', '/api/gatherings', undefined, 403, 'FORBIDDEN');
    expect((await refused(partner, 'GET', `/api/gatherings/${SPEED_DATING}`, undefined, 403, 'FORBIDDEN')).message).toBe(
      'gatherings are run and read by catalyseurs and operators; partners act in their own partnerships',
    );
    await refused(partner, 'GET', `/api/feeds/gathering:${SPEED_DATING}`, undefined, 403, 'FORBIDDEN');

    // 404
    expect(
      (await refused(catalyseur, 'POST', path('rencontre-2099', 'register'), { name: 'X', organisation: 'Y', sphere: 'association' }, 404, 'NOT_FOUND'))
        .message,
    ).toBe('gathering rencontre-2099 not found');
    await refused(catalyseur, 'GET', '/api/gatherings/rencontre-2099', undefined, 404, 'NOT_FOUND');
    await refused(catalyseur, 'POST', path(WEBINAIRE, 'cancel-registration'), { participantId: 'nobody' }, 404, 'NOT_FOUND');
    // An orgId names a registered organisation (its page lists the gatherings its people attend).
    expect(
      (
        await refused(
          catalyseur,
          'POST',
          path(WEBINAIRE, 'register'),
          { participantId: 'p-ghost', name: 'X', organisation: 'Y', sphere: 'association', orgId: 'org-fantome' },
          404,
          'NOT_FOUND',
        )
      ).message,
    ).toBe('organisation org-fantome not found');

    // 409
    expect(
      (
        await refused(
          operator,
          'POST',
          '/api/gatherings',
          { id: WEBINAIRE, kind: 'webinaire', theme: 'x', date: '2014-04-17', link: 'https://x.example' },
          409,
          'CONFLICT',
        )
      ).message,
    ).toBe('gathering already exists');
    await refused(
      catalyseur,
      'POST',
      path(WEBINAIRE, 'register'),
      { name: 'Jean-Yves', organisation: 'Alsace Active', sphere: 'association' },
      409,
      'CONFLICT',
    );
    const stale = await refused(
      catalyseur,
      'POST',
      path(WEBINAIRE, 'register'),
      { participantId: 'cat-idf', name: 'Diane', organisation: 'Coordin’Actions', sphere: 'association' },
      409,
      'CONFLICT',
      { 'if-match': '"0"' },
    );
    expect(stale.currentRevision).toBe('1');

    // 422: the rules, with their messages
    const rule = async (path: string, body: unknown, message: string, token = catalyseur): Promise<void> => {
      expect((await refused(token, 'POST', path, body, 422, 'RULE_VIOLATED')).message).toBe(message);
    };
    await rule(
      '/api/gatherings',
      { kind: 'webinaire', theme: 'Les solutions', date: '2014-04-10', link: 'https://x.example' },
      'a webinaire falls on the third thursday of its month: 2014-04-17, not 2014-04-10',
    );
    await rule(
      '/api/gatherings',
      { kind: 'webinaire', theme: 'Les solutions', date: '2014-05-15', place: 'Paris' },
      'a webinaire takes place online: it needs a link',
    );
    await rule(
      '/api/gatherings',
      { kind: 'rencontre_annuelle', theme: 'Rencontre', date: '2014-06-12', place: 'Paris', link: 'https://x.example' },
      'a gathering takes place either at a place or online through a link, not both',
    );
    await rule(
      path(WEBINAIRE, 'reschedule'),
      { date: '2014-04-24', reason: 'x' },
      'a webinaire falls on the third thursday of its month: 2014-04-17, not 2014-04-24',
    );
    await rule(path(WEBINAIRE, 'hold'), { heldOn: '2014-04-18' }, 'the gathering is scheduled on 2014-04-17, not 2014-04-18: reschedule it first');
    await rule(path(WEBINAIRE, 'record-attendance'), { participantIds: ['cat-alsace'] }, 'attendance is recorded once the gathering is held');
    await rule(path(WEBINAIRE, 'record-pairs'), { pairs: [{ associationId: 'cat-alsace', entrepriseId: 'x' }] }, 'only a speed dating records pairs');
    await rule(
      path(SPEED_DATING, 'register'),
      { participantId: 'alsace-active', name: 'X', organisation: 'Alsace Active', sphere: 'association' },
      'registration closes once the gathering is held',
    );
    await rule(path(SPEED_DATING, 'record-attendance'), { participantIds: ['stranger'] }, 'participant "stranger" is not registered');
    await rule(
      path(SPEED_DATING, 'record-pairs'),
      { pairs: [{ associationId: 'emmaus-mundo', entrepriseId: 'hager-group' }] },
      'participant "emmaus-mundo" has no recorded attendance',
    );
    await rule(path(SPEED_DATING, 'cancel'), { reason: 'trop tard' }, 'a gathering already held cannot be cancelled');

    expect(await stored([WEBINAIRE, SPEED_DATING], feeds)).toEqual(before);
  });

  it('cancelled: announced, then it accepts nothing (422); an idempotent retry writes once', async () => {
    const key = { 'idempotency-key': 'cancel-webinaire-2014-04' };
    const cancelled = await send(operator, `/api/gatherings/${WEBINAIRE}/cancel`, { reason: 'intervenant indisponible' }, { headers: key });
    const retry = await api.request<Accepted>('POST', `/api/gatherings/${WEBINAIRE}/cancel`, {
      token: operator,
      body: { reason: 'intervenant indisponible' },
      headers: key,
    });
    expect([retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([200, cancelled, 'true']);
    expect(await get<Attendance>(catalyseur, `/api/gatherings/${WEBINAIRE}?minRevision=${cancelled.revision}`)).toMatchObject({
      status: 'cancelled',
      revision: cancelled.revision,
    });
    expect((await events.readStream(`gathering-${WEBINAIRE}`)).map((e) => e.type)).toEqual([
      'GatheringScheduled',
      'ParticipantRegistered',
      'GatheringCancelled',
    ]);
    await api.projected(cancelled.position);
    const network = await get<FeedPage>(catalyseur, '/api/feeds/network');
    expect(network.entries.at(-1)).toMatchObject({ kind: 'GatheringCancelled', data: { gatheringId: WEBINAIRE, status: 'cancelled' } });
    const before = (await events.headPosition()).toString();
    const after = await refused(
      catalyseur,
      'POST',
      `/api/gatherings/${WEBINAIRE}/register`,
      { participantId: 'cat-idf', name: 'Diane', organisation: 'Coordin’Actions', sphere: 'association' },
      422,
      'RULE_VIOLATED',
    );
    expect(after.message).toBe('a cancelled gathering accepts no command');
    expect((await events.headPosition()).toString()).toBe(before);
    expect((await get<Page<Attendance>>(catalyseur, '/api/gatherings?status=cancelled')).items.map((g) => g.gatheringId)).toEqual([WEBINAIRE]);
  });
});
