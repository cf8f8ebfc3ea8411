/**
 * A second process writing to the store, for the int specs (not part of the library's API).
 * Run with `node -r @swc-node/register append-child.ts <mode> …` (SWC_NODE_PROJECT=tsconfig.base.json).
 *
 * - `stress <file> <prefix> <writers>`: appends batches of 3 events forever from
 *   concurrent writers; prints one JSON line per acknowledged append.
 * - `append <file> <stream> <count> <delayMs>`: appends `count` single events one after
 *   the other, prints each acknowledgement, closes and exits.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventToAppend } from '@catalyse/event-store';
import { SqliteEventStore } from '../sqlite-event-store';

export interface Acknowledgement {
  readonly stream: string;
  readonly ids: readonly string[];
  readonly nextRevision: string;
  readonly position: string;
}

const acknowledge = (stream: string, events: readonly EventToAppend[], result: AppendResult): void => {
  const line: Acknowledgement = {
    stream,
    ids: events.map((event) => event.id),
    nextRevision: result.nextRevision.toString(),
    position: result.position.toString(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const event = (type: string, data: unknown): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: `pid-${process.pid}`,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

async function stress(file: string, prefix: string, writers: number): Promise<never> {
  const store = SqliteEventStore.open({ file });
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const stream = `${prefix}-w${writer}`;
      for (let batch = 0; ; batch++) {
        const events = [0, 1, 2].map((part) => event('StressWritten', { writer, batch, part }));
        const result = await store.append(stream, events, { expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 3 - 1) });
        acknowledge(stream, events, result);
      }
    }),
  );
  throw new Error('unreachable');
}

async function appendSeveral(file: string, stream: string, count: number, delayMs: number): Promise<void> {
  const store = SqliteEventStore.open({ file });
  for (let i = 0; i < count; i++) {
    const events = [event('RemoteWritten', { i })];
    acknowledge(stream, events, await store.append(stream, events, { expectedRevision: 'any' }));
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  await store.close();
}

async function main(argv: readonly string[]): Promise<void> {
  const [mode, file, name, count, extra] = argv;
  if (mode === 'stress' && file && name) return stress(file, name, Number(count ?? 8));
  if (mode === 'append' && file && name) return appendSeveral(file, name, Number(count ?? 10), Number(extra ?? 0));
  throw new Error(`usage: append-child stress <file> <prefix> <writers> | append <file> <stream> <count> <delayMs>`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
