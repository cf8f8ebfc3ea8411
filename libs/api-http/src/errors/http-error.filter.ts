import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';
import { CORRELATION_HEADER } from '../commands/command-request';
import { allowedMethods } from './allowed-methods';
import { toHttpError } from './error-mapping';

interface Res {
  headersSent: boolean;
  status(code: number): Res;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
  end(): unknown;
}
interface Req {
  app?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  method?: string;
  originalUrl?: string;
  path?: string;
  url?: string;
}

/**
 * The one global HTTP exception filter: every refusal gets `{code, message, details?, currentRevision?, requestId}`,
 * `requestId` being the request's correlation id (`X-Correlation-Id`, also in its log lines): what a user quotes to an operator.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const res = http.getResponse<Res>();
    const req = http.getRequest<Req>();
    let refused = exception;
    const allowed = unrouted(exception) ? allowedMethods(req.app, req.path ?? '') : [];
    if (allowed.length > 0 && !res.headersSent) {
      // A path the api serves, asked with another method: `OPTIONS` says which (CORS preflights never get here), others 405.
      res.setHeader('Allow', allowed.join(', '));
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      refused = new AppError('METHOD_NOT_ALLOWED', `${req.method ?? '?'} is not a method of ${req.path ?? '?'}: ${allowed.join(', ')}`);
    }
    const { status, body, headers, unexpected } = toHttpError(refused);
    if (unexpected) {
      const where = `${req.method ?? '?'} ${req.originalUrl ?? req.url ?? '?'}`;
      this.logger.error(
        `${where} failed: ${exception instanceof Error ? exception.message : String(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    const requestId = req.headers?.[CORRELATION_HEADER];
    res.status(status).json(typeof requestId === 'string' ? { ...body, requestId } : body);
  }
}

/** Nest's answer when no route has this method and path (`Cannot PUT /api/…`). */
function unrouted(exception: unknown): boolean {
  return exception instanceof NotFoundException && /^Cannot [A-Z]+ \//.test(exception.message);
}
