import { type CallerName, type FuzzRequest, generateRequest } from './http-requests';
import type { OpenApiDocument, Route, World } from './openapi';
import type { Prng } from './prng';

/** What came back for each request: its status and error code, and the failures (5xx, no answer). */
export interface HttpOutcome {
  /** Status by request index (its correlation id is `correlationPrefix + index`). */
  readonly statuses: readonly number[];
  readonly byStatus: Readonly<Record<string, number>>;
  /** The routes that took the longest in all, with their total milliseconds. */
  readonly slowest: readonly string[];
  readonly failures: readonly string[];
}

export interface HttpRun {
  readonly baseUrl: string;
  readonly document: OpenApiDocument;
  readonly routes: readonly Route[];
  readonly world: World;
  readonly tokens: Readonly<Record<CallerName, string | undefined>>;
  readonly count: number;
  readonly concurrency: number;
  /** Sent as `X-Correlation-Id` with the request's index: the events a request wrote carry it. */
  readonly correlationPrefix: string;
}

/** A request as a failure message tells it, enough to see what was sent (the seed replays it exactly). */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length} chars)=${request.body.slice(0, 300)}`;
  return `#${request.index} ${request.route} as ${request.caller}: ${request.method} ${request.url.slice(0, 300)} headers=${JSON.stringify(request.headers)}${body}`;
}

/**
 * Sends `count` generated requests, `concurrency` at a time, routes taken in
 * turn (each route of the document gets its share). Requests are generated
 * in index order from the PRNG, whatever the answers: a seed gives the same
 * requests.
 */
export async function runHttp(rng: Prng, run: HttpRun): Promise<HttpOutcome> {
  const statuses: number[] = [];
  const byStatus: Record<string, number> = {};
  const failures: string[] = [];
  const time = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < run.count; index = next++) {
      const route = run.routes[index % run.routes.length] as Route;
      const request = generateRequest(rng, index, route, run.document, run.world);
      let answer: Answer;
      const started = Date.now();
      try {
        answer = await send(run, request);
        time.set(request.route, (time.get(request.route) ?? 0) + Date.now() - started);
      } catch (error) {
        failures.push(`${describeRequest(request)} → no answer: ${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`);
        statuses[index] = 0;
        continue;
      }
      statuses[index] = answer.status;
      const key = `${answer.status} ${answer.code ?? ''}`.trim();
      byStatus[key] = (byStatus[key] ?? 0) + 1;
      if (answer.status >= 500) failures.push(`${describeRequest(request)} → ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  const slowest = [...time]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([route, ms]) => `${route} ${ms} ms`);
  return { statuses, byStatus, slowest, failures };
}

interface Answer {
  readonly status: number;
  readonly code?: string;
  readonly text: string;
}

async function send(run: HttpRun, request: FuzzRequest): Promise<Answer> {
  const token = run.tokens[request.caller];
  const response = await fetch(`${run.baseUrl}${request.url}`, {
    method: request.method,
    headers: {
      ...request.headers,
      'x-correlation-id': `${run.correlationPrefix}${request.index}`,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let code: string | undefined;
  if (response.status >= 400) {
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      code = 'not JSON';
    }
  }
  return { status: response.status, ...(code ? { code } : {}), text };
}
