/**
 * As-of reads what was, never a forecast (real SQLite files, real projector,
 * real HTTP): every as-of read — the single read of every aggregate kind, the
 * partnership board, the observatory — refuses an `asOf` after the api's
 * clock as evaluation reports do (400 VALIDATION on `asOf`: a date after today
 * in the network's time zone, an instant after now) and changes nothing;
 * today, and any instant up to now, are read. `?position=` beyond the head is
 * not a time and is left alone.
 */
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Board {
  readonly revision: number;
  readonly lateMilestones: number;
  readonly lateAsOf: string;
  readonly milestones: readonly { readonly title: string; readonly late: boolean }[];
  readonly cut?: { readonly time?: string };
}

interface Answer {
  readonly asOf: string;
  readonly subjects: number;
}

const NOW = '2025-03-01T09:00:00.000Z'; // 10:00 in Paris: today is 2025-03-01
const KINDS = [
  'partnerships',
  'rooms',
  'catalyseurs',
  'gatherings',
  'territories',
  'introductions',
  'experimentations',
  'parcours',
  'organisations',
  'accompaniments',
];

describe('as-of is never in the future (HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  let id = '';
  const { send, get } = httpSteps(() => api);

  /** A refused as-of read: 400 VALIDATION, its one fault on `asOf`, in the words of evaluation reports. */
  async function refusedAsOf(path: string, message: string): Promise<void> {
    const answer = await api.request<ErrorBody>('GET', path, { token: operator });
    expect({ path, status: answer.status, code: answer.body.code, message: answer.body.message, details: answer.body.details }).toEqual({
      path,
      status: 400,
      code: 'VALIDATION',
      message,
      details: [{ field: 'asOf', messages: [message] }],
    });
  }

  beforeAll(async () => {
    api = await startApi({ now: NOW });
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cat-1']);
    const proposed = await send(
      catalyseur,
      '/api/partnerships',
      {
        title: 'Partenariat au présent',
        territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-a', name: 'Association', sphere: 'association' },
          { orgId: 'ent-a', name: 'Entreprise', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: '2025-01-10',
      },
      201,
    );
    id = proposed.id;
    const planned = await send(catalyseur, `/api/partnerships/${id}/plan-milestone`, { milestoneId: 'm1', title: 'Bilan', dueDate: '2025-04-15' });
    await api.projected(planned.position);
  });
  afterAll(async () => {
    await api.close();
  });

  it('the single read of every aggregate kind refuses a date after today and an instant after now, with the words of reports', async () => {
    for (const kind of KINDS) {
      await refusedAsOf(`/api/${kind}/nothing-here?asOf=2099-01-01`, 'asOf cannot be in the future: 2099-01-01 is after today (2025-03-01)');
      await refusedAsOf(`/api/${kind}/nothing-here?asOf=2025-03-02`, 'asOf cannot be in the future: 2025-03-02 is after today (2025-03-01)');
      await refusedAsOf(
        `/api/${kind}/nothing-here?asOf=2025-03-01T09:00:00.001Z&clock=recorded`,
        `asOf cannot be in the future: 2025-03-01T09:00:00.001Z is after now (${NOW})`,
      );
      // Today, and now itself, are read: nothing of it existed then (404), not a refusal of the time.
      for (const asOf of ['2025-03-01', encodeURIComponent('2025-03-01T10:00:00+01:00')]) {
        const missing = await api.request<ErrorBody>('GET', `/api/${kind}/nothing-here?asOf=${asOf}`, { token: operator });
        expect([kind, asOf, missing.status, missing.body.code]).toEqual([kind, asOf, 404, 'NOT_FOUND']);
      }
    }
  });

  it('the single read of every aggregate kind refuses minRevision with a cut (it waits for the live document only)', async () => {
    for (const kind of KINDS) {
      for (const cut of ['asOf=2025-03-01', 'position=1']) {
        const answer = await api.request<ErrorBody>('GET', `/api/${kind}/nothing-here?${cut}&minRevision=3`, { token: operator });
        expect([kind, cut, answer.status, answer.body.code, answer.body.details]).toEqual([
          kind,
          cut,
          400,
          'VALIDATION',
          [{ field: 'minRevision', messages: ['minRevision is given without asOf and position only'] }],
        ]);
      }
    }
  });

  it('the board: a future asOf is refused (no forecast of late milestones) and changes nothing; today is read', async () => {
    const live = await api.request<Board>('GET', `/api/partnerships/${id}`, { token: operator });
    const events = await get<{ items: unknown[] }>(operator, `/api/partnerships/${id}/events`);
    expect(live.body).toMatchObject({ lateMilestones: 0, lateAsOf: '2025-03-01' });

    await refusedAsOf(`/api/partnerships/${id}?asOf=2099-01-01`, 'asOf cannot be in the future: 2099-01-01 is after today (2025-03-01)');
    await refusedAsOf(
      `/api/partnerships/${id}?asOf=${encodeURIComponent('2099-01-01T00:00:00+01:00')}&position=0`,
      `asOf cannot be in the future: 2099-01-01T00:00:00+01:00 is after now (${NOW})`,
    );

    const today = await get<Board>(operator, `/api/partnerships/${id}?asOf=2025-03-01`);
    expect(today).toMatchObject({ lateMilestones: 0, lateAsOf: '2025-03-01', cut: { time: '2025-03-01' }, milestones: [{ title: 'Bilan', late: false }] });
    expect((await get<Board>(operator, `/api/partnerships/${id}?asOf=${encodeURIComponent(NOW)}`)).revision).toBe(live.body.revision);
    // A position beyond the head is not a time: the board as it is.
    expect((await get<Board>(operator, `/api/partnerships/${id}?position=${Number.MAX_SAFE_INTEGER}`)).revision).toBe(live.body.revision);

    // Nothing else changed: the same board, the same events.
    const after = await api.request<Board>('GET', `/api/partnerships/${id}`, { token: operator });
    expect([after.status, after.headers.get('etag'), after.body]).toEqual([200, live.headers.get('etag'), live.body]);
    expect(await get<{ items: unknown[] }>(operator, `/api/partnerships/${id}/events`)).toEqual(events);
  });

  it('today is the network’s: a date is refused only once it is after today in its time zone', async () => {
    api.clock.set('2025-03-01T23:30:00.000Z'); // already 2 March in Paris
    try {
      expect((await get<Board>(operator, `/api/partnerships/${id}?asOf=2025-03-02`)).lateAsOf).toBe('2025-03-02');
      await refusedAsOf(`/api/partnerships/${id}?asOf=2025-03-03`, 'asOf cannot be in the future: 2025-03-03 is after today (2025-03-02)');
    } finally {
      api.clock.set(NOW);
    }
  });

  it('the observatory: a section and a table refuse a future asOf; today is read', async () => {
    for (const path of ['/api/observatory/partnerships', '/api/observatory/partnerships/by_mode']) {
      await refusedAsOf(`${path}?asOf=2099-01-01`, 'asOf cannot be in the future: 2099-01-01 is after today (2025-03-01)');
      await refusedAsOf(`${path}?asOf=2025-03-01T09:00:01Z`, `asOf cannot be in the future: 2025-03-01T09:00:01Z is after now (${NOW})`);
    }
    const today = await get<Answer>(operator, '/api/observatory/partnerships?asOf=2025-03-01');
    expect(today.subjects).toBe(1);
    expect((await get<Answer>(operator, `/api/observatory/partnerships/by_mode?asOf=${encodeURIComponent(NOW)}`)).subjects).toBe(1);
    expect((await get<Answer>(operator, '/api/observatory/partnerships')).subjects).toBe(1);
  });
});
