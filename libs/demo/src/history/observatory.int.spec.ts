/**
 * The observatory over a generated history of 2,000 partnerships, loaded
 * through the commands into a real SQLite event store and projected by the
 * projector into a real SQLite projection store: the modes come out in the
 * documents' shares, and an answer as of a date equals the one computed from
 * only the events that had happened by then, folded from scratch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { isInCut } from '@catalyse/domain';
import { readAllEvents, type RecordedEvent } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { answerFromDocs, Observatory, partnershipsSection, type Table } from '@catalyse/observatory';
import { loadScript } from '@catalyse/operations';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { type ObservationDoc, partnershipObservations } from '@catalyse/projections';
import { foldModel } from '@catalyse/projections/testing';
import { Projector } from '@catalyse/projector';
import { generateHistory } from './generate';

jest.setTimeout(180_000);

const TZ = 'Europe/Paris';
const NOW = new Date('2019-01-01T12:00:00Z');
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const DOCUMENTS = { pratiques_responsables: 42, mecenat: 30, cooperation_economique: 25, innovation_societale: 16 };

const byName = (tables: readonly Table[], name: string): Table => {
  const table = tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
};

describe('the observatory over a generated history (real SQLite stores, the projector)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let projector: Projector;
  let observatory: Observatory;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-observatory-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 10 });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    const report = await loadScript(events, new CommandHandler(events), generateHistory({ partnerships: 2000 }), { source: 'gen', concurrency: 16 });
    expect(report.diverged).toEqual([]);
    projector = new Projector(events, store, new InProcessFeedNotifier(), { logger: quiet });
    await projector.start();
    expect(await projector.waitForPosition(await events.headPosition(), 120_000)).toBe(true);
    observatory = new Observatory(store, events, [partnershipsSection], { timeZone: TZ, now: () => NOW });
  });
  afterAll(async () => {
    await projector.stop();
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the modes in the documents’ shares, within one point (a partnership may have several: they sum above 100 %)', async () => {
    const answer = await observatory.answer(partnershipsSection, {});
    expect(answer.subjects).toBe(2000);
    const shares: Record<string, number> = Object.fromEntries(byName(answer.tables, 'by_mode').rows.map((r) => [String(r['mode']), Number(r['share'])]));
    for (const [mode, share] of Object.entries(DOCUMENTS)) expect(Math.abs((shares[mode] ?? 0) - share)).toBeLessThanOrEqual(1);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });

  it('as of a date: equal to the events that had happened by then, folded from scratch', async () => {
    const all: RecordedEvent[] = [];
    for await (const event of readAllEvents(events)) all.push(event);
    for (const asOf of ['2014-06-30', '2016-12-31T23:00:00Z']) {
      const cut = { time: asOf, clock: 'happened' as const };
      const byStream = new Map<string, RecordedEvent[]>();
      for (const event of all)
        if (event.stream.startsWith('partnership-') && isInCut('partnership', event, cut, TZ))
          byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
      const fromScratch = [...byStream.values()].map((stream) => foldModel<ObservationDoc>(partnershipObservations, stream).doc).filter((d) => d !== undefined);
      const expected = answerFromDocs(partnershipsSection, fromScratch, [], { asOf }, { timeZone: TZ, now: NOW });
      const actual = await observatory.answer(partnershipsSection, { asOf });
      expect(actual.subjects).toBeGreaterThan(0);
      expect(actual.subjects).toBeLessThan(2000);
      expect(actual).toEqual(expected);
    }
  });

  it('by region: the generated territories are regions, each a twelfth of the partnerships', async () => {
    const answer = await observatory.answer(partnershipsSection, { region: 'ile-de-france' });
    expect(answer.subjects).toBeGreaterThanOrEqual(166);
    expect(answer.subjects).toBeLessThanOrEqual(167);
    expect(byName(answer.tables, 'by_region').rows).toEqual([{ region: 'Île-de-France', count: answer.subjects, share: 100 }]);
  });
});
