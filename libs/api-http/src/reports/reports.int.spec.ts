/**
 * `POST /api/reports` on a subject that does not exist: 404 NOT_FOUND after the access check and the
 * validation, and nothing written (real api, real HTTP, real stores). The harness has no job queue: a report
 * on an existing subject goes past the check and stops at the queue (503, nothing written either).
 */
import type { CommandHandler } from '@catalyse/commands';
import { AGGREGATES } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import express, { type Request } from 'express';
import { API_COMMAND_HANDLER } from '../commands/commands';
import { formatAccepted } from './reports.controller';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

describe('POST /api/reports: the subject exists, or nothing is recorded', () => {
  let api: ApiHarness;
  let operator: string;
  let partner: string;
  const head = (): Promise<bigint> => api.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    partner = api.token({ sub: 'ana', role: 'partner', org: 'asso-1' });
    const created = await Promise.all([
      api.request('POST', '/api/territories', {
        token: operator,
        body: { id: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes' },
      }),
      api.request('POST', '/api/partnerships', {
        token: partner,
        body: {
          id: 'flda-cg-ardeche',
          title: 'Lire en Ardèche',
          // A territory only partnerships name (never registered): a batch of it is a batch of something.
          territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
          partners: [
            { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
            { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
          ],
          modes: ['mecenat'],
        },
      }),
    ]);
    expect(created.map((answer) => answer.status)).toEqual([201, 201]);
    const position = (created[1]?.body as { position: number }).position;
    await api.projected(position);
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    [{ kind: 'territory', id: 'nowhere-zz' }, 'territory nowhere-zz not found'],
    [{ kind: 'experimentation', id: 'charenton-saint-maurice' }, 'experimentation charenton-saint-maurice not found'],
    [{ kind: 'partnership', id: 'ardeche' }, 'partnership ardeche not found'],
    [{ kind: 'territory', id: 'flda-cg-ardeche', asOf: '2012-12-31' }, 'territory flda-cg-ardeche not found'],
    [{ kind: 'partnership', territory: 'nowhere-zz' }, 'territory nowhere-zz not found'],
    [{ kind: 'partnership', territory: 'nowhere-zz', year: 2012 }, 'territory nowhere-zz not found'],
  ])('%j: 404 NOT_FOUND « %s », and the log head does not move', async (body, message) => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([404, 'NOT_FOUND', message]);
    expect(await head()).toBe(before);
  });

  it('refuses in order: 403 before anything, 400 before 404', async () => {
    const forbidden = await api.request<ErrorBody>('POST', '/api/reports', { token: partner, body: { kind: 'territory', id: 'nowhere-zz' } });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
    const invalid = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body: { kind: 'territory', id: 'nowhere-zz', clock: 'x' } });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION']);
  });

  it.each([
    ['2099-01-01', 'a date after today'],
    ['2099-01-01T00:00:00Z', 'an instant after now'],
  ])('refuses a report as of %s (%s): a report states what was, never the future; nothing written', async (asOf) => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body: { kind: 'territory', id: 'ardeche', asOf } });
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
    expect(answer.body.message).toMatch(new RegExp(`^asOf cannot be in the future: ${asOf} is after (today|now)`));
    expect(await head()).toBe(before);
  });

  it('refuses a batch of a year not come yet (« actifs en 2026 » in 2025 would state today’s partnerships as its own); nothing written', async () => {
    const before = await head();
    // The api's clock is the harness's: 6 January 2025.
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body: { kind: 'partnership', territory: 'ardeche', year: 2026 } });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([400, 'VALIDATION', 'year cannot be in the future: 2026 is after this year (2025)']);
    expect(await head()).toBe(before);
  });

  it.each([
    [{ kind: 'territory', id: 'ardeche' }],
    [{ kind: 'partnership', id: 'flda-cg-ardeche', asOf: '2012-12-31' }],
    [{ kind: 'partnership', territory: 'ardeche' }],
    [{ kind: 'partnership', territory: 'grand-lyon', year: 2012 }],
    [{ kind: 'partnership', year: 2012 }],
  ])('%j exists: past the check (503 here, without a job queue), still nothing written', async (body) => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body });
    expect([answer.status, answer.body.code]).toEqual([503, 'UNAVAILABLE']);
    expect(await head()).toBe(before);
  });

  it('a failed report: its reason in the list, and its download a 409 in English only', async () => {
    // As the report job fails one (here by hand: the harness runs no job).
    const handler = api.app.get<CommandHandler>(API_COMMAND_HANDLER);
    const { decider, streamOf } = AGGREGATES.report;
    const context = { actor: 'report-job', correlationId: 'c-failed', occurredAt: '2025-01-06T09:00:00.000Z' };
    const reason = 'le territoire ardeche n’existe pas au 2009-12-31';
    await handler.handle(
      decider,
      streamOf('r-failed'),
      {
        type: 'RequestReport',
        data: {
          reportId: 'r-failed',
          kind: 'territory',
          selection: { scope: 'one', id: 'ardeche' },
          asOf: { time: '2009-12-31', clock: 'happened' },
          requestedBy: 'op-1',
          requestedAt: context.occurredAt,
        },
      },
      context,
    );
    const failed = await handler.handle(decider, streamOf('r-failed'), { type: 'FailReport', data: { reason, failedAt: context.occurredAt } }, context);
    await api.projected(failed.position);

    // The list the console shows carries the reason (in French, the job's words).
    const list = await api.request<{ items: { id: string; status: string; reason?: string }[] }>('GET', '/api/reports?status=failed', { token: operator });
    expect(list.body.items.map(({ id, status, reason: why }) => ({ id, status, reason: why }))).toEqual([{ id: 'r-failed', status: 'failed', reason }]);
    const download = await api.request<ErrorBody>('GET', '/api/reports/r-failed/download?format=html', { token: operator });
    expect([download.status, download.body.code, download.body.message]).toEqual([409, 'CONFLICT', 'report r-failed failed: there is nothing to download']);
    const archive = await api.request<ErrorBody>('GET', '/api/reports/r-failed/archive', { token: operator });
    expect([archive.status, archive.body.code, archive.body.message]).toEqual([409, 'CONFLICT', 'report r-failed failed: there is nothing to download']);

    // The list as CSV, as every list answers it.
    const csv = await fetch(`${api.url}/api/reports?status=failed`, { headers: { authorization: `Bearer ${operator}`, accept: 'text/csv' } });
    expect([csv.status, csv.headers.get('content-type'), csv.headers.get('x-total-count')]).toEqual([200, 'text/csv; charset=utf-8', '1']);
    const [header, row] = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(',')).toEqual(expect.arrayContaining(['id', 'status', 'reason']));
    expect(row).toContain('r-failed');
  });

  it('refuses a batch whose year its asOf has not reached (400 on year); nothing written', async () => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, body: { kind: 'partnership', year: 2015, asOf: '2012-12-31' } });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([
      400,
      'VALIDATION',
      'year cannot be after the year of asOf: partnerships active in 2015 cannot be read as of 2012-12-31',
    ]);
    expect(await head()).toBe(before);
  });

  it('refuses a clock without the date it reads (400 on clock), as the as-of reads; nothing written', async () => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', {
      token: operator,
      body: { kind: 'partnership', id: 'flda-cg-ardeche', clock: 'recorded' },
    });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: 'clock', messages: ['clock is given with asOf only'] }],
    ]);
    expect(await head()).toBe(before);
  });
});

