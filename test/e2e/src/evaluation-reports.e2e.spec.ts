/**
 * Evaluation reports on the demo network, end to end (all-in-one, SQLite,
 * in-process jobs): an operator asks for the FLDA × Conseil général de
 * l'Ardèche report over HTTP and follows its progress live in the `ops` feed
 * with the hub's client (`@catalyse/client`), then downloads it in the three formats; the same
 * partnership as of the end of its first cycle differs from today's; a batch
 * (every partnership of a territory) shows its progress n/N and an index. The
 * CLI writes the same report to a file. Refusals first.
 */
import type { FeedEntry } from '@catalyse/protocol';
import { expectStatus, HttpClient, HubClient, mintToken, type RunningService, runOps, startService, tempDataDir } from '@catalyse/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(240_000);

const FLDA = 'flda-cg-ardeche';

interface Accepted {
  readonly id: string;
  readonly status: string;
  readonly download: string;
  readonly feed: string;
}

interface ReportView {
  readonly id: string;
  readonly status: string;
  readonly progress?: { done: number; total: number; percent: number };
  readonly items?: { item: string; title: string }[];
  readonly downloads: Record<string, string>;
  readonly reason?: string;
}

interface PartnershipJson {
  readonly kind: string;
  readonly asOf?: { time: string; clock: string };
  readonly data: {
    phase: string;
    cycle: number;
    cycles: { cycle: number; milestones: unknown[]; committees: unknown[]; conclusion?: { decision: string } }[];
    life: { committees: number; outcome: string; counts: { planned: number } };
  };
  readonly document: { title: string };
}

const entriesOf = (client: HubClient, reportId: string): FeedEntry[] =>
  client.entries('ops').filter((entry) => (entry.data as { reportId?: string } | undefined)?.reportId === reportId);

