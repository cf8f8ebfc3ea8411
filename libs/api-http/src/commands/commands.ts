import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, deterministicUuid } from '@catalyse/commands';
import { aggregateFor, type AggregateCategory, type CommandOf, type EventOf, isDomainError, type StateOf } from '@catalyse/domain';
import { type CommandMetrics, type CommandOutcome, commandOutcomeOf } from '@catalyse/metrics';
import { PERSONAL_DATA, type PersonalDataEventStore, PersonErasedError } from '@catalyse/personal-data';
import { AppError } from '@catalyse/protocol';
import { toHttpError } from '../errors/error-mapping';
import { jsonInteger } from '../reads/json';
import type { CommandAccepted } from './accepted';
import type { CommandRequest } from './command-request';
import { PayloadFingerprints } from './payload-fingerprints';
import { present } from './present';

/** The `CommandHandler` the api uses: the composition root's when it provides one, else its own. */
export const API_COMMAND_HANDLER = 'catalyse.api.CommandHandler';

/** The api's `CommandMetrics` (in the app's `METRICS_REGISTRY` when it has one). */
export const API_COMMAND_METRICS = 'catalyse.api.CommandMetrics';

export interface Executed<E> {
  readonly accepted: CommandAccepted;
  /** The events the command wrote (none for a retry or a command that changed nothing). */
  readonly events: readonly E[];
}

/**
 * The one path from an HTTP route to the `CommandHandler`: the aggregate's
 * decider and stream come from the domain's registry (`AGGREGATES`), the
 * context (actor, correlation, time, Idempotency-Key and the keyed fingerprint
 * of the payload sent with it, If-Match) from the `CommandRequest`. Writes
 * `ETag` (and `Idempotent-Replayed` for a retry) and answers
 * `{id, revision, position}`. Access was checked before (`AccessGuard`).
 *
 * Times every command into `catalyse_command_duration_seconds{aggregate,
 * command, outcome}` (the outcome as the error filter will answer it), here on
 * the one path rather than in an interceptor: Nest's interceptor machinery
 * alone costs about a hundred microseconds a request (see
 * `DeferredNotFoundInterceptor`), this a microsecond.
 *
 * **Nothing more about an erased person** (docs/adr/0006-personal-data.md): a command whose principal (the token's
 * `sub`) is being erased or erased is refused here, on the one path every write takes, with `410 PERSON_ERASED`
 * before anything is read or appended (`assertPrincipal`, once per request); a command naming one (a catalyseur, a
 * member, attendees…) is refused by the store, whose inventory (`personalDataOf`) lists every person an event
 * concerns, and by `assertMember` for the catalyseurs the api checks. A command that only ENDS a relation with an
 * erased person (a release, their departure recorded by an operator, a removal from a room, closing their
 * accompaniment, cancelling their registration to a gathering, their leaving a working group) is recorded, with nothing personal about them (`assertNothingPersonalAbout`): so an operator can
 * clean up after an erasure.
 */
@Injectable()
export class Commands {
  constructor(
    @Inject(API_COMMAND_HANDLER) private readonly handler: CommandHandler,
    @Inject(API_COMMAND_METRICS) private readonly metrics: CommandMetrics,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalDataEventStore,
  ) {
    this.fingerprints = new PayloadFingerprints(personal.keys);
  }

  /** Requests whose principal was checked (a route checking references first, then sending, asks once). */
  private readonly checkedPrincipals = new WeakMap<CommandRequest, Promise<void>>();

  /** The keyed fingerprints of the payloads sent with an `Idempotency-Key` (ADR 0005, amendment of 2026-12-05). */
  private readonly fingerprints: PayloadFingerprints;

