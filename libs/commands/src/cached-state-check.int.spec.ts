import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roomDecider, roomStream } from '@catalyse/domain';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { CommandHandler } from './command-handler';

const OPENED_AT = '2026-03-12T09:00:00.000Z';

/**
 * The cached states against an erasure's rewrite of the log (docs/adr/0006-personal-data.md, amendment « cached
 * states »): `rewriteData` changes an event in place and appends nothing, so a cached state never catches up with it;
 * only a forget does, and a load that read the log before the forget must not keep what it read.
 */
describe('CommandHandler: cached states forgotten for an erasure (real SQLite)', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  /** Released by the test: the reads of the room's stream wait for it after reading (a load in flight). */
  let gate: Promise<void> | undefined;
  let store: EventStore;
  const stream = roomStream('atelier');

  const titleOf = async (handler: CommandHandler): Promise<string | undefined> => {
    const { state } = await handler.load(roomDecider, stream);
    return state.status === 'none' ? undefined : state.title;
  };
  /** What the erasure's step 4 does to the log: the name inside the room's title rewritten in place. */
  const rewriteTitle = async (): Promise<void> => {
    const [opened] = await sqlite.readStream(stream);
    if (!opened) throw new Error('no RoomOpened');
    await sqlite.rewriteData([{ event: opened, data: { ...(opened.data as object), title: 'Atelier de [effacé]' } }]);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-commands-cache-'));
    sqlite = SqliteEventStore.open({ file: join(dir, 'events.db') });
    gate = undefined;
    const log = sqlite;
    store = {
      append: (name, events, options) => log.append(name, events, options),
      readStream: async (name: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> => {
        const page = await log.readStream(name, options);
        if (gate) await gate;
        return page;
      },
      readAll: (options) => log.readAll(options),
      subscribeAll: (options) => log.subscribeAll(options),
      headPosition: () => log.headPosition(),
      close: () => log.close(),
    };
    await new CommandHandler(sqlite).handle(
      roomDecider,
      stream,
      {
        type: 'OpenRoom',
        data: { roomId: 'atelier', kind: 'theme', subject: 'eau', title: 'Atelier de Jeanne Martin', access: 'open', openedBy: 'op-1', openedAt: OPENED_AT },
      },
      { actor: 'op-1', correlationId: 'c-1', occurredAt: OPENED_AT },
    );
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a cached state outlives a rewrite of the log until it is forgotten; asked before each read, the check forgets it', async () => {
    const handler = new CommandHandler(store);
    expect(await titleOf(handler)).toBe('Atelier de Jeanne Martin');
    await rewriteTitle();
    // Nothing was appended: the cache catches up with nothing.
    expect(await titleOf(handler)).toBe('Atelier de Jeanne Martin');

    let erasureCompleted = false;
    handler.checkCachedStatesWith({
      beforeRead: async () => {
        if (erasureCompleted) handler.forgetAll();
        erasureCompleted = false;
      },
    });
    expect(await titleOf(handler)).toBe('Atelier de Jeanne Martin');
    erasureCompleted = true;
    expect(await titleOf(handler)).toBe('Atelier de [effacé]');
  });

  it('a load that read the log before a forget does not keep what it read', async () => {
    const handler = new CommandHandler(store);
    let release: () => void = () => undefined;
    gate = new Promise((resolve) => (release = resolve));
    // Read as written, then held back (the rewrite and the forget happen meanwhile).
    const inFlight = titleOf(handler);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await rewriteTitle();
    handler.forgetAll();
    gate = undefined;
    release();
    expect(await inFlight).toBe('Atelier de Jeanne Martin');

    expect(await titleOf(handler)).toBe('Atelier de [effacé]');
  });
});
