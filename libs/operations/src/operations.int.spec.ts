import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_SCHEMAS } from '@catalyse/domain';
import { withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { exportNdjson } from './export';
import { verifiedClean, verifyLog, verifyReportText } from './verify';

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
    expect(await verifyLog(store)).toEqual({
      events: 2,
      streams: 1,
      versions: [
        { category: 'catalyseur', type: 'CatalyseurJoined', current: 1, stored: { '1': 1 } },
        { category: 'catalyseur', type: 'CatalyseurLeft', current: 1, stored: { '1': 1 } },
      ],
      unreadable: [],
      problems: [],
    });

    await store.append('mystery-1', [{ id: 'x', type: 'Something', data: {}, metadata: meta }], { expectedRevision: 'any' });
    const report = await verifyLog(store);
    expect(report.problems).toEqual([expect.objectContaining({ stream: 'mystery-1', kind: 'category', problem: 'unknown stream category "mystery"' })]);

    await store.append('catalyseur-c1', [{ id: 'odd', type: 'CatalyseurTeleported', data: {}, metadata: meta }], { expectedRevision: 1n });
    expect((await verifyLog(store)).problems).toContainEqual(
      expect.objectContaining({ stream: 'catalyseur-c1', problem: 'unknown event type "CatalyseurTeleported"' }),
    );
  });

  describe('schema versions', () => {
    const partnership = 'partnership-flda';
    const proposed = {
      id: 'p',
      type: 'PartnershipProposed',
      data: {
        partnershipId: 'flda',
        title: 'Maintien à domicile',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'fondation' },
          { orgId: 'cg', name: 'CG', sphere: 'collectivite' },
        ],
        modes: ['mecenat'],
        proposedAt: meta.occurredAt,
      },
      metadata: meta,
    };
    const assessed = (id: string, schemaVersion: number, data: object) => ({ id, type: 'ImpactAssessed', data, metadata: { ...meta, schemaVersion } });
    const v1 = { dimension: 'confiance', score: 4, evidence: 'entretiens' };
    const v2 = { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, score: 4.5, evidence: 'COPIL' };

    it('counts the versions found per event type, through an upcasting store too, and lists the events no upcaster can bring to the current version', async () => {
      await store.append(partnership, [proposed, assessed('a1', 1, v1), assessed('a2', 2, v2), assessed('a3', 1, v1)], { expectedRevision: 'no_stream' });
      const clean = await verifyLog(withUpcasting(store, EVENT_SCHEMAS));
      expect(clean.versions).toEqual([
        { category: 'partnership', type: 'ImpactAssessed', current: 2, stored: { '1': 2, '2': 1 } },
        { category: 'partnership', type: 'PartnershipProposed', current: 1, stored: { '1': 1 } },
      ]);
      expect(verifiedClean(clean)).toBe(true);
      expect(verifyReportText(clean)).toContain(
        'partnership ImpactAssessed       version actuelle 2 ; v1 : 2, v2 : 1 — 2 événements relus en v2 par les upcasters',
      );

      await store.append(partnership, [assessed('a4', 3, { ...v2, weights: [1, 1] })], { expectedRevision: 3n });
      const report = await verifyLog(store);
      expect(report.unreadable).toEqual([
        {
          stream: partnership,
          position: '5',
          revision: '4',
          type: 'ImpactAssessed',
          version: 3,
          current: 2,
          problem: 'newer',
          reason: 'ImpactAssessed is at schema version 3, written by a newer version of Catalyse: this one reads up to version 2',
        },
      ]);
      expect(report.problems).toEqual([]);
      expect(verifiedClean(report)).toBe(false);
      const text = verifyReportText(report);
      expect(text).toContain(
        'position 5, partnership-flda (révision 4), ImpactAssessed : écrit en version 3 par une version plus récente de Catalyse (celle-ci lit jusqu’à la version 2)',
      );
      expect(text).toContain('Résultat : le journal a des problèmes (code de sortie 1).');
    });

    it('exports the events as stored by default, upcast on request', async () => {
      await store.append(partnership, [proposed, assessed('a1', 1, v1)], { expectedRevision: 'no_stream' });
      const lines = async (upcast?: boolean): Promise<{ data: unknown; metadata: Record<string, unknown> }[]> => {
        const out: { data: unknown; metadata: Record<string, unknown> }[] = [];
        for await (const line of exportNdjson(withUpcasting(store, EVENT_SCHEMAS), upcast === undefined ? {} : { upcast })) out.push(JSON.parse(line));
        return out;
      };
      expect((await lines())[1]).toMatchObject({ data: v1, metadata: { schemaVersion: 1 } });
      expect((await lines(false))[1]?.metadata).not.toHaveProperty('upcastFrom');
      expect((await lines(true))[1]).toMatchObject({
        data: { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 4 }, score: 4, evidence: 'entretiens' },
        metadata: { schemaVersion: 2, upcastFrom: 1 },
      });
      // A store that does not upcast is upcast on request too.
      const raw: { metadata: Record<string, unknown> }[] = [];
      for await (const line of exportNdjson(store, { upcast: true })) raw.push(JSON.parse(line));
      expect(raw[1]?.metadata).toMatchObject({ schemaVersion: 2, upcastFrom: 1 });
    });
  });
});
