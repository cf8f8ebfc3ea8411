import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type CommandContext, type CommandResult, CommandHandler, deterministicUuid } from '@catalyse/commands';
import type { Decider, Message } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { calendarDateOf, CLOCK, type Clock } from './clock';
import { type JsonInteger, jsonInteger } from './json';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from './options';
import type { CommandMeta } from './request-meta';

/** The `CommandHandler` the api uses: the composition root's when it provides one, else its own. */
export const API_COMMAND_HANDLER = 'catalyse.api.CommandHandler';

/** Body of every accepted command: `201` for a create, `200` otherwise. */
export class CommandAccepted {
  @ApiProperty({ description: 'Id of the aggregate', example: '0b6f…' })
  readonly id!: string;
  @ApiProperty({ type: 'integer', description: 'Revision of its stream after the command (send it back in If-Match)', example: 3 })
  readonly revision!: JsonInteger;
  @ApiProperty({ type: 'integer', description: 'Global position of the last event written', example: 1042 })
  readonly position!: JsonInteger;
}

export class MessageAccepted extends CommandAccepted {
  @ApiPropertyOptional({ description: 'Id of the message (post-message only)' })
  readonly messageId?: string;
}

/** One instant of a request: every default date and `occurredAt` of a command come from it. */
export interface Moment {
  readonly now: Date;
  readonly iso: string;
  /** Today's calendar date in the network's time zone. */
  readonly today: string;
}

/**
 * Runs a command for an HTTP request: builds its context (actor, correlation,
 * time, idempotency key, expected revision), calls the `CommandHandler`, writes
 * `ETag` and answers `{id, revision, position}`.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(API_COMMAND_HANDLER) readonly handler: CommandHandler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
  ) {}

  moment(): Moment {
    const now = this.clock.now();
    return { now, iso: now.toISOString(), today: calendarDateOf(now, this.options.timeZone) };
  }

  today(): string {
    return calendarDateOf(this.clock.now(), this.options.timeZone);
  }

  /** The calendar date of an instant in the network's time zone. */
  dateOf(instant: Date): string {
    return calendarDateOf(instant, this.options.timeZone);
  }

  /**
   * A new id for something the client did not name. With an `Idempotency-Key`
   * it is derived from the key (and the caller), so that a retry targets the
   * same stream and is recognised as a retry.
   */
  newId(kind: string, principal: Principal, meta: CommandMeta): string {
    return meta.idempotencyKey === undefined ? randomUUID() : deterministicUuid(`${kind}\n${principal.sub}\n${meta.idempotencyKey}`);
  }

  async run<C, E extends Message<string, unknown>, S>(
    decider: Decider<C, E, S>,
    stream: string,
    id: string,
    command: C,
    principal: Principal,
    meta: CommandMeta,
    moment: Moment,
    options: { readonly create?: boolean } = {},
  ): Promise<{ readonly body: CommandAccepted; readonly result: CommandResult<E> }> {
    const context: CommandContext = {
      actor: principal.sub,
      correlationId: meta.correlationId,
      occurredAt: moment.iso,
      ...(meta.idempotencyKey !== undefined ? { idempotencyKey: meta.idempotencyKey } : {}),
      // If-Match has no meaning on a create: the stream does not exist yet.
      ...(meta.expectedRevision !== undefined && !options.create ? { expectedRevision: meta.expectedRevision } : {}),
    };
    const result = await this.handler.handle(decider, stream, command, context);
    meta.response.setHeader('ETag', `"${result.revision.toString()}"`);
    if (meta.idempotencyKey !== undefined && result.replayed) meta.response.setHeader('Idempotent-Replayed', 'true');
    return { body: { id, revision: jsonInteger(result.revision), position: jsonInteger(result.position) }, result };
  }

  /** The current folded state of a stream (write side: never behind, unlike read models). */
  async state<C, E, S>(decider: Decider<C, E, S>, stream: string): Promise<S> {
    return (await this.handler.load(decider, stream)).state;
  }
}
