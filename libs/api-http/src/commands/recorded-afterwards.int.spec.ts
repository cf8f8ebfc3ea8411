/**
 * Creation commands dated in the past over HTTP (real SQLite files, real
 * projector, real HTTP): a gathering, a territory and a catalyseur recorded
 * after the fact give when they were scheduled, registered or joined
 * (`scheduledAt`, `registeredAt`, `joinedAt`: a date, or an instant written
 * back in UTC), now when absent; a time after the request is a 400, and a
 * later fact dated before that day a 422. No refusal changes the log.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

/** 10:00 in Paris on 15 July 2014. */
const NOW = '2014-07-15T08:00:00.000Z';

describe('HTTP api: gatherings, territories and catalyseurs recorded after the fact', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let operator: string;

  const dataOf = async (stream: string, index = 0): Promise<Record<string, unknown>> =>
    (await events.readStream(stream))[index]?.data as Record<string, unknown>;
  const head = async (): Promise<string> => (await events.headPosition()).toString();

  beforeAll(async () => {
    api = await startApi({ now: NOW });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => api.clock.set(NOW));

  const atelier = (id: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
    id,
    kind: 'atelier',
    theme: 'Enjeux et pratiques de co-construction en territoire',
    date: '2014-06-26',
    place: 'LH Forum, Le Havre',
    ...more,
  });

  it('a past gathering: scheduled at the time given, then held on its past date; without it, its date is refused', async () => {
    await send(operator, '/api/gatherings', atelier('lh-forum-2014', { scheduledAt: '2014-05-02T10:00:00+02:00' }), 201);
    const held = await send(operator, '/api/gatherings/lh-forum-2014/hold', { heldOn: '2014-06-26' });
    // The instant is written in UTC, as the api writes every time; the date held stays as given.
    expect(await dataOf('gathering-lh-forum-2014')).toMatchObject({ date: '2014-06-26', scheduledAt: '2014-05-02T08:00:00.000Z' });
    expect(await get(operator, `/api/gatherings/lh-forum-2014?minRevision=${held.revision}`)).toMatchObject({
      status: 'held',
      heldOn: '2014-06-26',
      scheduledAt: '2014-05-02T08:00:00.000Z',
    });

    // A date is kept as given; today (in Paris) and now are not in the future.
    await send(operator, '/api/gatherings', atelier('atelier-date', { scheduledAt: '2014-05-02' }), 201);
    expect(await dataOf('gathering-atelier-date')).toMatchObject({ scheduledAt: '2014-05-02' });
    await send(operator, '/api/gatherings', atelier('atelier-today', { date: '2014-07-15', scheduledAt: '2014-07-15' }), 201);
    await send(operator, '/api/gatherings', atelier('atelier-now', { date: '2014-07-15', scheduledAt: '2014-07-15T10:00:00+02:00' }), 201);
    expect(await dataOf('gathering-atelier-now')).toMatchObject({ scheduledAt: NOW });
    // Absent: now.
    await send(operator, '/api/gatherings', atelier('atelier-later', { date: '2014-09-26' }), 201);
    expect(await dataOf('gathering-atelier-later')).toMatchObject({ scheduledAt: NOW });

    const before = await head();
    expect((await refused(operator, 'POST', '/api/gatherings', atelier('atelier-past'), 422, 'RULE_VIOLATED')).message).toBe(
      'the date of the gathering (2014-06-26) cannot be earlier than its scheduling (2014-07-15)',
    );
    expect((await refused(operator, 'POST', '/api/gatherings', atelier('atelier-early', { scheduledAt: '2014-06-27' }), 422, 'RULE_VIOLATED')).message).toBe(
      'the date of the gathering (2014-06-26) cannot be earlier than its scheduling (2014-06-27)',
    );
    expect(
      (await refused(operator, 'POST', '/api/gatherings/atelier-date/reschedule', { date: '2014-05-01', reason: 'x' }, 422, 'RULE_VIOLATED')).message,
    ).toBe('the new date (2014-05-01) cannot be earlier than the scheduling of the gathering (2014-05-02)');
    expect(await head()).toBe(before);
  });

  it('a time of scheduling in the future, or not a real date or instant, is a 400 naming the field', async () => {
    const before = await head();
    const tomorrow = await refused(
      operator,
      'POST',
      '/api/gatherings',
      atelier('atelier-x', { date: '2014-09-26', scheduledAt: '2014-07-16' }),
      400,
      'VALIDATION',
    );
    expect(tomorrow.message).toBe('scheduledAt cannot be in the future: 2014-07-16 is after today (2014-07-15)');
    expect(tomorrow.details?.map((d) => d.field)).toEqual(['scheduledAt']);
    const inASecond = await refused(
      operator,
      'POST',
      '/api/gatherings',
      atelier('atelier-x', { date: '2014-09-26', scheduledAt: '2014-07-15T10:00:01+02:00' }),
      400,
      'VALIDATION',
    );
    expect(inASecond.message).toBe(`scheduledAt cannot be in the future: 2014-07-15T10:00:01+02:00 is after now (${NOW})`);
    for (const scheduledAt of ['2014-02-30', '2014-05-02T10:00:00', '2014-05-02T24:00:00Z', 'hier', 20140502]) {
      const bad = await refused(operator, 'POST', '/api/gatherings', atelier('atelier-x', { date: '2014-09-26', scheduledAt }), 400, 'VALIDATION');
      expect(bad.details?.map((d) => d.field)).toEqual(['scheduledAt']);
    }
    expect(await head()).toBe(before);
  });

  it('"today" is the network’s: at 00:30 in Paris, the date of the day is not in the future', async () => {
    api.clock.set('2014-07-15T22:30:00.000Z');
    await send(operator, '/api/gatherings', atelier('atelier-midnight', { date: '2014-07-16', scheduledAt: '2014-07-16' }), 201);
    await refused(operator, 'POST', '/api/gatherings', atelier('atelier-y', { date: '2014-07-17', scheduledAt: '2014-07-17' }), 400, 'VALIDATION');
  });

  it('a territory registered at a past date: no diagnostic before that day', async () => {
    await send(operator, '/api/territories', { id: 'le-havre', name: 'Le Havre', typology: 'urbain', level: 'local', registeredAt: '2013-09-02' }, 201);
    expect(await dataOf('territory-le-havre')).toMatchObject({ registeredAt: '2013-09-02' });
    const diagnostic = (diagnosedOn: string): Record<string, unknown> => ({
      diagnosedOn,
      ratings: [{ domain: 'emploi', sphere: 'entreprise', priority: 'haute' }],
    });
    const before = await head();
    expect((await refused(operator, 'POST', '/api/territories/le-havre/record-diagnostic', diagnostic('2013-09-01'), 422, 'RULE_VIOLATED')).message).toBe(
      'the diagnostic (2013-09-01) cannot be earlier than the registration of the territory (2013-09-02)',
    );
    const future = await refused(
      operator,
      'POST',
      '/api/territories',
      { id: 'rouen', name: 'Rouen', typology: 'urbain', level: 'local', registeredAt: '2014-07-16T00:00:00Z' },
      400,
      'VALIDATION',
    );
    expect(future.details?.map((d) => d.field)).toEqual(['registeredAt']);
    expect(await head()).toBe(before);
    await send(operator, '/api/territories/le-havre/record-diagnostic', diagnostic('2013-09-02'));
  });

  it('a catalyseur who joined in the past, at the instant given (in UTC); a join in the future is a 400', async () => {
    const catalyseur = { name: 'Amélie Martin', sphere: 'collectivite', territory: 'ardeche', skills: ['mise_en_relation'] };
    await send(operator, '/api/catalyseurs', { id: 'amelie-martin', ...catalyseur, joinedAt: '2014-01-06T09:00:00+01:00' }, 201);
    expect(await dataOf('catalyseur-amelie-martin')).toMatchObject({ joinedAt: '2014-01-06T08:00:00.000Z' });
    const left = await send(operator, '/api/catalyseurs/amelie-martin/leave-network', { reason: 'mutation' });
    expect(await get(operator, `/api/catalyseurs/amelie-martin?minRevision=${left.revision}`)).toMatchObject({
      status: 'left',
      joinedAt: '2014-01-06T08:00:00.000Z',
      leftAt: NOW,
    });
    const before = await head();
    const future = await refused(operator, 'POST', '/api/catalyseurs', { id: 'paul-weiss', ...catalyseur, joinedAt: '2015-01-01' }, 400, 'VALIDATION');
    expect(future.message).toBe('joinedAt cannot be in the future: 2015-01-01 is after today (2014-07-15)');
    expect(await head()).toBe(before);
  });
});