  /** Runs `command` on aggregate `id` of `category` (`create`: a new stream, where an `If-Match` revision is refused: `refuseIfMatch`). */
  async execute<K extends AggregateCategory>(
    request: CommandRequest,
    category: K,
    id: string,
    command: CommandOf<K>,
    options: { readonly create?: boolean } = {},
  ): Promise<Executed<EventOf<K>>> {
    // Bad input, answered before the command runs (and so not timed): a create is matched against no revision.
    if (options.create) refuseIfMatch(request);
    const started = performance.now();
    let outcome: CommandOutcome = 'ok';
    try {
      await this.assertPrincipal(request);
      if (request.deferredNotFound) throw request.deferredNotFound;
      const { decider, streamOf } = aggregateFor(category);
      const stream = streamOf(id);
      // With a key, what the client sent is fingerprinted (keyed, under the key of the request's month, bound to the
      // actor, the stream and the key), so the same key with another payload is refused.
      const actor = request.principal.sub;
      const { idempotencyKey, payload } = request;
      const payloadFingerprint =
        idempotencyKey !== undefined && payload !== undefined
          ? await this.fingerprints.of(payload, request.at.now, { actor, stream, idempotencyKey })
          : undefined;
      const context = present({
        actor,
        correlationId: request.correlationId,
        occurredAt: request.at.iso,
        idempotencyKey: request.idempotencyKey,
        payloadFingerprint,
        expectedRevision: options.create ? undefined : request.expectedRevision,
        signal: request.abandoned,
      });
      const result = await this.handler.handle(decider, stream, command, context).catch(async (error: unknown) => {
        throw await this.withId(error, category, id, options);
      });
      request.response.setHeader('ETag', `"${result.revision.toString()}"`);
      if (request.idempotencyKey !== undefined && result.replayed) request.response.setHeader('Idempotent-Replayed', 'true');
      return { accepted: { id, revision: jsonInteger(result.revision), position: jsonInteger(result.position) }, events: result.events };
    } catch (error) {
      outcome = commandOutcomeOf(toHttpError(error).status);
      throw error;
    } finally {
      this.metrics.observe({ aggregate: category, command: command.type, outcome }, (performance.now() - started) / 1000);
    }
  }

  /** `execute`, answering only `{id, revision, position}`. */
  async send<K extends AggregateCategory>(
    request: CommandRequest,
    category: K,
    id: string,
    command: CommandOf<K>,
    options: { readonly create?: boolean } = {},
  ): Promise<CommandAccepted> {
    return (await this.execute(request, category, id, command, options)).accepted;
  }

  /** A command on an aggregate that does not exist: NOT_FOUND naming it (`partnership {id} not found`). */
  private async withId(error: unknown, category: AggregateCategory, id: string, options: { readonly create?: boolean }): Promise<unknown> {
    if (options.create || !isDomainError(error) || error.code !== 'NOT_FOUND') return error;
    const { status } = await this.state(category, id);
    return status === 'none' ? new AppError('NOT_FOUND', `${category} ${id} not found`) : error;
  }

  /**
   * The id the client gave, or a new one. With an `Idempotency-Key` a new id is
   * derived from the key (and the caller), so that a retried create targets the
   * same stream and is recognised as a retry.
   */
  idFor(request: CommandRequest, kind: string, given?: string): string {
    if (given !== undefined) return given;
    const key = request.idempotencyKey;
    return key === undefined ? randomUUID() : deterministicUuid(`${kind}\n${request.principal.sub}\n${key}`);
  }

  /**
   * The aggregates a command names beside its own exist (the write side, never behind): else `NOT_FOUND`
   * (`{kind} {id} not found`), before anything is appended. It runs in the handler, so after the access table and
   * the body's validation; the command's own aggregate (`target`, none for a create) is reported missing first,
   * as `execute` would. An `undefined` id is a reference the body did not give.
   */
  async assertReferences(
    request: CommandRequest,
    target: readonly [AggregateCategory, string] | undefined,
    references: readonly (readonly [AggregateCategory, string | undefined])[],
  ): Promise<void> {
    if (target === undefined) refuseIfMatch(request);
    await this.assertPrincipal(request);
    if (request.deferredNotFound) throw request.deferredNotFound;
    for (const [category, id] of target === undefined ? references : [target, ...references]) {
      if (id !== undefined && (await this.state(category, id)).status === 'none') throw new AppError('NOT_FOUND', `${category} ${id} not found`);
    }
  }

  /**
   * The caller is not a person being erased or erased: else `PERSON_ERASED` (410), before anything else about the
   * command is looked at. Every command goes through it (`execute`, `assertReferences`, `assertMember`), so no route
   * can forget it; asked once per request.
   */
  async assertPrincipal(request: CommandRequest): Promise<void> {
    let checked = this.checkedPrincipals.get(request);
    if (checked === undefined) {
      checked = this.assertNotErased([request.principal.sub]);
      this.checkedPrincipals.set(request, checked);
    }
    await checked;
  }

  /** None of `persons` is being erased or erased: else `PERSON_ERASED` (410) naming them. */
  async assertNotErased(persons: readonly string[]): Promise<void> {
    const records = await Promise.all([...new Set(persons)].map((person) => this.personal.keys.record(person)));
    const erased = records.filter((record) => record.status === 'erasing' || record.status === 'erased').map((record) => record.subject);
    if (erased.length > 0) throw new PersonErasedError(erased);
  }