describe('formatAccepted: the format of a download without ?format=, from Accept', () => {
  const request = (accept?: string): Pick<Request, 'accepts' | 'headers'> =>
    Object.assign(Object.create(express.request) as Request, { headers: accept === undefined ? {} : { accept } });

  it('weighs quality values, and answers JSON by default or when none of the three is named', () => {
    expect(formatAccepted(request('text/csv;q=0.1, text/html;q=0.9'))).toBe('html');
    expect(formatAccepted(request('text/html;q=0.2, text/csv'))).toBe('csv');
    expect(formatAccepted(request('text/html'))).toBe('html');
    expect(formatAccepted(request())).toBe('json');
    expect(formatAccepted(request('*/*'))).toBe('json');
    expect(formatAccepted(request('application/pdf'))).toBe('json');
    expect(formatAccepted(request('text/html;q=0'))).toBe('json');
    expect(formatAccepted(request('text/*;q=0, text/csv;q=0.3'))).toBe('csv');
  });

  it('refuses (NOT_ACCEPTABLE) an Accept that gives each of the three q=0, by its type or a wildcard', () => {
    for (const accept of ['text/html;q=0, application/json;q=0, text/csv;q=0', '*/*;q=0', 'text/*;q=0,application/*;q=0']) {
      expect(() => formatAccepted(request(accept))).toThrow(expect.objectContaining({ code: 'NOT_ACCEPTABLE' }));
    }
  });
});

