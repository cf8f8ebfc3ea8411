import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { CSV_MEDIA_TYPE, documentsToCsv, type FlattenOptions } from '@catalyse/protocol';
import { deferredNotFound } from '../access/deferred-not-found';

/** Whether the request prefers CSV to JSON (`Accept: text/csv`; `*\/*` and no header mean JSON). */
export function prefersCsv(request: Pick<Request, 'accepts'>): boolean {
  return request.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** The headers of a CSV download named `{name}.csv`. */
export function setCsvHeaders(response: Pick<Response, 'setHeader'>, name: string): void {
  response.setHeader('Content-Type', CSV_MEDIA_TYPE);
  response.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
}

/** What a route returned, as rows for CSV: a page's items (and its total and next offset), a list, or one object. */
function rowsOf(answer: unknown): { rows: readonly unknown[]; total?: number; next?: number } {
  if (Array.isArray(answer)) return { rows: answer };
  if (typeof answer === 'object' && answer !== null && 'items' in answer && Array.isArray(answer.items)) {
    const total = 'total' in answer && typeof answer.total === 'number' ? answer.total : undefined;
    const next = 'next' in answer && typeof answer.next === 'number' ? answer.next : undefined;
    return { rows: answer.items, ...(total === undefined ? {} : { total }), ...(next === undefined ? {} : { next }) };
  }
  return { rows: [answer] };
}

/**
 * A list's CSV with its maps keyed by ids each in one cell (`FlattenOptions.maps` of `@catalyse/protocol`): give it to
 * `CsvAnswer` for a read model whose documents hold such maps (a partnership's `objectives` by organisation).
 */
export function listCsv(options: FlattenOptions): (answer: unknown) => string {
  return (answer) => documentsToCsv(rowsOf(answer).rows, options);
}

/**
 * Answers CSV instead of JSON when the request prefers it: the same answer (a
 * page's items, a list, or one document), its documents flattened into
 * columns (`documentsToCsv` of `@catalyse/protocol`), as a download named
 * `{name}.csv`; a page's `total` goes in `X-Total-Count`, its `next` (more rows follow from that offset) in
 * `X-Next-Offset`. Errors stay JSON.
 */
@Injectable()
export class CsvInterceptor implements NestInterceptor {
  constructor(
    private readonly name: string,
    private readonly toCsv: (answer: unknown) => string = (answer) => documentsToCsv(rowsOf(answer).rows),
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (!prefersCsv(request)) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer: unknown) => {
        if (deferredNotFound(request)) return answer;
        const csv = this.toCsv(answer);
        setCsvHeaders(response, this.name);
        const { total, next } = rowsOf(answer);
        if (total !== undefined) response.setHeader('X-Total-Count', String(total));
        if (next !== undefined) response.setHeader('X-Next-Offset', String(next));
        return csv;
      }),
    );
  }
}

/**
 * A route that also answers CSV (`Accept: text/csv`), downloaded as
 * `{name}.csv`: every read-model list, and any table (give `toCsv` to choose
 * the columns, e.g. with `toCsv` of `@catalyse/protocol`).
 */
export function CsvAnswer(name: string, toCsv?: (answer: unknown) => string): MethodDecorator {
  return applyDecorators(
    UseInterceptors(new CsvInterceptor(name, toCsv)),
    ApiProduces('application/json', 'text/csv'),
    ApiHeader({
      name: 'Accept',
      required: false,
      description: '`text/csv` for CSV (UTF-8 with BOM, RFC 4180; `X-Total-Count` holds a page’s total, `X-Next-Offset` its `next` when more rows follow)',
    }),
  );
}
