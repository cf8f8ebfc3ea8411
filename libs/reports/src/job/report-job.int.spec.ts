import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { AGGREGATES, EVENT_SCHEMAS, reportDecider, reportStream, type RequestReport } from '@catalyse/domain';
import { type EventStore, readWholeStream, withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { MemoryReportStore } from '../testing/memory-report-store';
import { type ReportJobResult, reportJobHandler } from './report-job';

/**
 * A batch of a territory's partnerships: a territory that does not exist fails
 * the job with the reason the territory's own report gives, rather than
 * producing an empty report; a territory that exists without partnerships
 * gives an empty batch.
 */
describe('the report job, for the batch of a territory', () => {
  let dir: string;
  let raw: SqliteEventStore;
  let events: EventStore;
  let commands: CommandHandler;
  let reports: MemoryReportStore;
  const meta = (id: string) => ({ actor: 'op-1', correlationId: id, occurredAt: '2026-01-01T10:00:00.000Z' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-report-job-'));
    raw = SqliteEventStore.open({ file: join(dir, 'events.db') });
    events = withUpcasting(raw, EVENT_SCHEMAS);
    commands = new CommandHandler(events);
    reports = new MemoryReportStore();
    await commands.handle(
      AGGREGATES.territory.decider,
      AGGREGATES.territory.streamOf('ardeche'),
      {
        type: 'RegisterTerritory',
        data: {
          territoryId: 'ardeche',
          name: 'Ardèche',
          typology: 'rural',
          level: 'departemental',
          region: 'Auvergne-Rhône-Alpes',
          registeredAt: '2010-01-01',
        },
      },
      meta('territory'),
    );
  });
  afterEach(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function batchOf(territory: string, asOf?: string, one?: 'territory', clock: 'happened' | 'recorded' = 'happened'): Promise<ReportJobResult> {
    const reportId = `r-${territory}`;
    const data: RequestReport['data'] = {
      reportId,
      kind: one ?? 'partnership',
      selection: one ? { scope: 'one', id: territory } : { scope: 'batch', territory },
      ...(asOf ? { asOf: { time: asOf, clock } } : {}),
      requestedBy: 'op-1',
      requestedAt: '2026-01-01T10:00:00.000Z',
    };
    await commands.handle(reportDecider, reportStream(reportId), { type: 'RequestReport', data }, meta(reportId));
    const run = reportJobHandler({ events, readModels: { findDocs: async () => [] }, commands, reports, timeZone: 'Europe/Paris' });
    return run({ id: reportId, name: 'report', data: { reportId }, attempt: 1, progress: async () => undefined });
  }

  it('fails with « le territoire nowhere n’existe pas » for a territory that does not exist, and keeps no file', async () => {
    const result = await batchOf('nowhere');
    expect(result).toEqual({ reportId: 'r-nowhere', status: 'failed', items: 0, reason: 'le territoire nowhere n’existe pas' });
    expect(await reports.list('r-nowhere')).toEqual([]);
    const { state } = await commands.load(reportDecider, reportStream('r-nowhere'));
    expect(state).toMatchObject({ status: 'failed', reason: 'le territoire nowhere n’existe pas' });
  });

  it('fails for a territory registered after the date asked for, with that date', async () => {
    const result = await batchOf('ardeche', '2009-12-31');
    expect(result).toMatchObject({ status: 'failed', reason: 'le territoire ardeche n’existe pas au 31 décembre 2009' });
  });

  it('on the recorded clock, says the territory did not exist by what was recorded then (it may have by the facts)', async () => {
    const result = await batchOf('ardeche', '2009-12-31', undefined, 'recorded');
    expect(result).toMatchObject({ status: 'failed', reason: 'le territoire ardeche n’existe pas au 31 décembre 2009 selon ce qui était enregistré' });
  });

  /** The progress messages the report's stream records. */
  async function messages(reportId: string): Promise<string[]> {
    const found: string[] = [];
    for await (const event of readWholeStream(events, reportStream(reportId))) {
      if (event.type === 'ReportProgressed') found.push((event.data as { message: string }).message);
    }
    return found;
  }

  it('says its progress by names and titles, not ids; a refusal’s date in French', async () => {
    await batchOf('ardeche');
    const said = await messages('r-ardeche');
    expect(said[0]).toBe('0 partenariat du territoire « Ardèche »');
    // Its end, for a batch of nothing: no « 0 rapport et leur index ».
    expect(said.at(-1)).toBe('aucun rapport ; seul l’index du lot a été établi');
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'catalyse-report-job-'));
    raw = SqliteEventStore.open({ file: join(dir, 'events.db') });
    events = withUpcasting(raw, EVENT_SCHEMAS);
    commands = new CommandHandler(events);
    await commands.handle(
      AGGREGATES.territory.decider,
      AGGREGATES.territory.streamOf('ardeche'),
      { type: 'RegisterTerritory', data: { territoryId: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', registeredAt: '2010-01-01' } },
      meta('territory'),
    );
    expect(await batchOf('ardeche', undefined, 'territory')).toMatchObject({ status: 'completed' });
    expect((await messages('r-ardeche'))[0]).toBe('rapport « Ardèche » : en cours');
    await commands.handle(
      reportDecider,
      reportStream('r-early'),
      {
        type: 'RequestReport',
        data: {
          reportId: 'r-early',
          kind: 'territory',
          selection: { scope: 'one', id: 'ardeche' },
          asOf: { time: '2009-01-01', clock: 'happened' },
          requestedBy: 'op-1',
          requestedAt: '2026-01-01T10:00:00.000Z',
        },
      },
      meta('r-early'),
    );
    const run = reportJobHandler({ events, readModels: { findDocs: async () => [] }, commands, reports, timeZone: 'Europe/Paris' });
    expect(await run({ id: 'r-early', name: 'report', data: { reportId: 'r-early' }, attempt: 1, progress: async () => undefined })).toMatchObject({
      status: 'failed',
      reason: 'le territoire ardeche n’existe pas au 1er janvier 2009',
    });
  });

  it('a territory’s report reads its catalyseurs and the parcours that enrolled it (found by their read models’ territory tag)', async () => {
    await commands.handle(
      AGGREGATES.catalyseur.decider,
      AGGREGATES.catalyseur.streamOf('cat-1'),
      {
        type: 'JoinNetwork',
        data: {
          catalyseurId: 'cat-1',
          name: 'Alice Martin',
          sphere: 'association',
          territory: 'ardeche',
          skills: ['mise_en_relation'],
          joinedAt: '2012-01-16',
        },
      },
      meta('cat-1'),
    );
    const parcours = AGGREGATES.parcours.streamOf('p1');
    await commands.handle(
      AGGREGATES.parcours.decider,
      parcours,
      { type: 'OpenParcours', data: { parcoursId: 'p1', title: 'Silver économie', startMonth: '2013-01', durationMonths: 9, openedOn: '2012-11-01' } },
      meta('p1-open'),
    );
    await commands.handle(
      AGGREGATES.parcours.decider,
      parcours,
      { type: 'EnrolPilotTerritory', data: { territoryId: 'ardeche', name: 'Ardèche', enrolledOn: '2012-11-15' } },
      meta('p1-enrol'),
    );
    // The read models as the projector keeps them: a catalyseur card's `id`, a parcours board's `parcoursId`.
    const readModels = {
      findDocs: async <T>(collection: string, filter: Readonly<Record<string, string>>): Promise<T[]> =>
        (filter['territory'] !== 'ardeche'
          ? []
          : collection === 'catalyseur'
            ? [{ id: 'cat-1' }]
            : collection === 'parcours'
              ? [{ parcoursId: 'p1' }]
              : []) as T[],
    };
    const reportId = 'r-territory';
    const data: RequestReport['data'] = {
      reportId,
      kind: 'territory',
      selection: { scope: 'one', id: 'ardeche' },
      requestedBy: 'op-1',
      requestedAt: '2026-01-01T10:00:00.000Z',
    };
    await commands.handle(reportDecider, reportStream(reportId), { type: 'RequestReport', data }, meta(reportId));
    const run = reportJobHandler({ events, readModels, commands, reports, timeZone: 'Europe/Paris' });
    expect(await run({ id: reportId, name: 'report', data: { reportId }, attempt: 1, progress: async () => undefined })).toMatchObject({ status: 'completed' });
    const csv = (await reports.get(reportId, 'ardeche', 'csv'))?.content ?? '';
    expect(csv).toContain('\r\nAlice Martin;cat-1;association;mise en relation;16 janvier 2012;membre\r\n');
    expect(csv).toContain('\r\nSilver économie;inscriptions ouvertes;15 novembre 2012;territoire pilote;pas encore commencée;0;0;\r\n');
  });

  it('builds an empty batch (its index) for a territory that exists without partnerships', async () => {
    const result = await batchOf('ardeche');
    expect(result).toMatchObject({ status: 'completed', items: 0 });
    expect((await reports.list('r-ardeche')).map((f) => f.item)).toContain('@index');
  });
});
