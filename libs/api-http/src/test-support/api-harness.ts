/**
 * Int-test harness: a real Nest application of the api on a free port, over the
 * real SQLite event store and projection store (temporary files), with the
 * projector running and `AuthModule.forSecret(random)`, driven over real HTTP.
 * Test-only code (not exported by the lib).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Global, type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, TokenService } from '@catalyse/auth';
import { EVENT_SCHEMAS } from '@catalyse/domain';
import { EVENT_STORE, withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import { PERSONAL_DATA, PersonalDataEventStore } from '@catalyse/personal-data';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import type { Principal } from '@catalyse/protocol';
import { FEED_NOTIFIER, PROJECTION_STORE } from '@catalyse/projections';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
// The test composes the api with the real projector, as the all-in-one app does.
import { Projector, ProjectorModule } from '@catalyse/projector';
import { REPORT_STORE, type ReportStore } from '@catalyse/reports';
import { ApiHttpModule } from '../api-http.module';
import { configureHttpApp, type ConfigureHttpAppOptions } from '../configure-http-app';
import type { Clock } from '../setup/clock';
import type { ApiHttpOptions } from '../setup/options';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (e.g. malformed JSON). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export interface ApiHarness {
  readonly url: string;
  readonly app: INestApplication;
  readonly clock: TestClock;
  readonly secret: string;
  readonly projector: Projector;
  /** The data folder (events.db, keys.sqlite, read-models.db). */
  readonly dir: string;
  token(principal: Principal): string;
  request<T = Record<string, unknown>>(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  /** Waits until the projector has folded up to `position` (default: at most 10 s). */
  projected(position: unknown, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startApi(
  options: {
    api?: ApiHttpOptions;
    http?: ConfigureHttpAppOptions;
    now?: string;
    /** Given as `REPORT_STORE` (an erasure redacts it); closed by the caller. */
    reports?: ReportStore;
    /** Given as `JOB_QUEUE` (none by default); closed by the caller. */
    jobs?: JobQueue;
    /** More modules beside the api's, as the services add theirs (their logging middleware…). */
    imports?: readonly (Type | DynamicModule)[];
    /**
     * Another harness's data folder, its files opened again as a second process opens them (its projector waits as
     * standby while the first holds the lease); left for that harness to remove. Default: a new folder.
     */
    dir?: string;
  } = {},
): Promise<ApiHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'catalyse-api-http-'));
  // As the services open it (`openEventStore`): personal fields sealed with keys of their own file, reads upcast to the current versions.
  const personal = new PersonalDataEventStore(
    SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' }),
    SqliteKeyStore.open({ file: join(dir, 'keys.sqlite') }),
  );
  const events = withUpcasting(personal, EVENT_SCHEMAS);
  const readModels = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
  const notifier = new InProcessFeedNotifier();
  const secret = randomBytes(36).toString('base64url');
  const clock = new TestClock(new Date(options.now ?? '2025-01-06T09:00:00.000Z'));

  @Global()
  @Module({
    providers: [
      { provide: EVENT_STORE, useValue: events },
      { provide: PROJECTION_STORE, useValue: readModels },
      { provide: FEED_NOTIFIER, useValue: notifier },
      { provide: PERSONAL_DATA, useValue: personal },
      ...(options.reports ? [{ provide: REPORT_STORE, useValue: options.reports }] : []),
      ...(options.jobs ? [{ provide: JOB_QUEUE, useValue: options.jobs }] : []),
    ],
    exports: [EVENT_STORE, PROJECTION_STORE, FEED_NOTIFIER, PERSONAL_DATA, ...(options.reports ? [REPORT_STORE] : []), ...(options.jobs ? [JOB_QUEUE] : [])],
  })
  class TestStorageModule {}

  @Module({
    imports: [
      TestStorageModule,
      AuthModule.forSecret(secret),
      ProjectorModule,
      ApiHttpModule.forRoot({ clock, projector: { module: ProjectorModule, token: Projector }, ...options.api }),
      ...(options.imports ?? []),
    ],
  })
  class TestApiModule {}

  const app = await NestFactory.create(TestApiModule, { logger: ['error', 'warn'] });
  configureHttpApp(app, options.http);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const tokens = app.get(TokenService);
  const projector = app.get(Projector);

  return {
    url,
    app,
    clock,
    secret,
    projector,
    dir,
    token: (principal) => tokens.sign(principal),
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<HttpAnswer<T>> {
      const headers: Record<string, string> = { ...request.headers };
      if (request.token) headers['authorization'] = `Bearer ${request.token}`;
      let body: string | undefined;
      if (request.raw !== undefined) body = request.raw;
      else if (request.body !== undefined) body = JSON.stringify(request.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON (the docs page)
      }
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
    async projected(position: unknown, timeoutMs = 10_000): Promise<void> {
      const reached = await projector.waitForPosition(BigInt(String(position)), timeoutMs);
      if (!reached) throw new Error(`the projector did not reach position ${String(position)}`);
    },
    async close(): Promise<void> {
      await app.close();
      await notifier.close();
      await events.close();
      await readModels.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An accepted command's answer; some add the id they made at the edge. */
export interface Accepted {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly groupId?: string;
  readonly participantId?: string;
  readonly actionId?: string;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: { field: string; messages: string[] }[];
  readonly currentRevision?: string;
}

/**
 * The steps the HTTP specs repeat, on a harness started later (`beforeAll`):
 * `send` a command (expects its status, default 200, and an ETag holding the
 * new revision), `get` a read (expects 200), `refused` (expects the status and
 * error code, and a readable message).
 */
export function httpSteps(harness: () => ApiHarness) {
  return {
    async send(token: string, path: string, body: unknown, options: number | { status?: number; headers?: Record<string, string> } = {}): Promise<Accepted> {
      const { status = 200, headers } = typeof options === 'number' ? { status: options, headers: undefined } : options;
      const answer = await harness().request<Accepted>('POST', path, { token, body, ...(headers ? { headers } : {}) });
      if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      expect(answer.headers.get('etag')).toBe(`"${answer.body.revision}"`);
      return answer.body;
    },
    async get<T>(token: string, path: string): Promise<T> {
      const answer = await harness().request<T>('GET', path, { token });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async refused(
      token: string,
      method: string,
      path: string,
      body: unknown,
      status: number,
      code: string,
      headers?: Record<string, string>,
    ): Promise<ErrorBody> {
      const answer = await harness().request<ErrorBody>(method, path, { token, body, ...(headers ? { headers } : {}) });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status, code });
      expect(typeof answer.body.message).toBe('string');
      return answer.body;
    },
  };
}

/**
 * Catalyseurs who joined the network (an operator records them, joined long ago), for the commands that name one:
 * opening an accompaniment, assigning one to a partnership (a catalyseur nobody recorded is `404 NOT_FOUND`).
 */
export async function joinCatalyseurs(api: ApiHarness, ids: readonly string[], territory = 'grand-lyon'): Promise<void> {
  const token = api.token({ sub: 'op-catalyseurs', role: 'operator' });
  for (const id of ids) {
    const body = { id, name: id, sphere: 'association', territory, skills: ['accompagnement_partenariat'], joinedAt: '2000-01-01' };
    const answer = await api.request('POST', '/api/catalyseurs', { token, body });
    if (answer.status !== 201) throw new Error(`/api/catalyseurs: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/**
 * An operator erases a person (`POST /api/people/{id}/erase`, 202), then waits until the projector has finished it
 * (`GET /api/people/{id}` says `erased`, within 10 s): the read models, reports and log are redacted by then.
 */
export async function eraseAndWait(api: ApiHarness, operatorToken: string, person: string): Promise<void> {
  const accepted = await api.request<{ position: number }>('POST', `/api/people/${person}/erase`, {
    token: operatorToken,
    body: { reason: 'request_of_the_person' },
  });
  if (accepted.status !== 202) throw new Error(`erasing ${person}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  await api.projected(accepted.body.position);
  for (let i = 0; i < 200; i++) {
    const answer = await api.request<{ status: string }>('GET', `/api/people/${person}`, { token: operatorToken });
    if (answer.body.status === 'erased') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${person} is not erased after 10 s`);
}
