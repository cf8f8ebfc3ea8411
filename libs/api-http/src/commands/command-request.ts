import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext, Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { canonicalJson } from '@catalyse/commands';
import { AppError, type Principal } from '@catalyse/protocol';
import { calendarDateOf, CLOCK, type Clock } from '../setup/clock';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import { deferredNotFound } from '../access/deferred-not-found';
import { present } from './present';

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,100}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

interface HeaderBag {
  readonly headers: Record<string, string | string[] | undefined>;
}
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
  getHeader?(name: string): unknown;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The request's correlation id: the caller's `X-Correlation-Id` when it is a
 * short printable token, else a new UUID. Written back into the request headers
 * (so loggers that run later see the same id) and echoed in the response.
 */
export function ensureCorrelationId(req: HeaderBag, res: HeaderSink): string {
  const given = single(req.headers[CORRELATION_HEADER])?.trim();
  const id = given !== undefined && CORRELATION_ID.test(given) ? given : randomUUID();
  req.headers[CORRELATION_HEADER] = id;
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

/** Express middleware form of `ensureCorrelationId`, installed first by `configureHttpApp`. */
export function correlationMiddleware(req: HeaderBag, res: HeaderSink, next: () => void): void {
  ensureCorrelationId(req, res);
  next();
}

/**
 * `"3"` or `3`: a quote opened is closed (`"8` is no revision), and the digits are the revision's as its `ETag` writes
 * them (a strong comparison is character by character: `"05"` is not the tag `"5"`).
 */
const IF_MATCH = /^(?:"(0|[1-9]\d{0,18})"|(0|[1-9]\d{0,18}))$/;
/** A weak tag (`W/"3"`): If-Match compares tags strongly (RFC 9110, 13.1.1), so a weak one never matches. */
const WEAK = /^W\//;

/**
 * `If-Match` → the expected revision. Accepts `"3"` (the `ETag` of the revision read) and `3`; `*` (any current
 * representation) sets no expectation. A weak tag (`W/"3"`, such as Express writes on other answers) is no revision
 * the api wrote: a 400 VALIDATION saying so, as anything else, an unbalanced quote included (`"8`, `8"`).
 */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '' || value === '*') return undefined;
  if (WEAK.test(value)) {
    throw new AppError('VALIDATION', 'If-Match takes the strong tag of the revision you last saw, e.g. If-Match: "3", not a weak tag (W/"3")', {
      details: [{ field: 'If-Match', messages: ['a strong tag such as "3", not a weak tag'] }],
    });
  }
  const match = IF_MATCH.exec(value);
  const revision = match?.[1] ?? match?.[2];
  if (revision === undefined) {
    throw new AppError('VALIDATION', 'If-Match must hold the revision you last saw, e.g. If-Match: "3"', {
      details: [{ field: 'If-Match', messages: ['expected a revision such as "3"'] }],
    });
  }
  return BigInt(revision);
}

/** `Idempotency-Key` → the key: 1 to 200 printable ASCII characters without spaces (`!` to `~`), else 400 VALIDATION. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = header.trim();
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION', 'Idempotency-Key must be 1 to 200 printable ASCII characters, without spaces', {
      details: [{ field: 'Idempotency-Key', messages: ['1 to 200 printable ASCII characters, without spaces'] }],
    });
  }
  return key;
}

/** One instant of a request: every default date and `occurredAt` of a command come from it. */
export interface Moment {
  readonly now: Date;
  readonly iso: string;
  /** Today's calendar date in the network's time zone. */
  readonly today: string;
  /** The network's time zone (`TIME_ZONE`): the day of any other time (`dayOf` in validation/instant). */
  readonly timeZone: string;
}

/** The moment of `now` in the network's time zone: the one instant of a request, command or read. */
export function momentOf(now: Date, timeZone: string): Moment {
  return { now, iso: now.toISOString(), today: calendarDateOf(now, timeZone), timeZone };
}

