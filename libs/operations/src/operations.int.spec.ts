import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { exportNdjson } from './export';
import { verifyLog } from './verify';

const meta = { correlationId: 'c', causationId: 'c', actor: 'op-1', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const joined = (id: string) => ({
  id: `${id}-joined`,
  type: 'CatalyseurJoined',
  data: { catalyseurId: id, name: `Catalyseur ${id}`, sphere: 'association', territory: 'alsace', skills: ['mise_en_relation'], joinedAt: meta.occurredAt },
  metadata: meta,
});

describe('operations on a real SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-ops-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the log as NDJSON in position order, paged, from a position', async () => {
    for (let i = 0; i < 25; i++) await store.append(`catalyseur-c${i}`, [joined(`c${i}`)], { expectedRevision: 'no_stream' });
    const lines: string[] = [];
    for await (const line of exportNdjson(store, { pageSize: 7 })) lines.push(line);
    const parsed = lines.map((line) => JSON.parse(line) as { position: string; stream: string; type: string });
    expect(parsed).toHaveLength(25);
    expect(parsed.map((e) => e.stream)).toEqual(Array.from({ length: 25 }, (_, i) => `catalyseur-c${i}`));
    const positions = parsed.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? 0n))).toBe(true);
    const after: string[] = [];
    for await (const line of exportNdjson(store, { after: positions[19] ?? 0n })) after.push(line);
    expect(after).toHaveLength(5);
  });

  it('verifies a clean log and reports streams that do not belong to a decider', async () => {
    await store.append('catalyseur-c1', [joined('c1')], { expectedRevision: 'no_stream' });
    await store.append('catalyseur-c1', [{ id: 'c1-left', type: 'CatalyseurLeft', data: { leftAt: meta.occurredAt }, metadata: meta }], {
      expectedRevision: 0n,
    });
    expect(await verifyLog(store)).toEqual({ events: 2, streams: 1, problems: [] });

    await store.append('mystery-1', [{ id: 'x', type: 'Something', data: {}, metadata: meta }], { expectedRevision: 'any' });
    const report = await verifyLog(store);
    expect(report.problems).toEqual([expect.objectContaining({ stream: 'mystery-1', problem: 'unknown stream category "mystery"' })]);

    await store.append('catalyseur-c1', [{ id: 'odd', type: 'CatalyseurTeleported', data: {}, metadata: meta }], { expectedRevision: 1n });
    expect((await verifyLog(store)).problems).toContainEqual(
      expect.objectContaining({ stream: 'catalyseur-c1', problem: 'unknown event type "CatalyseurTeleported"' }),
    );
  });
});
