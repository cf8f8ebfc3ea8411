import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { CORRELATION_HEADER } from '../commands/command-request';
import { toHttpError } from './error-mapping';

interface Res {
  headersSent: boolean;
  status(code: number): Res;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}
interface Req {
  headers?: Record<string, string | string[] | undefined>;
  method?: string;
  originalUrl?: string;
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
    const { status, body, headers, unexpected } = toHttpError(exception);
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
