import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,100}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

interface HeaderBag {
  readonly headers: Record<string, string | string[] | undefined>;
}
interface HeaderSink {
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
 * `If-Match` → the expected revision. Accepts `"3"`, `3` and `W/"3"`; `*`
 * (any current representation) sets no expectation.
 */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,19})"?$/.exec(value);
  if (!match?.[1]) {
    throw new AppError('VALIDATION', 'If-Match must hold the revision you last saw, e.g. If-Match: "3"', {
      details: [{ field: 'If-Match', messages: ['expected a revision such as "3"'] }],
    });
  }
  return BigInt(match[1]);
}

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = header.trim();
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION', 'Idempotency-Key must be 1 to 200 printable ASCII characters', {
      details: [{ field: 'Idempotency-Key', messages: ['1 to 200 printable ASCII characters'] }],
    });
  }
  return key;
}

/** What the headers of a command request say about it. */
export interface CommandMeta {
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  readonly expectedRevision?: bigint;
  /** Where to write the response headers (`ETag`, `Idempotent-Replayed`). */
  readonly response: HeaderSink;
}

/** `@CommandHeaders() meta: CommandMeta`: correlation id, `Idempotency-Key`, `If-Match`. */
export const CommandHeaders = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const http = context.switchToHttp();
  const req = http.getRequest<HeaderBag>();
  const res = http.getResponse<HeaderSink>();
  const correlationId = ensureCorrelationId(req, res);
  const idempotencyKey = parseIdempotencyKey(single(req.headers['idempotency-key']));
  const expectedRevision = parseIfMatch(single(req.headers['if-match']));
  return {
    correlationId,
    response: res,
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
  };
});