  /**
   * A command that ENDS a relation with `person` (a release, a departure recorded by an operator) is recorded even
   * once they are erased (the store lets it through: docs/adr/0006-personal-data.md), but with nothing personal about
   * them: a free text that would be sealed under their destroyed key (`field`, when given) is refused with
   * `PERSON_ERASED` (410) telling to send the command without it (`what`: « release them »).
   */
  async assertNothingPersonalAbout(request: CommandRequest, person: string, field: string, value: unknown, what: string): Promise<void> {
    await this.assertPrincipal(request);
    if (value === undefined) return;
    const record = await this.personal.keys.record(person);
    if (record.status === 'erasing' || record.status === 'erased') {
      throw new AppError(
        'PERSON_ERASED',
        `the personal data of ${person} was erased: ${what} without a ${field} (nothing personal may be recorded about them)`,
      );
    }
  }

  /**
   * An accompaniment goes on only with a catalyseur whose personal data stand: a session or a maturity recorded on
   * the accompaniment of an erased catalyseur (by an operator) adds to what they hold, `PERSON_ERASED` (410); closing
   * it ends the relation and is recorded (`AccompanimentClosed` names nobody).
   */
  async assertHolderNotErased(request: CommandRequest, accompanimentId: string): Promise<void> {
    await this.assertReferences(request, ['accompaniment', accompanimentId], []);
    const state = await this.state('accompaniment', accompanimentId);
    if (state.status !== 'none') await this.assertNotErased([state.catalyseurId]);
  }

  /**
   * A catalyseur a command names is one who joined the network and has not left: else `NOT_FOUND`, or
   * `RULE_VIOLATED` saying it left (`what`: what it cannot be given, as « assigned to a partnership »), or
   * `PERSON_ERASED` (410) when their personal data are erased or being erased (the caller's own erasure first).
   */
  async assertMember(request: CommandRequest, catalyseurId: string, what: string): Promise<void> {
    await this.assertPrincipal(request);
    await this.assertNotErased([catalyseurId]);
    const state = await this.state('catalyseur', catalyseurId);
    if (state.status === 'none') throw new AppError('NOT_FOUND', `catalyseur ${catalyseurId} not found`);
    if (state.status === 'left') throw new AppError('RULE_VIOLATED', `catalyseur ${catalyseurId} left the network: it cannot be ${what}`);
  }

  /**
   * A catalyseur who proposes a partnership is assigned to it (ADR 0025), so it must be a member of the network as
   * assignment requires, checked as one named to be assigned (`assertMember`): erased `PERSON_ERASED` (410), never
   * joined `NOT_FOUND` (404: join first, `POST /api/catalyseurs`), left `RULE_VIOLATED` (422); nothing is recorded
   * rather than a partnership accompanied by someone the network does not know. Other roles (partners, operators)
   * propose without being assigned.
   */
  async assertProposer(request: CommandRequest): Promise<void> {
    await this.assertPrincipal(request);
    const { principal } = request;
    if (principal.role === 'catalyseur') await this.assertMember(request, principal.sub, 'assigned to the partnership it proposes');
  }

  /**
   * The data of the first event of `type` in an aggregate's stream (the write side), if any: what the folded state
   * may have replaced since (a re-join replaces a catalyseur's `joinedAt`).
   */
  async firstEventData<K extends AggregateCategory>(category: K, id: string, type: EventOf<K>['type']): Promise<unknown> {
    const stream = aggregateFor(category).streamOf(id);
    for (let from = 0n; ;) {
      const page = await this.personal.readStream(stream, { from, direction: 'forwards', limit: 100 });
      const found = page.find((event) => event.type === type);
      if (found) return found.data;
      const last = page.at(-1);
      if (page.length < 100 || !last) return undefined;
      from = last.revision + 1n;
    }
  }

  /** The current state of an aggregate (the write side: never behind, unlike read models). */
  async state<K extends AggregateCategory>(category: K, id: string): Promise<StateOf<K>> {
    const { decider, streamOf } = aggregateFor(category);
    return (await this.handler.load(decider, streamOf(id))).state;
  }
}

/**
 * A create starts a stream: there is no revision the client could have seen, so an `If-Match` naming one is a
 * mistake (it was silently ignored), refused with 400 VALIDATION; `If-Match: *` sets no expectation and passes.
 */
export function refuseIfMatch(
  request: CommandRequest,
  what = 'a create: a new resource has no revision yet (send If-Match on the commands that follow)',
): void {
  if (request.expectedRevision === undefined) return;
  const message = `If-Match does not apply to ${what}`;
  throw new AppError('VALIDATION', message, { details: [{ field: 'If-Match', messages: [message] }] });
}