describe('POST /api/reports with an Idempotency-Key: one key, one request', () => {
  let api: ApiHarness;
  let jobs: InProcessJobQueue;
  let operator: string;

  beforeAll(async () => {
    // A real queue in this process, with no worker: the requests are recorded and queued, never built here.
    jobs = new InProcessJobQueue();
    api = await startApi({ jobs });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const territory = await api.request('POST', '/api/territories', {
      token: operator,
      body: { id: 'alsace', name: 'Alsace', typology: 'urbain', level: 'departemental', region: 'Grand Est' },
    });
    expect(territory.status).toBe(201);
  });
  afterAll(async () => {
    await api.close();
    await jobs.close();
  });

  it('a retry answers the first report; the key on another subject or date is 409 CONFLICT, nothing recorded', async () => {
    const ask = (body: object, key: string) =>
      api.request<{ id: string } & ErrorBody>('POST', '/api/reports', { token: operator, body, headers: { 'idempotency-key': key } });
    const first = await ask({ kind: 'territory', id: 'alsace' }, 'k-1');
    expect(first.status).toBe(202);
    const retry = await ask({ kind: 'territory', id: 'alsace' }, 'k-1');
    expect([retry.status, retry.body.id, retry.headers.get('idempotent-replayed')]).toEqual([202, first.body.id, 'true']);

    const head = await api.app.get<EventStore>(EVENT_STORE).headPosition();
    for (const body of [
      { kind: 'territory', id: 'alsace', asOf: '2015-01-01' },
      { kind: 'partnership', territory: 'alsace', year: 2014 },
      { kind: 'territory', id: 'alsace', asOf: '2015-01-01', clock: 'recorded' },
    ]) {
      const other = await ask(body, 'k-1');
      expect({ body, status: other.status, code: other.body.code, message: other.body.message }).toEqual({
        body,
        status: 409,
        code: 'CONFLICT',
        message: 'Idempotency-Key k-1 was already used for another report: send this one with a new key',
      });
    }
    expect(await api.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(head);
    const fresh = await ask({ kind: 'partnership', territory: 'alsace', year: 2014 }, 'k-2');
    expect(fresh.status).toBe(202);
    expect(fresh.body.id).not.toBe(first.body.id);
    // A report id the client chose is its own: taken again under another key, the report says it exists (the key
    // was never used, the idempotency refusal would be untrue).
    expect((await ask({ kind: 'territory', id: 'alsace', reportId: 'r-own' }, 'k-3')).status).toBe(202);
    const taken = await ask({ kind: 'territory', id: 'alsace', asOf: '2015-01-01', reportId: 'r-own' }, 'k-4');
    expect(taken.status).toBe(409);
    expect(taken.body.message).not.toContain('Idempotency-Key');
  });

  it('lists reports the newest first, whatever their ids, in pages', async () => {
    const asked: string[] = [];
    for (const [reportId, at] of [
      ['z-first', '2025-02-01T09:00:00.000Z'],
      ['a-second', '2025-02-01T10:00:00.000Z'],
      ['m-third', '2025-02-02T08:00:00.000Z'],
    ] as const) {
      api.clock.set(at);
      const answer = await api.request<{ position: number }>('POST', '/api/reports', { token: operator, body: { kind: 'territory', id: 'alsace', reportId } });
      expect(answer.status).toBe(202);
      asked.push(reportId);
    }
    const page = async (query: string): Promise<string[]> =>
      (await api.request<{ items: { id: string }[] }>('GET', `/api/reports?${query}`, { token: operator })).body.items.map((r) => r.id);
    await api.projected(Number((await api.app.get<EventStore>(EVENT_STORE).headPosition()).toString()));
    expect((await page('limit=100')).filter((id) => asked.includes(id))).toEqual(['m-third', 'a-second', 'z-first']);
    expect(await page('limit=2&kind=territory')).toEqual(['m-third', 'a-second']);
    expect((await page('limit=2&offset=2&kind=territory'))[0]).toBe('z-first');
  });
});
