import { Logger } from '@nestjs/common';
import { unzipSync } from 'fflate';
import { REPORT_STORE, type ReportStore } from '@catalyse/reports';
import { buildOpenApiDocument } from '../openapi/swagger';
import type { ApiHarness, ErrorBody } from '../test-support/api-harness';
import { givenGersPartnerships, type ReportingApi, startReportingApi } from '../test-support/reporting-api';

/**
 * `GET /api/reports/{id}/archive` when the report store fails or the client goes (real HTTP, a real SQLite report
 * store whose `get` is wrapped to count the reads and fail one): a failure at the first file is the api's error
 * (5xx, `{code, message, requestId}`), never Nest's `400 Bad Request`; one after it cuts the answer (the client sees
 * it aborted, not a complete-looking archive), is logged, and the api goes on serving; a client that leaves stops the
 * reads from the store. The OpenAPI document says both.
 */
describe('a report’s ZIP when the store fails or the client leaves (real SQLite, real HTTP)', () => {
  let reporting: ReportingApi;
  let api: ApiHarness;
  let operator: string;
  let batchId = '';
  /** Reads of the store since the last `reset`, and what the next ones do before reading (throw, wait). */
  let reads = 0;
  let before: ((read: number) => Promise<void> | void) | undefined;
  const reset = (fault?: (read: number) => Promise<void> | void): void => {
    reads = 0;
    before = fault;
  };

  const archive = (signal?: AbortSignal): Promise<Response> =>
    fetch(`${api.url}/api/reports/${batchId}/archive`, { headers: { authorization: `Bearer ${operator}` }, ...(signal ? { signal } : {}) });
  /** The status and the whole body, or `aborted` when the answer is cut (before its headers, or in its body). */
  const outcome = async (): Promise<'aborted' | { status: number; type: string | null; body: Uint8Array }> => {
    try {
      const answer = await archive();
      return { status: answer.status, type: answer.headers.get('content-type'), body: new Uint8Array(await answer.arrayBuffer()) };
    } catch {
      return 'aborted';
    }
  };
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    reporting = await startReportingApi('2026-12-05T10:00:00.000Z');
    api = reporting.api;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await givenGersPartnerships(api, operator);
    batchId = await reporting.report(operator, { kind: 'partnership', territory: 'gers' });
    // The store the api reads, wrapped: each read counted, and failed or held as the test says.
    const store = api.app.get<ReportStore>(REPORT_STORE);
    const get = store.get.bind(store);
    store.get = async (...args) => {
      reads++;
      await before?.(reads);
      return get(...args);
    };
  });
  afterEach(() => {
    reset();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('the store failing at the first file: the api’s 500, in its error shape, no byte of a ZIP', async () => {
    reset(() => {
      throw new Error('report store unreachable');
    });
    const answer = await archive();
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('content-disposition')).toBeNull();
    const body = (await answer.json()) as ErrorBody;
    expect(body).toEqual({ code: 'INTERNAL', message: expect.any(String) as string, requestId: expect.any(String) as string });
    expect(reads).toBe(1);
  });

  it('the OpenAPI document says both: a 500 in the api’s error shape before the first byte, a truncated ZIP after it', () => {
    type Operation = { responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }> };
    const responses = (buildOpenApiDocument(api.app).paths['/api/reports/{id}/archive']?.['get'] as Operation | undefined)?.responses ?? {};
    const internal = responses['500'];
    // The error body in JSON, not under the route's `application/zip`.
    expect(internal?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } });
    expect(internal?.description).toMatch(/^INTERNAL: the report store failed before the first byte of the ZIP .*api’s error shape/);
    expect(internal?.description).toContain('after the first byte');
    expect(internal?.description).toContain('the client gets a truncated ZIP');
  });

  it.each([
    ['at once', () => Promise.resolve()],
    ['once the answer is under way', () => sleep(100)],
  ])('the store failing after the first file (%s): the answer is cut, the fault logged, the api serves on', async (_when, wait) => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    reset(async (read) => {
      if (read !== 2) return;
      await wait();
      throw new Error('report store lost its disk');
    });
    // Never a status that blames the client, never an archive that looks whole.
    expect(await outcome()).toBe('aborted');
    expect(reads).toBe(2);
    expect(logged.mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringMatching(new RegExp(`^archive of report ${batchId} cut short: report store lost its disk$`)),
    );

    reset();
    const whole = await outcome();
    expect(whole).not.toBe('aborted');
    if (whole === 'aborted') return;
    expect(whole.status).toBe(200);
    expect(Object.keys(unzipSync(whole.body))).toHaveLength(9);
    expect(reads).toBe(9);
  });

  it('a client leaving mid-download: no more file is read from the store', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let second = (): void => undefined;
    const asked = new Promise<void>((resolve) => (second = resolve));
    reset(async (read) => {
      if (read !== 2) return;
      second();
      await held;
    });
    const client = new AbortController();
    const answer = await archive(client.signal);
    expect(answer.status).toBe(200);
    await asked;
    client.abort();
    await expect(answer.arrayBuffer()).rejects.toThrow();
    // The server sees the connection close, then the store answers the read it was asked before.
    await sleep(100);
    release();
    await sleep(200);
    expect(reads).toBe(2);
  });
});
