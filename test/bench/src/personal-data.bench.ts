import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type EventStore, type EventToAppend, readAllEvents } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import { PersonalDataEventStore } from '@catalyse/personal-data';
import { perSecond, timed } from './stats';

/**
 * What encrypting personal data costs (docs/adr/0006): the same history
 * appended and replayed through the plain SQLite store and through
 * `PersonalDataEventStore` over it, beside a raw better-sqlite3 read + JSON.parse
 * of the same rows. The history is a network's: messages of 350 people (each
 * sealed), profiles, and as many events without personal data (milestones).
 * Plain and sealed runs alternate, `rounds` times; figures are medians.
 */
export interface PersonalDataOptions {
  readonly events: number;
  readonly people: number;
  readonly batchSize: number;
  readonly rounds: number;
}

export interface PersonalDataResult {
  readonly events: number;
  readonly sealedShare: number;
  readonly append: { readonly plain: number; readonly sealed: number };
  readonly readAll: { readonly plain: number; readonly sealed: number; readonly raw: number };
  readonly catchUp: { readonly plain: number; readonly sealed: number };
  /** Replay after a tenth of the people were erased (their fields read as tombstones). */
  readonly readAllAfterErasures: number;
}

const meta = { correlationId: 'b', causationId: 'b', actor: 'bench', occurredAt: '2026-12-02T10:00:00.000Z', schemaVersion: 1 };

/** The history: one in four events a profile, two in four a message, one in four a milestone (nothing personal). */
function history(options: PersonalDataOptions): { stream: string; event: EventToAppend }[] {
  return Array.from({ length: options.events }, (_, i) => {
    const person = `person-${i % options.people}`;
    const kind = i % 4;
    const event = (type: string, data: Record<string, unknown>): EventToAppend => ({ id: randomUUID(), type, data, metadata: meta });
    if (kind === 0)
      return {
        stream: `catalyseur-${person}-${i}`,
        event: event('CatalyseurJoined', {
          catalyseurId: person,
          name: `Prénom Nom ${i % options.people}`,
          sphere: 'association',
          territory: 'ardeche',
          skills: ['mise_en_relation'],
          joinedAt: '2014-01-06',
        }),
      };
    if (kind === 3) return { stream: `partnership-p${i % 500}`, event: event('MilestoneReached', { milestoneId: `m-${i}`, reachedOn: '2014-03-01' }) };
    return {
      stream: `room-r${i % 200}`,
      event: event('MessagePosted', {
        messageId: `m-${i}`,
        clientMsgId: `c-${i}`,
        authorId: person,
        text: `Message ${i} : on se retrouve jeudi à la maison des associations`,
        postedAt: meta.occurredAt,
      }),
    };
  });
}

async function appendAll(store: EventStore, rows: readonly { stream: string; event: EventToAppend }[], batchSize: number): Promise<number> {
  const { ms } = await timed(async () => {
    for (let i = 0; i < rows.length; i += batchSize) {
      // One append per stream in the batch, all in flight together (the store groups them).
      const byStream = new Map<string, EventToAppend[]>();
      for (const row of rows.slice(i, i + batchSize)) byStream.set(row.stream, [...(byStream.get(row.stream) ?? []), row.event]);
      await Promise.all([...byStream].map(([stream, events]) => store.append(stream, events, { expectedRevision: 'any' })));
    }
  });
  return perSecond(rows.length, ms);
}

async function readAllRate(store: EventStore, expected: number): Promise<number> {
  const { ms, result: value } = await timed(async () => {
    let n = 0;
    for await (const _ of readAllEvents(store, { pageSize: 1000 })) n++;
    return n;
  });
  if (value !== expected) throw new Error(`read ${value} events, expected ${expected}`);
  return perSecond(value, ms);
}

async function catchUpRate(store: EventStore, expected: number): Promise<number> {
  const abort = new AbortController();
  const { ms } = await timed(async () => {
    let n = 0;
    for await (const _ of store.subscribeAll({ signal: abort.signal, batchSize: 1000 })) if (++n >= expected) abort.abort();
  });
  return perSecond(expected, ms);
}

function rawReadRate(file: string, expected: number): number {
  const db = new Database(file, { readonly: true });
  try {
    const { ms, value } = timedSync(() => {
      let n = 0;
      for (const row of db.prepare('SELECT data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
        n++;
      }
      return n;
    });
    if (value !== expected) throw new Error(`raw read ${value} rows, expected ${expected}`);
    return perSecond(value, ms);
  } finally {
    db.close();
  }
}

function timedSync<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function personalDataBench(options: PersonalDataOptions): Promise<PersonalDataResult> {
  const rows = history(options);
  const sealedShare = rows.filter((row) => row.event.type !== 'MilestoneReached').length / rows.length;
  const runs: { plain: number; sealed: number; readPlain: number; readSealed: number; raw: number; catchPlain: number; catchSealed: number; erased: number }[] =
    [];
  for (let round = 0; round < Math.max(1, options.rounds); round++) {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-pd-'));
    try {
      const plainFile = join(dir, 'plain.db');
      const sealedFile = join(dir, 'sealed.db');
      const plain = SqliteEventStore.open({ file: plainFile });
      const sealed = new PersonalDataEventStore(SqliteEventStore.open({ file: sealedFile }), SqliteKeyStore.open({ file: join(dir, 'keys.sqlite') }));
      try {
        const appendPlain = await appendAll(plain, rows, options.batchSize);
        const appendSealed = await appendAll(sealed, rows, options.batchSize);
        const readPlain = await readAllRate(plain, rows.length);
        const readSealed = await readAllRate(sealed, rows.length);
        const raw = rawReadRate(sealedFile, rows.length);
        const catchPlain = await catchUpRate(plain, rows.length);
        const catchSealed = await catchUpRate(sealed, rows.length);
        for (let p = 0; p < options.people; p += 10) await sealed.keys.beginErasure(`person-${p}`, meta.occurredAt);
        const erased = await readAllRate(sealed, rows.length);
        runs.push({ plain: appendPlain, sealed: appendSealed, readPlain, readSealed, raw, catchPlain, catchSealed, erased });
      } finally {
        await plain.close();
        await sealed.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const m = (pick: (run: (typeof runs)[number]) => number): number => median(runs.map(pick));
  return {
    events: rows.length,
    sealedShare,
    append: { plain: m((r) => r.plain), sealed: m((r) => r.sealed) },
    readAll: { plain: m((r) => r.readPlain), sealed: m((r) => r.readSealed), raw: m((r) => r.raw) },
    catchUp: { plain: m((r) => r.catchPlain), sealed: m((r) => r.catchSealed) },
    readAllAfterErasures: m((r) => r.erased),
  };
}
