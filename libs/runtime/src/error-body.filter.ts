import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { GENERIC_INTERNAL_MESSAGE } from '@catalyse/commands';
import { AppError, type ErrorCode, HTTP_STATUS_OF } from '@catalyse/protocol';

interface Res {
  headersSent: boolean;
  status(code: number): Res;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}
interface Req {
  id?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  method?: string;
  originalUrl?: string;
  url?: string;
}

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,100}$/;
const CODE_OF_STATUS = new Map<number, ErrorCode>(Object.entries(HTTP_STATUS_OF).map(([code, status]) => [status, code as ErrorCode]));
const isCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(HTTP_STATUS_OF, value);

/**
 * The error bodies of the apps without the api's `HttpErrorFilter` (the hub and the projector apps, whose only HTTP
 * routes are `/api/health`, `/api/health/live` and `/api/metrics`): every refusal is `{code, message, details?,
 * requestId}` as on the api, never Nest's `{statusCode, message, error}`. A Nest `HttpException` keeps its status,
 * its body's `code` when it names one (else the code of its status) and its `details`; an `AppError` gets the
 * status of its code; anything else is a `500 INTERNAL` with a generic message (its text goes to the log only).
 * `requestId` is the request's correlation id: the caller's `X-Correlation-Id` when it is a short printable token
 * (the id the request's log line carries), else a new one; echoed in that header.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorBodyFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const res = http.getResponse<Res>();
    const req = http.getRequest<Req>();
    const { status, body } = this.answer(exception, req);
    if (res.headersSent) return;
    const requestId = correlationId(req);
    res.setHeader(CORRELATION_HEADER, requestId);
    res.status(status).json({ ...body, requestId });
  }

  private answer(exception: unknown, req: Req): { status: number; body: Record<string, unknown> } {
    if (exception instanceof AppError) return { status: HTTP_STATUS_OF[exception.code], body: { ...exception.toBody() } };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const given = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const code = isCode(given['code']) ? given['code'] : (CODE_OF_STATUS.get(status) ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION'));
      if (code === 'INTERNAL') return this.internal(exception, req);
      const message = typeof response === 'string' ? response : typeof given['message'] === 'string' ? given['message'] : exception.message;
      return { status, body: { code, message, ...(Array.isArray(given['details']) ? { details: given['details'] } : {}) } };
    }
    return this.internal(exception, req);
  }

  private internal(exception: unknown, req: Req): { status: number; body: Record<string, unknown> } {
    this.logger.error(
      `${req.method ?? '?'} ${req.originalUrl ?? req.url ?? '?'} failed: ${exception instanceof Error ? exception.message : String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    return { status: 500, body: { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE } };
  }
}

function correlationId(req: Req): string {
  const header = req.headers?.[CORRELATION_HEADER];
  const given = (Array.isArray(header) ? header[0] : header)?.trim();
  if (given !== undefined && CORRELATION_ID.test(given)) return given;
  // The id the request's log line got (pino's genReqId), when the caller gave none usable.
  return typeof req.id === 'string' && CORRELATION_ID.test(req.id) ? req.id : randomUUID();
}