describe('evaluation reports', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;
  let client: HubClient | undefined;

  afterAll(async () => {
    client?.close();
    await service?.stop();
    data.remove();
  });

  it('builds reports as jobs with their progress in the ops feed, kept in three formats, as of a date, one or a batch', async () => {
    const env = { DATA_DIR: data.dir };
    expect((await runOps(['demo'], env)).code).toBe(0);
    service = await startService('all-in-one', { dataDir: data.dir });
    const [operatorToken, catalyseurToken, partnerToken] = await Promise.all([
      mintToken(data.dir, { sub: 'op-reports', role: 'operator' }),
      mintToken(data.dir, { sub: 'catalyseur-001', role: 'catalyseur' }),
      mintToken(data.dir, { sub: 'marie', role: 'partner', org: 'flda' }),
    ]);
    const ops = new HttpClient(service.url, operatorToken);
    const catalyseur = new HttpClient(service.url, catalyseurToken);
    const partner = new HttpClient(service.url, partnerToken);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const health = await ops.get<{ details?: { projector?: { lag?: string } } }>('/api/health');
      if (health.status === 200 && health.body.details?.projector?.lag === '0') break;
      if (Date.now() > deadline) throw new Error(`the projector did not catch up: ${JSON.stringify(health.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Refusals: only operators ask, partners read nothing, bad input is a 400, an unknown report a 404.
    expect(expectStatus(await partner.post('/api/reports', { kind: 'partnership', id: FLDA }), 403)).toMatchObject({ code: 'FORBIDDEN' });
    expect(expectStatus(await catalyseur.post('/api/reports', { kind: 'partnership', id: FLDA }), 403)).toMatchObject({ code: 'FORBIDDEN' });
    expect(expectStatus(await partner.get('/api/reports'), 403)).toMatchObject({ code: 'FORBIDDEN' });
    for (const body of [
      { kind: 'room', id: FLDA },
      { kind: 'partnership' },
      { kind: 'partnership', id: FLDA, territory: 'ardeche' },
      { kind: 'territory', year: 2012 },
      { kind: 'partnership', id: FLDA, asOf: '2012-02-30' },
      { kind: 'partnership', id: FLDA, clock: 'written' },
      { kind: 'partnership', id: FLDA, everything: true },
      { kind: 'partnership', id: 'has space' },
    ]) {
      expect({ body, answer: expectStatus(await ops.post('/api/reports', body), 400) }).toMatchObject({ body, answer: { code: 'VALIDATION' } });
    }
    expect(expectStatus(await ops.get('/api/reports/no-such-report'), 404)).toMatchObject({ code: 'NOT_FOUND' });
    expect(expectStatus(await ops.get('/api/reports/no-such-report/download?format=html'), 404)).toMatchObject({ code: 'NOT_FOUND' });
    expect(expectStatus(await ops.get(`/api/reports/x/download?format=pdf`), 400)).toMatchObject({ code: 'VALIDATION' });

    // An operator in the ops room sees the job's progress as it runs.
    client = await HubClient.connect(service.url, operatorToken);
    // A long feed: from the hub's snapshot of its latest entries, as the console reads it.
    await client.join('ops', { history: 'latest' });

    const today = expectStatus(await ops.post<Accepted>('/api/reports', { kind: 'partnership', id: FLDA }), 202);
    expect(today).toMatchObject({ status: `/api/reports/${today.id}`, feed: 'ops' });
    const live = client;
    await live.waitUntil(() => entriesOf(live, today.id).some((e) => e.kind === 'ReportCompleted'), 'the report completed in the ops feed', 60_000);
    const todayEntries = entriesOf(live, today.id);
    expect(todayEntries.map((e) => e.kind)).toEqual(['ReportRequested', 'ReportProgressed', 'ReportProgressed', 'ReportCompleted']);
    expect(todayEntries[2]?.data).toMatchObject({ done: 1, total: 1, percent: 100, status: 'running' });
    expect(todayEntries[3]?.data).toMatchObject({ status: 'completed', formats: ['json', 'csv', 'html'], download: `/api/reports/${today.id}/download` });

    const view = expectStatus(await catalyseur.get<ReportView>(today.status), 200);
    expect(view).toMatchObject({ id: today.id, status: 'completed', progress: { done: 1, total: 1, percent: 100 }, items: [{ item: FLDA }] });
    expect(Object.keys(view.downloads).sort()).toEqual(['csv', 'html', 'json']);

    // Downloads in the three formats, by `format` or by `Accept`.
    const html = await catalyseur.get<string>(`/api/reports/${today.id}/download?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-disposition')).toBe(`attachment; filename="rapport-partenariat-${FLDA}.html"`);
    expect(html.body).toContain('<html lang="fr">');
    expect(html.body).toContain('Rapport d’évaluation du partenariat « Projet-programme pour le maintien à domicile des personnes âgées en Ardèche »');
    expect(html.body).toContain('16 novembre 2009');
    const csv = await ops.get<string>(`/api/reports/${today.id}/download`, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('Jalons prévus;3');
    const current = expectStatus(await ops.get<PartnershipJson>(`/api/reports/${today.id}/download?format=json`), 200);
    expect(current.data).toMatchObject({ phase: 'pilotage', cycle: 2, life: { committees: 2, outcome: 'renouvele' } });

    // As of the end of the first cycle: the second had not begun its pilotage, its committee was not held.
    const asOf = expectStatus(await ops.post<Accepted>('/api/reports', { kind: 'partnership', id: FLDA, asOf: '2012-12-31' }), 202);
    await live.waitUntil(() => entriesOf(live, asOf.id).some((e) => e.kind === 'ReportCompleted'), 'the as-of report completed', 60_000);
    const then = expectStatus(await ops.get<PartnershipJson>(`/api/reports/${asOf.id}/download?format=json`), 200);
    expect(then.asOf).toEqual({ time: '2012-12-31', clock: 'happened' });
    expect(then.data).toMatchObject({ phase: 'cadrage', cycle: 2, life: { committees: 1, counts: { planned: 2 } } });
    expect(then.data.cycles[0]?.conclusion).toEqual({ decision: 'renouveler', concludedOn: '2012-12-14' });
    expect(then.data.cycles[1]).toMatchObject({ milestones: [], committees: [] });
    expect(then.data).not.toEqual(current.data);
    const thenHtml = await ops.get<string>(`/api/reports/${asOf.id}/download?format=html`);
    expect(thenHtml.headers.get('content-disposition')).toBe(`attachment; filename="rapport-partenariat-${FLDA}-au-2012-12-31.html"`);
    expect(thenHtml.body).toContain('au 31 décembre 2012 (selon la date des faits)');

    // A report on something that does not exist is refused at once (404), nothing recorded; on something that did
    // not exist yet at its date, it fails, with its reason (in French), in the feed too.
    expect(expectStatus(await ops.post('/api/reports', { kind: 'experimentation', id: 'nulle-part' }), 404)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'experimentation nulle-part not found',
    });
    const missing = expectStatus(await ops.post<Accepted>('/api/reports', { kind: 'partnership', id: FLDA, asOf: '2000-01-01' }), 202);
    await live.waitUntil(() => entriesOf(live, missing.id).some((e) => e.kind === 'ReportFailed'), 'the failed report in the ops feed', 60_000);
    expect(expectStatus(await ops.get<ReportView>(missing.status), 200)).toMatchObject({
      status: 'failed',
      reason: `le partenariat ${FLDA} n’existe pas au 1er janvier 2000`,
    });
    expect(expectStatus(await ops.get(`/api/reports/${missing.id}/download`), 409)).toMatchObject({
      code: 'CONFLICT',
      message: `report ${missing.id} failed: there is nothing to download`,
    });

    // A batch: every partnership of the demo's Alsace, progress n/N, one report each and an index.
    const batch = expectStatus(await ops.post<Accepted>('/api/reports', { kind: 'partnership', territory: 'alsace' }), 202);
    await live.waitUntil(() => entriesOf(live, batch.id).some((e) => e.kind === 'ReportCompleted'), 'the batch completed', 120_000);
    const progressed = entriesOf(live, batch.id)
      .filter((e) => e.kind === 'ReportProgressed')
      .map((e) => e.data as { done: number; total: number; percent: number });
    const total = progressed[0]?.total ?? 0;
    expect(total).toBeGreaterThan(1);
    expect(progressed[progressed.length - 1]).toMatchObject({ done: total, total, percent: 100 });
    expect(progressed.map((p) => p.done)).toEqual([...progressed.map((p) => p.done)].sort((a, b) => a - b));
    const batchView = expectStatus(await ops.get<ReportView>(batch.status), 200);
    expect(batchView.items).toHaveLength(total - 1);
    const index = await ops.get<string>(`/api/reports/${batch.id}/download?format=html`);
    expect(index.headers.get('content-disposition')).toBe('attachment; filename="rapports-partenariats-alsace.html"');
    expect(index.body).toContain('Rapports d’évaluation des partenariats du territoire « Alsace »');
    const first = batchView.items?.[0]?.item ?? '';
    const one = expectStatus(await ops.get<PartnershipJson>(`/api/reports/${batch.id}/download?format=json&item=${first}`), 200);
    expect(one.kind).toBe('partnership');

    // The list, with its total.
    const list = expectStatus(await catalyseur.get<{ items: { id: string; status: string }[]; total: number }>('/api/reports?status=completed&limit=2'), 200);
    expect(list.total).toBe(3);
    expect(list.items).toHaveLength(2);

    // The CLI writes the same report to a file (the service keeps running on the same data).
    const out = join(data.dir, 'flda.html');
    const cli = await runOps(['report', '--kind', 'partnership', '--id', FLDA, '--as-of', '2012-12-31', '--format', 'html', '--out', out], env);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain('établi');
    const written = readFileSync(out, 'utf8');
    expect(written).toContain('au 31 décembre 2012 (selon la date des faits)');
    const refused = await runOps(['report', '--kind', 'partnership', '--id', FLDA, '--territory', 'ardeche'], env);
    expect(refused.code).not.toBe(0);
  });
});
