import { HttpException } from '@nestjs/common';
import { errorBodyOf, GENERIC_INTERNAL_MESSAGE } from '@catalyse/commands';
import { JobQueueUnavailableError } from '@catalyse/jobs';
import { type ErrorBody, type ErrorCode, HTTP_STATUS_OF } from '@catalyse/protocol';

export interface HttpError {
  readonly status: number;
  readonly body: ErrorBody;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** True when the error is ours (a bug or an outage), to be logged with its stack. */
  readonly unexpected?: boolean;
}

/** Errors raised by body-parser / http-errors: a status, a `type`, `expose` for client errors. */
interface HttpLibraryError {
  readonly status?: number;
  readonly statusCode?: number;
  readonly type?: string;
  readonly expose?: boolean;
  readonly message: string;
}

function isHttpLibraryError(error: unknown): error is HttpLibraryError {
  if (!(error instanceof Error)) return false;
  const e = error as Partial<HttpLibraryError>;
  const status = e.status ?? e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && e.expose === true;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
    case 410:
      return 'NOT_FOUND';
    case 406:
      return 'NOT_ACCEPTABLE';
    case 409:
    case 412:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'RULE_VIOLATED';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'VALIDATION';
  }
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

function bodyParserMessage(error: HttpLibraryError, status: number): string {
  switch (error.type) {
    case 'entity.parse.failed':
      return `malformed JSON body: ${error.message}`;
    case 'entity.too.large':
      return 'the request body is too large';
    default:
      return status === 415 ? `unsupported request body: ${error.message}` : error.message;
  }
}

/**
 * The one mapping from anything thrown to an HTTP answer: the application's
 * refusals through `errorBodyOf` (shared with the hub's acks), then what only
 * HTTP knows (Nest and body-parser errors; `Retry-After` of a RATE_LIMITED), as
 * `{code, message, details?, currentRevision?}` with the status of its code.
 * Bad input is always a 4xx; only our own failures are a 500, with a generic message.
 */
export function toHttpError(error: unknown): HttpError {
  const known = errorBodyOf(error);
  if (known) {
    if (known.retryAfterMs !== undefined) {
      // HTTP says it in `Retry-After` (whole seconds); the body keeps `{code, message}`.
      const { retryAfterMs, ...body } = known;
      return { status: HTTP_STATUS_OF[known.code], body, headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } };
    }
    const headers = known.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer' } : undefined;
    return { status: HTTP_STATUS_OF[known.code], body: known, ...(headers ? { headers } : {}) };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeForStatus(status);
    if (code === 'INTERNAL') return { status: 500, body: { code, message: GENERIC_INTERNAL_MESSAGE }, unexpected: true };
    let message = httpExceptionMessage(error);
    // Nest turns body-parser's SyntaxError into a 400 carrying JSON.parse's message.
    if (status === 400 && error.cause instanceof SyntaxError) message = `malformed JSON body: ${message}`;
    else if (status === 400 && /\bJSON\b/.test(message) && !message.startsWith('malformed JSON body')) message = `malformed JSON body: ${message}`;
    return { status, body: { code, message } };
  }
  if (error instanceof JobQueueUnavailableError) {
    // An outage of Redis, not a bug: the operator sees it in /api/health and in the job queue's log line.
    return { status: 503, body: { code: 'UNAVAILABLE', message: 'the job queue is unreachable for now (Redis); retry in a moment' } };
  }
  if (isHttpLibraryError(error)) {
    const status = error.status ?? error.statusCode ?? 400;
    return { status, body: { code: codeForStatus(status), message: bodyParserMessage(error, status) } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE }, unexpected: true };
}
