import { createHash } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import { type Decider, EVENT_SCHEMAS, isDomainError, type Message } from '@catalyse/domain';
import { AppError } from '@catalyse/protocol';
import {
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  UnreadableEventError,
  unreadableReason,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';
import { fingerprintsDiffer } from './payload-fingerprint';
import { StreamLanes } from './stream-lanes';

/** Everything about a command that does not belong to the domain: who, when, why. */
export interface CommandContext {
  /** The principal's subject. */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** ISO time given by the edge's clock: the domain never reads a clock. */
  readonly occurredAt: string;
  /**
   * A retry with the same key by the same actor (on the same stream) returns the first result and writes nothing.
   * Keys are the actor's own: another actor's command with the same key is another command.
   */
  readonly idempotencyKey?: string;
  /**
   * With a key, the keyed fingerprint of what the client sent (`payloadFingerprint`): kept in the metadata beside the
   * key, so that the same key with another payload is refused (`409 CONFLICT`) rather than answered with the first
   * result. Without it (the CLI, the hub, the bulk loader), or against events that carry none, nothing is compared.
   */
  readonly payloadFingerprint?: string;
  /** From `If-Match`: the revision the client last saw. Without it, a raced write is retried. */
  readonly expectedRevision?: bigint;
  /**
   * Aborted when the caller gave up (its client went away): a command still waiting for its stream's turn is dropped
   * (rejected UNAVAILABLE, nothing written); one already running goes on.
   */
  readonly signal?: AbortSignal;
}

/** How much work a `CommandHandler` accepts per stream. */
export interface CommandHandlerOptions {
  /** Folded states of recently used streams kept (default 2000). */
  readonly cacheSize?: number;
  /**
   * Commands waiting for a stream's turn (the running one aside) beyond which a new command of that stream is refused
   * at once, RATE_LIMITED with `retryAfterMs` (default 200: about a second of appends of a busy room).
   */
  readonly maxWaitingPerStream?: number;
  /** A new command of a stream is refused the same way while its oldest waiting command has waited longer than this (default 2000 ms). */
  readonly maxStreamWaitMs?: number;
}

/**
 * What else may make a cached state wrong, outside this handler's appends: an erasure, here or in another process,
 * makes a person's fields read as tombstones and rewrites the texts naming them in the log, in place (no new event
 * tells a reader: docs/adr/0006-personal-data.md). Asked before each load reads the cache.
 */
export interface CachedStateCheck {
  /** Calls `CommandHandler.forgetAll` (before resolving) when what the cache holds may no longer be what the log says. */
  beforeRead(): void | Promise<void>;
}

export interface CommandResult<E extends Message<string, unknown>> {
  readonly stream: string;
  /** Revision of the stream after the command (-1n when the stream is still empty). */
  readonly revision: bigint;
  /** Global position of the last event written, or of the event that answered it before (retry). */
  readonly position: bigint;
  /** The events this call wrote: none for an idempotent retry or a command that changed nothing. */
  readonly events: readonly E[];
  /** True when nothing new was written because the command had already been carried out. */
  readonly replayed: boolean;
  /**
   * A replay answered by an earlier command of the same actor with the same key: the last event it wrote (read where
   * it was found), so that a caller may compare what it holds (the hub: a post's text). Absent otherwise.
   */
  readonly original?: RecordedEvent;
}

/**
 * The schema version stamped on an event: its type's current version in the
 * domain's registry (`EVENT_SCHEMAS`), 1 for a stream or a type the registry
 * does not know (docs/adr/0017-event-schema-evolution.md).
 */
export function schemaVersionFor(stream: string, type: string): number {
  return EVENT_SCHEMAS.currentVersion(stream, type) ?? 1;
}
/**
 * The id of the `index`-th event a command with an idempotency key writes to `stream`: the same for a retry by the
 * same actor (the store's `(stream, id)` index then writes it once), another for another actor's key.
 */
export function idempotentEventId(stream: string, actor: string, idempotencyKey: string, index: number): string {
  return deterministicUuid(`${stream}\n${actor}\n${idempotencyKey}\n${index}`);
}

const MAX_RACE_RETRIES = 5;
const IDEMPOTENCY_SCAN = 200;
/** The page of the whole-stream search of a refused command's key (`replayBeyondScan`). */
const WHOLE_STREAM_PAGE = 500;

interface Cached<S> {
  readonly revision: bigint;
  readonly position: bigint;
  readonly state: S;
}

/**
 * Load → decide → append, the one path of every command (no aggregate class,
 * no repository: the decider is the aggregate). Keeps the folded state of
 * recently used streams so a busy room does not re-read its history on each post;
 * optimistic concurrency keeps that cache honest.
 *
 * Commands on one stream run one after the other in this process (other streams
 * run alongside and share the store's group commit): a burst on a hot room queues
 * instead of racing, losing and retrying, up to a bound (`StreamLanes`: beyond, refused
 * RATE_LIMITED at once, rather than queued for minutes). Races with other processes remain, and
 * are retried from the cached state, caught up, never re-read from the start.
 */
export class CommandHandler {
  private readonly cache = new Map<string, Cached<unknown>>();
  /** Moved by each forget: a load read before it does not keep what it read (it may be what was forgotten). */
  private generation = 0;
  private readonly checks: CachedStateCheck[] = [];
  /** The commands of each busy stream, one after the other, what waits bounded. */
  private readonly lanes: StreamLanes;
  private readonly cacheSize: number;

  constructor(
    private readonly store: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 2000;
    this.lanes = new StreamLanes(options.maxWaitingPerStream ?? 200, options.maxStreamWaitMs ?? 2000);
  }

  /** Commands of `stream` waiting for their turn (the running one aside): tests, metrics. */
  waitingOn(stream: string): number {
    return this.lanes.waitingOn(stream);
  }

  /** Forgets every cached state (an erasure: the person's fields, and the log's texts naming them, read otherwise now). */
  forgetAll(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Asked before each load reads the cache from now on (`CachedStateCheck`). */
  checkCachedStatesWith(check: CachedStateCheck): void {
    this.checks.push(check);
  }

  handle<C, E extends Message<string, unknown>, S>(decider: Decider<C, E, S>, stream: string, command: C, context: CommandContext): Promise<CommandResult<E>> {
    return this.lanes.run(stream, context.signal, () => this.run(decider, stream, command, context));
  }

  private async run<C, E extends Message<string, unknown>, S>(
    decider: Decider<C, E, S>,
    stream: string,
    command: C,
    context: CommandContext,
  ): Promise<CommandResult<E>> {
    if (context.idempotencyKey) {
      const earlier = await this.findByIdempotencyKey(stream, context.actor, context.idempotencyKey);
      if (earlier) {
        refuseAnotherCommand(earlier, commandTypeOf(command), context.idempotencyKey);
        refuseAnotherPayload(earlier, commandTypeOf(command), context);
        return { stream, revision: earlier.revision, position: earlier.position, events: [], replayed: true, original: earlier };
      }
    }
    for (let attempt = 0; ; attempt++) {
      const generation = this.generation;
      const current = await this.load(decider, stream);
      let events: readonly E[];
      try {
        if (context.expectedRevision !== undefined && context.expectedRevision !== current.revision) {
          throw new WrongExpectedRevisionError(stream, context.expectedRevision, current.revision < 0n ? undefined : current.revision);
        }
        events = decider.decide(command, current.state);
      } catch (error) {
        // Refused before any append (a create's id given by the client: « already exists »): a retry whose key is
        // beyond the scan is found here, in the whole stream, and answered as above rather than refused.
        if (!isDomainError(error) && !(error instanceof WrongExpectedRevisionError)) throw error;
        const replay = await this.replayBeyondScan<E>(stream, command, context);
        if (replay) return replay;
        throw error;
      }
      if (events.length === 0) {
        const replay = await this.replayBeyondScan<E>(stream, command, context);
        return replay ?? { stream, revision: current.revision, position: current.position, events: [], replayed: true };
      }
      try {
        const toAppend = this.toAppend(stream, events, context, commandTypeOf(command));
        const result = await this.store.append(stream, toAppend, {
          expectedRevision: current.revision < 0n ? 'no_stream' : current.revision,
        });
        const counted = result.nextRevision === current.revision + BigInt(events.length);
        const answered = await this.answeredBy(stream, toAppend, result.nextRevision, counted, context);
        if (answered === undefined) {
          const state = events.reduce(decider.evolve, current.state);
          if (generation === this.generation) this.remember(stream, { revision: result.nextRevision, position: result.position, state });
          return { stream, revision: result.nextRevision, position: result.position, events, replayed: false };
        }
        // The store answered with an earlier append of the same ids (a retry, or a raced one): nothing new was written.
        this.cache.delete(stream);
        // Its command and payload are not necessarily this one's: refused as above. The event read where the store
        // answered, whatever the distance; the scan only when it could not be read there (never expected).
        const earlier = answered.event ?? (context.idempotencyKey ? await this.findByIdempotencyKey(stream, context.actor, context.idempotencyKey) : undefined);
        if (earlier && context.idempotencyKey) {
          refuseAnotherCommand(earlier, commandTypeOf(command), context.idempotencyKey);
          refuseAnotherPayload(earlier, commandTypeOf(command), context);
        }
        const first = answered.event ?? { revision: result.nextRevision, position: result.position };
        return { stream, revision: first.revision, position: first.position, events: [], replayed: true, ...(earlier ? { original: earlier } : {}) };
      } catch (error) {
        // The cached state is still right as of its revision: the next load catches up from there.
        const raced = error instanceof WrongExpectedRevisionError && context.expectedRevision === undefined;
        if (!raced || attempt >= MAX_RACE_RETRIES) throw error;
      }
    }
  }

  /**
   * The current folded state of a stream (read through the cache). A stream
   * holding an event the code cannot read at the current version of its type
   * (`metadata.unreadable`: newer than this code, or with no upcaster) is
   * refused with `UnreadableEventError`: deciding on a state that lacks it
   * could break a rule.
   */
  async load<C, E, S>(decider: Decider<C, E, S>, stream: string): Promise<Cached<S>> {
    for (const check of this.checks) {
      // Nothing awaited when the check has nothing to ask (no erasure under way): the common load stays as it was.
      const asked = check.beforeRead();
      if (asked) await asked;
    }
    const generation = this.generation;
    const cached = this.cache.get(stream) as Cached<S> | undefined;
    let { revision, position, state } = cached ?? { revision: -1n, position: 0n, state: decider.initialState() };
    for (;;) {
      const page = await this.store.readStream(stream, { from: revision + 1n, direction: 'forwards', limit: 500 });
      for (const event of page) {
        const unreadable = unreadableReason(event);
        if (unreadable !== undefined) throw new UnreadableEventError(stream, event.revision, event.type, unreadable);
        state = decider.evolve(state, { type: event.type, data: event.data } as E);
        revision = event.revision;
        position = event.position;
      }
      if (page.length < 500) break;
    }
    const loaded = { revision, position, state };
    // An empty stream is not kept: it would be read from its start again anyway, and asking for random ids (an access
    // check of a feed about nothing) would push the states worth keeping out of the cache.
    // Forgotten meanwhile (an erasure): what was read may be what was forgotten, it is read again next time.
    if (revision >= 0n && generation === this.generation) this.remember(stream, loaded);
    return loaded;
  }

  private remember(stream: string, entry: Cached<unknown>): void {
    this.cache.delete(stream);
    this.cache.set(stream, entry);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }

  private toAppend<E extends Message<string, unknown>>(
    stream: string,
    events: readonly E[],
    context: CommandContext,
    commandType: string | undefined,
  ): EventToAppend[] {
    const common = {
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.correlationId,
      actor: context.actor,
      occurredAt: context.occurredAt,
    };
    // With a key, the command it was given to (its type: never personal) and the keyed fingerprint of its payload
    // (never the payload, nor a plain hash of it), so that the key cannot answer another command or payload.
    const extra = context.idempotencyKey
      ? {
          idempotencyKey: context.idempotencyKey,
          ...(commandType ? { command: commandType } : {}),
          ...(context.payloadFingerprint ? { payloadFingerprint: context.payloadFingerprint } : {}),
        }
      : {};
    return events.map((event, index): EventToAppend => ({
      // A retried request with the same key (of the same actor) yields the same ids: the store writes them once.
      // Otherwise time-ordered ids (UUIDv7) keep the store's (stream, id) index append-mostly.
      id: context.idempotencyKey ? idempotentEventId(stream, context.actor, context.idempotencyKey, index) : timeOrderedUuid(),
      type: event.type,
      data: event.data,
      metadata: { ...common, schemaVersion: schemaVersionFor(stream, event.type), ...extra } satisfies EventMetadata,
    }));
  }

  /**
   * Whether an append wrote this call's events (undefined) or was answered by the store with an earlier append of the
   * same ids, with that append's last event when it could be read (`{ event }`). The ids of a command with a key derive
   * from the stream, the actor and the key, so the same ids are an earlier command of the same actor with the key:
   * - not counted (the store answered at an earlier revision): a retry, however many events came after it (the scan
   *   of the last 200 may have missed it). Its last event is read at the revision the store answered, so that its
   *   command and fingerprint are compared there and the replay answers its revision and position.
   * - counted (at the revision this append expected): written by this call, unless another process appended the same
   *   ids at the same revision (raced with the same key). Told apart by the command and fingerprint kept beside the
   *   key, read back only when there is a fingerprint (without one nothing is compared: one read less, and the first
   *   result answers as before).
   */
  private async answeredBy(
    stream: string,
    appended: readonly EventToAppend[],
    revision: bigint,
    counted: boolean,
    context: CommandContext,
  ): Promise<{ readonly event?: RecordedEvent } | undefined> {
    if (counted && (!context.idempotencyKey || !context.payloadFingerprint)) return undefined;
    if (!counted && !context.idempotencyKey) return {};
    const [event] = await this.store.readStream(stream, { from: revision, direction: 'forwards', limit: 1 });
    if (!event || !appended.some((proposed) => proposed.id === event.id)) return counted ? undefined : {};
    if (!counted) return { event };
    const mine = appended[appended.length - 1]?.metadata;
    const same = event.metadata['payloadFingerprint'] === mine?.['payloadFingerprint'] && event.metadata['command'] === mine?.['command'];
    return same ? undefined : { event };
  }

  private async findByIdempotencyKey(stream: string, actor: string, key: string): Promise<RecordedEvent | undefined> {
    const recent = await this.store.readStream(stream, { from: 'end', direction: 'backwards', limit: IDEMPOTENCY_SCAN });
    // Backwards: the first match is the last event the original command wrote.
    return recent.find((event) => isKeyOf(event, actor, key));
  }

  /**
   * A command with a key that deciding refused (a domain error, a stale `If-Match`) or that decided nothing: if the
   * same actor's key is anywhere in the stream (the scan of the last 200 missed it), it is a retry of that command,
   * answered as one (another command or payload is `409`, as at the scan). The whole stream is read backwards, page by
   * page, only on this path: the common path (a new command, decided and appended) keeps its one scan.
   */
  private async replayBeyondScan<E extends Message<string, unknown>>(
    stream: string,
    command: unknown,
    context: CommandContext,
  ): Promise<CommandResult<E> | undefined> {
    const key = context.idempotencyKey;
    if (key === undefined) return undefined;
    const earlier = await this.findInWholeStream(stream, context.actor, key);
    if (!earlier) return undefined;
    refuseAnotherCommand(earlier, commandTypeOf(command), key);
    refuseAnotherPayload(earlier, commandTypeOf(command), context);
    return { stream, revision: earlier.revision, position: earlier.position, events: [], replayed: true, original: earlier };
  }

  private async findInWholeStream(stream: string, actor: string, key: string): Promise<RecordedEvent | undefined> {
    let from: bigint | 'end' = 'end';
    for (;;) {
      const page = await this.store.readStream(stream, { from, direction: 'backwards', limit: WHOLE_STREAM_PAGE });
      const found = page.find((event) => isKeyOf(event, actor, key));
      if (found) return found;
      const oldest = page.at(-1);
      if (page.length < WHOLE_STREAM_PAGE || !oldest || oldest.revision <= 0n) return undefined;
      from = oldest.revision - 1n;
    }
  }
}

/** An event written by `actor`'s command with `key`. */
function isKeyOf(event: RecordedEvent, actor: string, key: string): boolean {
  return event.metadata['idempotencyKey'] === key && event.metadata.actor === actor;
}

/** The `type` of a command (every decider's commands are `{type, data}`), if it has one. */
function commandTypeOf(command: unknown): string | undefined {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * A key already given by this actor on this stream to another command: `409 CONFLICT`, rather than the first
 * command's result for a command that never ran (the client would believe it done). Events recorded before the
 * command was kept beside the key cannot tell: they answer as before.
 */
function refuseAnotherCommand(earlier: RecordedEvent, commandType: string | undefined, key: string): void {
  const first = earlier.metadata['command'];
  if (typeof first !== 'string' || commandType === undefined || first === commandType) return;
  throw new AppError('CONFLICT', `Idempotency-Key ${key} was already used for ${first} on this resource: send ${commandType} with a new key`);
}

/**
 * A key already given by this actor on this stream to the same command with another payload (another milestone's
 * title…): `409 CONFLICT`, rather than the first result for a payload never recorded. Compared only when both the
 * earlier events and this request carry a fingerprint made under the same secret (`fingerprintsDiffer`): events
 * recorded before, a rotated secret, or a caller that sends none (the CLI, the hub) answer as before.
 */
function refuseAnotherPayload(earlier: RecordedEvent, commandType: string | undefined, context: CommandContext): void {
  const first = earlier.metadata['payloadFingerprint'];
  if (typeof first !== 'string' || context.payloadFingerprint === undefined || !fingerprintsDiffer(first, context.payloadFingerprint)) return;
  const what = commandType ?? 'this command';
  throw new AppError(
    'CONFLICT',
    `Idempotency-Key ${context.idempotencyKey ?? ''} was already used for ${what} with another payload on this resource: send this one with a new key`,
  );
}

/** A name-based UUID (RFC 9562 version 8 layout over SHA-256). */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
