import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Global, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, TokenService } from '@catalyse/auth';
import { CommandHandler, type CommandHandlerOptions } from '@catalyse/commands';
import {
  type Decider,
  EVENT_SCHEMAS,
  type Message,
  type PartnershipCommand,
  partnershipDecider,
  type RoomCommand,
  roomDecider,
  roomStream,
} from '@catalyse/domain';
import { EVENT_STORE, type EventStore, withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector, ProjectorModule } from '@catalyse/projector';
import type { FeedEntry, Principal } from '@catalyse/protocol';
import { configureHubApp } from '../adapter/hub-io.adapter';
import { HubModule } from '../hub.module';
import type { HubOptions } from '../hub.options';
import { TestClient } from './test-client';

/**
 * A real Nest app on a loopback port 0: SQLite event store and read models on
 * temporary files, the in-process notifier, the projector running, the auth
 * module with a random secret and the hub. The composition of the all-in-one
 * app, minus HTTP routes.
 */
export class HubHarness {
  private readonly clients: TestClient[] = [];

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly events: EventStore,
    readonly store: ProjectionStore,
    readonly notifier: FeedNotifier,
    readonly commands: CommandHandler,
    readonly tokens: TokenService,
    private readonly dir: string,
    private readonly reads: Reads,
    private readonly holds: DocReadHold[],
    private readonly secret: string,
    /** A peer node (`peer`): the stores, the projector and the temporary files are its first node's. */
    private readonly peerOf?: HubHarness,
  ) {}

  /** `readFeed` calls the hub made so far (the store the hub reads through counts them). */
  get feedReads(): number {
    return this.reads.feed;
  }

  /** `getCheckpoint` calls made so far on the store (the hub's waits for the read side; the projector's start). */
  get checkpointReads(): number {
    return this.reads.checkpoint;
  }

  /**
   * @param slowFeedReads the hub's feed reads take a random 0–3 ms more, as from
   *   a remote database: races between joins, deliveries and reads get room to happen.
   * @param notifier the feed notifier (default: in process), closed by `close`: a `RedisFeedNotifier` for nodes
   *   sharing a Redis (`peer`).
   * @param ioRedisUrl the socket.io Redis adapter's Redis (default: none): room broadcasts (presence diffs) reach the
   *   sockets of the peers given the same.
   * @param commands the bounds of the command handler's streams (`CommandHandlerOptions`; default: its defaults).
   */
  static async start(
    options: HubOptions = {},
    {
      slowFeedReads = false,
      notifier: given,
      ioRedisUrl,
      commands: commandOptions,
    }: { slowFeedReads?: boolean; notifier?: FeedNotifier; ioRedisUrl?: string; commands?: CommandHandlerOptions } = {},
  ): Promise<HubHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-hub-'));
    // Read as the services read it: upcast to the current versions (`openEventStore`).
    const events = withUpcasting(SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 20 }), EVENT_SCHEMAS);
    const sqlite = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    const reads: Reads = { feed: 0, checkpoint: 0 };
    const holds: DocReadHold[] = [];
    const store = withHeldDocReads(withCountedReads(slowFeedReads ? withSlowFeedReads(sqlite) : sqlite, reads), holds);
    const notifier = given ?? new InProcessFeedNotifier();
    const commands = new CommandHandler(events, commandOptions);
    const secret = randomBytes(32).toString('base64url');
    const app = await NestFactory.create(
      {
        module: HubTestApp,
        imports: [TestStorage.of(events, store, notifier, commands), AuthModule.forSecret(secret), ProjectorModule, HubModule.forRoot(options)],
      },
      { logger: ['error', 'warn'] },
    );
    configureHubApp(app, { redisUrl: ioRedisUrl });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new HubHarness(app, `http://127.0.0.1:${port}`, events, store, notifier, commands, app.get(TokenService), dir, reads, holds, secret);
  }

  /**
   * Another hub node on the stores of `first` (its event store, read models and command handler; no projector of its
   * own), hearing the feeds through `notifier` (closed by `close`), with the same token secret: a client connects to
   * either. Commands are run through `first`, whose projector publishes to its own notifier: the nodes share a Redis
   * through `RedisFeedNotifier`s. `ioRedisUrl`: as for `start`.
   */
  static async peer(first: HubHarness, notifier: FeedNotifier, options: HubOptions = {}, { ioRedisUrl }: { ioRedisUrl?: string } = {}): Promise<HubHarness> {
    const app = await NestFactory.create(
      {
        module: HubTestApp,
        imports: [TestStorage.of(first.events, first.store, notifier, first.commands), AuthModule.forSecret(first.secret), HubModule.forRoot(options)],
      },
      { logger: ['error', 'warn'] },
    );
    configureHubApp(app, { redisUrl: ioRedisUrl });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new HubHarness(
      app,
      `http://127.0.0.1:${port}`,
      first.events,
      first.store,
      notifier,
      first.commands,
      app.get(TokenService),
      first.dir,
      first.reads,
      first.holds,
      first.secret,
      first,
    );
  }

  /**
   * Holds the answer of the next read of one document by the hub (`getDoc`, as the access checks read their facts;
   * the projector reads in its own transactions, not held): the read is made at once and answered on `release()`, as
   * a database answering late with what it read when asked. `reached` resolves once the read is made. Races between
   * an access check and the entries written meanwhile are then staged in a fixed order.
   */
  holdDocRead(collection: string, id: string): HeldDocRead {
    let reached!: () => void;
    let release!: () => void;
    const hold: DocReadHold = {
      collection,
      id,
      reached: new Promise<void>((resolve) => (reached = resolve)),
      released: new Promise<void>((resolve) => (release = resolve)),
      reach: () => reached(),
    };
    this.holds.push(hold);
    return { reached: hold.reached, release: () => release() };
  }

  /** The read-model database file (for tests that stage what a rebuild would do). */
  get readModelsFile(): string {
    return join(this.dir, 'read-models.db');
  }

  get projector(): Projector {
    return this.peerOf?.projector ?? this.app.get(Projector);
  }

  token(principal: Principal): string {
    return this.tokens.sign(principal);
  }

  /** A connected client (closed by `close`). */
  async connect(principal: Principal): Promise<TestClient> {
    const client = await TestClient.connect(this.url, this.token(principal));
    this.clients.push(client);
    return client;
  }

  /** Runs a command and waits until the projector has folded it into the read models and feeds. */
  async run<C, E extends Message<string, unknown>, S>(decider: Decider<C, E, S>, stream: string, command: C, actor = 'test'): Promise<bigint> {
    const result = await this.commands.handle(decider, stream, command, { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() });
    await this.projected(result.position);
    return result.position;
  }

  /** Runs a command without waiting for the projector. */
  async send<C, E extends Message<string, unknown>, S>(decider: Decider<C, E, S>, stream: string, command: C, actor = 'test'): Promise<bigint> {
    return (await this.commands.handle(decider, stream, command, { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() })).position;
  }

  async projected(position: bigint): Promise<void> {
    if (!(await this.projector.waitForPosition(position, 15_000))) throw new Error(`the projector did not reach position ${position}`);
  }

  partnership(id: string, command: PartnershipCommand): Promise<bigint> {
    return this.run(partnershipDecider, `partnership-${id}`, command);
  }

  room(id: string, command: RoomCommand): Promise<bigint> {
    return this.run(roomDecider, roomStream(id), command);
  }

  /** Proposes a partnership between `orgs` (association, entreprise, …); proposed by a catalyseur, it accompanies it (a second entry in its feed). */
  propose(id: string, orgs: readonly string[], proposedBy?: string): Promise<bigint> {
    const spheres = ['association', 'entreprise', 'collectivite'] as const;
    return this.partnership(id, {
      type: 'ProposePartnership',
      data: {
        partnershipId: id,
        title: `Partenariat ${id}`,
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: orgs.map((orgId, i) => ({ orgId, name: orgId.toUpperCase(), sphere: spheres[i % spheres.length] ?? 'association' })),
        modes: ['mecenat'],
        proposedAt: new Date().toISOString(),
        ...(proposedBy === undefined ? {} : { proposedBy }),
      },
    });
  }

  /** One more entry in `partnership:{id}` (a milestone planned). */
  planMilestone(id: string, milestoneId: string, wait = false): Promise<bigint> {
    const command: PartnershipCommand = { type: 'PlanMilestone', data: { milestoneId, title: `Jalon ${milestoneId}`, dueDate: '2030-06-30' } };
    return wait ? this.partnership(id, command) : this.send(partnershipDecider, `partnership-${id}`, command);
  }

  openRoom(id: string, openedBy: string, access: 'open' | 'members' = 'open'): Promise<bigint> {
    return this.room(id, {
      type: 'OpenRoom',
      data: { roomId: id, kind: 'network', title: `Salle ${id}`, access, openedBy, openedAt: new Date().toISOString() },
    });
  }

  /**
   * Appends a `MessagePosted` straight to a room's stream (expected revision
   * `any`: many writers may race without retries), not waiting for the projector.
   */
  async appendMessage(roomId: string, text: string, authorId = 'writer'): Promise<bigint> {
    const now = new Date().toISOString();
    const messageId = randomUUID();
    const result = await this.events.append(
      roomStream(roomId),
      [
        {
          id: messageId,
          type: 'MessagePosted',
          data: { messageId, clientMsgId: messageId, authorId, text, postedAt: now },
          metadata: { correlationId: messageId, causationId: messageId, actor: authorId, occurredAt: now, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'any' },
    );
    return result.position;
  }

  /**
   * Appends `count` message entries (of `text`) straight to a room's feed, in the projector's kind of
   * transaction, and tells the hub: a long history in a moment (the log does not hold them). Returns the head.
   */
  async stageEntries(room: string, count: number, text: string): Promise<number> {
    const at = new Date().toISOString();
    for (let done = 0; done < count; done += 1000) {
      await this.store.transaction(async (tx) => {
        for (let i = done; i < Math.min(count, done + 1000); i++) {
          const messageId = `staged-${i}`;
          await tx.appendFeedEntry(room, {
            position: String(STAGED_POSITIONS + BigInt(i)),
            at,
            kind: 'MessagePosted',
            data: { messageId, clientMsgId: messageId, authorId: 'stager', text, postedAt: at },
          });
        }
      });
    }
    const head = await this.store.feedHead(room);
    await this.notifier.publish([{ room, epoch: head.epoch, head: head.head }]);
    return head.head;
  }

  /** The current epoch and head of a feed. */
  head(room: string): Promise<{ epoch: number; head: number }> {
    return this.store.feedHead(room);
  }

  /** Every entry of a feed, read from the store. */
  async feed(room: string): Promise<FeedEntry[]> {
    const out: FeedEntry[] = [];
    for (;;) {
      const page = await this.store.readFeed(room, out.at(-1)?.seq ?? 0, 1000);
      out.push(...page);
      if (page.length < 1000) return out;
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.app.close();
    await this.notifier.close();
    if (this.peerOf) return; // the stores and files are the first node's
    await this.events.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

@Module({})
class HubTestApp {}

@Global()
@Module({})
class TestStorage {
  static of(events: EventStore, store: ProjectionStore, notifier: FeedNotifier, commands: CommandHandler): DynamicModule {
    return {
      module: TestStorage,
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: PROJECTION_STORE, useValue: store },
        { provide: FEED_NOTIFIER, useValue: notifier },
        { provide: CommandHandler, useValue: commands },
      ],
      exports: [EVENT_STORE, PROJECTION_STORE, FEED_NOTIFIER, CommandHandler],
    };
  }
}

/** A read held by `HubHarness.holdDocRead`. */
export interface HeldDocRead {
  /** Resolves once the held read has been made (its answer waits for `release`). */
  readonly reached: Promise<void>;
  release(): void;
}

interface DocReadHold {
  readonly collection: string;
  readonly id: string;
  readonly reached: Promise<void>;
  readonly released: Promise<void>;
  reach(): void;
}

/** Positions of staged entries: far above the log's. */
const STAGED_POSITIONS = 1_000_000_000n;

interface Reads {
  feed: number;
  checkpoint: number;
}

/** The store's methods whose calls are counted, and where. */
const COUNTED: ReadonlyMap<PropertyKey, keyof Reads> = new Map<PropertyKey, keyof Reads>([
  ['readFeed', 'feed'],
  ['getCheckpoint', 'checkpoint'],
]);

/** The same store, counting its `readFeed` calls in `reads.feed` and its `getCheckpoint` calls in `reads.checkpoint`. */
function withCountedReads(store: ProjectionStore, reads: Reads): ProjectionStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      const counter = COUNTED.get(property);
      if (counter !== undefined) {
        return (...args: unknown[]) => {
          reads[counter]++;
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
}

/** The same store, whose feed reads answer a random 0–3 ms later (the store itself is untouched). */
function withSlowFeedReads(store: ProjectionStore): ProjectionStore {
  const later = async <T>(read: () => Promise<T>): Promise<T> => {
    const result = await read();
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
    return result;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (property === 'feedHead' || property === 'readFeed' || property === 'readFeedTail') {
        return (...args: unknown[]) => later(() => method.apply(target, args));
      }
      return method.bind(target);
    },
  });
}

/** The same store, whose `getDoc` of a document with a hold waiting answers, once, only when the hold is released (`holdDocRead`). */
function withHeldDocReads(store: ProjectionStore, holds: DocReadHold[]): ProjectionStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (property !== 'getDoc') return method.bind(target);
      return async (...args: unknown[]) => {
        const hold = holds.find((candidate) => candidate.collection === args[0] && candidate.id === args[1]);
        if (!hold) return method.apply(target, args);
        holds.splice(holds.indexOf(hold), 1);
        const result = await method.apply(target, args);
        hold.reach();
        await hold.released;
        return result;
      };
    },
  });
}

/** Seqs of entries, to compare with `range`. */
export const seqs = (entries: readonly FeedEntry[]): number[] => entries.map((entry) => entry.seq);
export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