/**
 * Everything a command needs besides its own fields: who sends it, the
 * correlation id, the `Idempotency-Key` and `If-Match` headers, where to write
 * the answer's headers, and the one instant the command happens at.
 */
export interface CommandRequest {
  readonly principal: Principal;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /**
   * With an `Idempotency-Key` only: what the client sent that defines the command, as canonical JSON
   * (`requestPayload`: the path's parameters and the body, keys sorted). Never stored: `Commands` keeps its keyed
   * fingerprint beside the key (ADR 0005, amendment of 2026-12-05).
   */
  readonly payload?: string;
  /** From `If-Match`: the revision the client last saw. */
  readonly expectedRevision?: bigint;
  /** Where to write the response headers (`ETag`, `Idempotent-Replayed`). */
  readonly response: HeaderSink;
  readonly at: Moment;
  /** What the access guard could not decide because the aggregate does not exist: thrown before the command runs. */
  readonly deferredNotFound?: AppError;
  /**
   * Aborted when the client goes away before its answer (the connection closed first): a command still waiting for
   * its stream's turn is then dropped, nothing written (it would be appended for no one; the client asks again with
   * its Idempotency-Key).
   */
  readonly abandoned?: AbortSignal;
}

interface RequestWithPrincipal extends HeaderBag {
  readonly principal?: Principal;
  readonly params?: unknown;
  readonly body?: unknown;
}

/**
 * What a client sent that defines its command, as canonical JSON: the route's path parameters (the resource, a
 * milestone's id…) and the JSON body, as they came (before validation fills defaults), keys sorted so that their
 * order does not matter; no body reads as `{}`. Nothing the api stamps (the moment, the actor) nor the ids it makes
 * when absent: with a key they derive from it (`Commands.idFor`), without one the payload is not compared.
 */
export function requestPayload(params: unknown, body: unknown): string {
  return canonicalJson({ params: params ?? {}, body: body ?? {} });
}

const fromHttpRequest = createParamDecorator((_: unknown, context: ExecutionContext): Omit<CommandRequest, 'at'> => {
  const http = context.switchToHttp();
  const req = http.getRequest<RequestWithPrincipal>();
  const res = http.getResponse<HeaderSink>();
  if (!req.principal) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
  const correlationId = ensureCorrelationId(req, res);
  const idempotencyKey = parseIdempotencyKey(single(req.headers['idempotency-key']));
  const expectedRevision = parseIfMatch(single(req.headers['if-match']));
  const deferred = deferredNotFound(req);
  const payload = idempotencyKey === undefined ? undefined : requestPayload(req.params, req.body);
  const abandoned = abandonedSignal(http.getResponse<ClosingResponse>());
  return {
    principal: req.principal,
    correlationId,
    response: res,
    ...present({ deferredNotFound: deferred, idempotencyKey, payload, expectedRevision, abandoned }),
  };
});

/** What a Node response tells of its end: `close` once it is over, `writableFinished` when its answer was all sent. */
interface ClosingResponse {
  readonly writableFinished?: boolean;
  once?(event: 'close', listener: () => void): unknown;
}

/** Aborted when the response closes before its answer was sent: the client went away. */
function abandonedSignal(res: ClosingResponse): AbortSignal | undefined {
  if (typeof res.once !== 'function') return undefined;
  const abandoned = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  return abandoned.signal;
}

/** Stamps a command request with the instant it happens at (the injected `CLOCK`, "today" in the network's time zone). */
@Injectable()
export class CommandMoment implements PipeTransform<Omit<CommandRequest, 'at'>, CommandRequest> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
  ) {}

  transform(request: Omit<CommandRequest, 'at'>): CommandRequest {
    return { ...request, at: momentOf(this.clock.now(), this.options.timeZone) };
  }
}

/**
 * `@CommandRequest() request: CommandRequest`: the one parameter every command
 * handler takes besides its path id and its body.
 */
export const CommandRequest = (): ParameterDecorator => fromHttpRequest(undefined, CommandMoment);
