import type { FeedEntry } from '@catalyse/protocol';
import type { CallError, CommandAccepted, Doc, Page, Result } from './result';
import { newId } from '../id';

export type Query = Record<string, string | number | undefined>;

export interface CatalyseHttpOptions {
  /** Where Catalyse answers, e.g. `http://localhost:3000` (or `''` in a page it serves); `/api` is added. */
  readonly baseUrl: string;
  readonly token?: string;
  /** `fetch` to use (the global one by default). */
  readonly fetch?: typeof fetch;
}

export interface CommandOptions {
  /** Sent as `If-Match: "<revision>"`: the command applies only at that revision (409 with `currentRevision` otherwise). */
  readonly ifMatch?: number;
  /** Sent as `Idempotency-Key`; generated when absent. Every retry of this call reuses it. */
  readonly idempotencyKey?: string;
  /** Retries when no answer came (status 0), with the same key (default 2). */
  readonly retries?: number;
}

/** A create's options: a new resource has no revision, so no `ifMatch` (the api answers 400 to one). */
export type CreateOptions = Omit<CommandOptions, 'ifMatch'>;

/** A cut of history for the as-of reads (ADR 0014). */
export interface AsOf {
  readonly asOf?: string;
  readonly clock?: 'happened' | 'recorded';
  readonly position?: number;
}

export interface ObservatoryQuery {
  readonly asOf?: string;
  readonly clock?: 'happened' | 'recorded';
  readonly from?: string;
  readonly to?: string;
  readonly territory?: string;
  readonly region?: string;
}

/** `GET /api/feeds/{roomKey}` and `GET /api/rooms/{id}/feed`. */
export interface FeedPage {
  readonly room: string;
  readonly epoch: number;
  readonly head: number;
  readonly entries: readonly FeedEntry[];
}

export interface JobAccepted {
  readonly id: string;
  readonly status: string;
}
export interface JobState {
  readonly id: string;
  readonly status: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  readonly attemptsMade: number;
  readonly progress?: { readonly percent: number; readonly message?: string };
  readonly result?: unknown;
  readonly failedReason?: string;
}
export interface ReportAccepted extends JobAccepted {
  readonly download: string;
  readonly feed: string;
}
export type ReportFormat = 'json' | 'csv' | 'html';

const UNAVAILABLE = (message: string): CallError => ({ status: 0, code: 'UNAVAILABLE', message });

/**
 * The HTTP API of Catalyse, typed: every call answers a `Result` (never throws
 * for an error status or a lost network); commands carry `If-Match` and an
 * `Idempotency-Key` reused by their retries. Runs in a browser and in Node (global `fetch`).
 */
/** Why personal data are erased (the api's list). */
export type ErasureReasonCode = 'request_of_the_person' | 'no_longer_needed' | 'consent_withdrawn' | 'objection' | 'unlawful_processing' | 'legal_obligation';
/** Where a person's erasure stands. */
export interface PersonRecord {
  readonly subject: string;
  readonly status: 'unknown' | 'active' | 'erasing' | 'erased';
  readonly erasureAskedAt?: string;
  readonly erasedAt?: string;
  readonly streams: number;
}
export interface PersonErasure extends PersonRecord {
  readonly position: number;
  readonly href: string;
}

export class CatalyseHttp {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: CatalyseHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The same client acting as another person. */
  withToken(token: string): CatalyseHttp {
    return new CatalyseHttp({ ...this.options, token });
  }

  /** The URL of `path` (under `/api`) with its query, e.g. for a download link. */
  url(path: string, query?: Query): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value));
    const qs = search.toString();
    return `${this.baseUrl}/api${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
  }

  /** A JSON read. */
  get<T>(path: string, query?: Query): Promise<Result<T>> {
    return this.call<T>('GET', path, query, undefined, {}, 'json');
  }

  /** A read as text (CSV with `Accept: text/csv` by default, or HTML). */
  text(path: string, query?: Query, accept = 'text/csv'): Promise<Result<string>> {
    return this.call<string>('GET', path, query, undefined, { accept }, 'text');
  }

  /** A command: body, optional If-Match (revision) and Idempotency-Key (generated when absent, reused on retry). */
  async command<T = CommandAccepted>(path: string, body?: unknown, options: CommandOptions = {}): Promise<Result<T>> {
    const headers: Record<string, string> = { 'idempotency-key': options.idempotencyKey ?? newId() };
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    let attemptsLeft = options.retries ?? 2;
    for (;;) {
      const result = await this.call<T>('POST', path, undefined, body ?? {}, headers, 'json');
      if (result.ok || result.error.status !== 0 || attemptsLeft <= 0) return result;
      attemptsLeft -= 1;
    }
  }

  // ── typed helpers of the reads and commands the console uses ──

  readonly partnerships = {
    list: (query: { territory?: string; phase?: string; mode?: string; org?: string; limit?: number; offset?: number } = {}) =>
      this.get<Page<Doc>>('/partnerships', query),
    board: (id: string, cut: AsOf = {}) => this.get<Doc>(`/partnerships/${enc(id)}`, { ...cut }),
    /** The recorded events, in order (paged by revision: `after` the last one you have). */
    events: (id: string, page: { after?: number; limit?: number } = {}) =>
      this.get<{ id: string; items: readonly Doc[]; more: boolean }>(`/partnerships/${enc(id)}/events`, page),
    asOf: (id: string, cut: AsOf) => this.get<Doc>(`/partnerships/${enc(id)}`, { ...cut }),
    propose: (body: unknown, options?: CreateOptions) => this.command('/partnerships', body, options),
    act: (id: string, command: string, body?: unknown, options?: CommandOptions) => this.command(`/partnerships/${enc(id)}/${command}`, body, options),
    /** Who accompanies it (docs/adr/0025-who-accompanies-a-partnership.md). */
    assignCatalyseur: (id: string, catalyseurId: string, options?: CommandOptions) =>
      this.command(`/partnerships/${enc(id)}/assign-catalyseur`, { catalyseurId }, options),
    releaseCatalyseur: (id: string, catalyseurId: string, reason?: string, options?: CommandOptions) =>
      this.command(`/partnerships/${enc(id)}/release-catalyseur`, reason === undefined ? { catalyseurId } : { catalyseurId, reason }, options),
  };

  readonly observatory = {
    sections: () => this.get<readonly { name: string; title: string; href: string }[]>('/observatory'),
    section: (name: string, query: ObservatoryQuery = {}) => this.get<Doc>(`/observatory/${enc(name)}`, { ...query }),
    sectionCsv: (name: string, query: ObservatoryQuery = {}) => this.text(`/observatory/${enc(name)}`, { ...query }),
    table: (section: string, table: string, query: ObservatoryQuery = {}) => this.get<Doc>(`/observatory/${enc(section)}/${enc(table)}`, { ...query }),
    tableCsv: (section: string, table: string, query: ObservatoryQuery = {}) => this.text(`/observatory/${enc(section)}/${enc(table)}`, { ...query }),
  };

  readonly rooms = {
    get: (id: string, cut: AsOf = {}) => this.get<Doc>(`/rooms/${enc(id)}`, { ...cut }),
    feed: (id: string, since?: number, limit?: number) => this.get<FeedPage>(`/rooms/${enc(id)}/feed`, { since, limit }),
    open: (body: { id?: string; kind: string; subject?: string; title: string; access: 'open' | 'members' }, options?: CreateOptions) =>
      this.command('/rooms', body, options),
    postMessage: (id: string, text: string, clientMsgId: string = newId(), options?: CommandOptions) =>
      this.command<CommandAccepted & { messageId?: string }>(`/rooms/${enc(id)}/post-message`, { clientMsgId, text }, options),
    recordDecision: (id: string, text: string, options?: CommandOptions) => this.command(`/rooms/${enc(id)}/record-decision`, { text }, options),
    act: (id: string, command: string, body?: unknown, options?: CommandOptions) => this.command(`/rooms/${enc(id)}/${command}`, body, options),
  };

  readonly catalyseurs = {
    list: (query: Query = {}) => this.get<Page<Doc>>('/catalyseurs', query),
    get: (id: string, cut: AsOf = {}) => this.get<Doc>(`/catalyseurs/${enc(id)}`, { ...cut }),
    /** What it accompanies and accompanied (itself and operators); live in `portfolio:{id}`. */
    portfolio: (id: string) => this.get<Doc>(`/catalyseurs/${enc(id)}/portfolio`),
  };

  /** Organisation pages (ADR 0024): a partner reads its own only; live in `organisation:{id}`. */
  readonly organisations = {
    list: (query: { territory?: string; kind?: string; size?: string; maturity?: string; objective?: string; limit?: number; offset?: number } = {}) =>
      this.get<Page<Doc>>('/organisations', query),
    /** Profile and alliance strategy, with `accompaniments`, `partnerships`, `introductions` and `gatherings` (without them as of a cut). */
    get: (id: string, cut: AsOf = {}) => this.get<Doc>(`/organisations/${enc(id)}`, { ...cut }),
  };

  /** Accompaniments of organisations by catalyseurs: purpose, sessions, maturity, outcome. */
  readonly accompaniments = {
    list: (query: { organisation?: string; catalyseur?: string; status?: 'open' | 'closed'; outcome?: string; limit?: number; offset?: number } = {}) =>
      this.get<Page<Doc>>('/accompaniments', query),
    get: (id: string, cut: AsOf = {}) => this.get<Doc>(`/accompaniments/${enc(id)}`, { ...cut }),
  };

  readonly experimentations = {
    list: (query: Query = {}) => this.get<Page<Doc>>('/experimentations', query),
    board: (id: string, cut: AsOf = {}) => this.get<Doc>(`/experimentations/${enc(id)}`, { ...cut }),
  };

  readonly gatherings = {
    list: (query: Query = {}) => this.get<Page<Doc>>('/gatherings', query),
    get: (id: string, cut: AsOf = {}) => this.get<Doc>(`/gatherings/${enc(id)}`, { ...cut }),
  };

  readonly territories = {
    list: (query: Query = {}) => this.get<Page<Doc>>('/territories', query),
    /** Diagnostic, partnerships, experimentations, gatherings, catalyseurs, funnel. */
    view: (id: string, cut: AsOf = {}) => this.get<Doc>(`/territories/${enc(id)}`, { ...cut }),
  };

  readonly introductions = {
    list: (query: Query = {}) => this.get<Page<Doc>>('/introductions', query),
    funnel: (territory?: string) =>
      this.get<{ scope: string; introduced: number; met: number; ledToPartnership: number; meetingRate: number; partnershipRate: number } & Doc>(
        '/introductions/funnel',
        { territory },
      ),
  };

  readonly feeds = {
    read: (roomKey: string, since?: number, limit?: number) => this.get<FeedPage>(`/feeds/${enc(roomKey)}`, { since, limit }),
  };

  readonly rebuilds = {
    request: (batchSize?: number) => this.command<JobAccepted>('/operations/rebuilds', batchSize === undefined ? {} : { batchSize }),
    state: (id: string) => this.get<JobState>(`/operations/rebuilds/${enc(id)}`),
  };

  /** A person's personal data (operators): erase them, see where an erasure stands (docs/adr/0006). */
  readonly people = {
    erase: (id: string, body: { reason: ErasureReasonCode; reference?: string }) => this.command<PersonErasure>(`/people/${enc(id)}/erase`, body),
    get: (id: string) => this.get<PersonRecord>(`/people/${enc(id)}`),
  };

  readonly reports = {
    request: (body: { kind: string; id?: string; territory?: string; year?: number; asOf?: string; clock?: string }) =>
      this.command<ReportAccepted>('/reports', body),
    list: (query: { status?: string; kind?: string; limit?: number; offset?: number } = {}) => this.get<Page<Doc>>('/reports', query),
    state: (id: string) => this.get<Doc>(`/reports/${enc(id)}`),
    downloadUrl: (id: string, format: ReportFormat = 'html', item?: string) => this.url(`/reports/${enc(id)}/download`, { format, item }),
    /** The report whole as one ZIP (a batch: its index and every partnership's report), of one format or of all three. */
    archiveUrl: (id: string, format?: ReportFormat) => this.url(`/reports/${enc(id)}/archive`, { format }),
    download: (id: string, format: ReportFormat = 'csv', item?: string) =>
      this.text(`/reports/${enc(id)}/download`, { format, item }, format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv' : 'text/html'),
  };

  /** `GET /api/health`: stores and projector lag (answers 503 with the same body when unhealthy). */
  health(): Promise<Result<Doc>> {
    return this.get<Doc>('/health');
  }

  private async call<T>(
    method: string,
    path: string,
    query: Query | undefined,
    body: unknown,
    extra: Record<string, string>,
    as: 'json' | 'text',
  ): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.url(path, query), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      text = await response.text();
    } catch (error) {
      return { ok: false, error: UNAVAILABLE(`no answer from ${this.baseUrl || 'the server'}: ${error instanceof Error ? error.message : String(error)}`) };
    }
    const etag = response.headers.get('etag') ?? undefined;
    if (response.ok) {
      if (as === 'text') return { ok: true, value: text as T, ...(etag ? { etag } : {}) };
      try {
        return { ok: true, value: (text ? JSON.parse(text) : undefined) as T, ...(etag ? { etag } : {}) };
      } catch {
        return { ok: false, error: { status: response.status, code: 'INTERNAL', message: `the answer is not JSON: ${text.slice(0, 200)}` } };
      }
    }
    return { ok: false, error: errorOf(response.status, text) };
  }
}

function errorOf(status: number, text: string): CallError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof b['code'] === 'string' ? b['code'] : status >= 500 ? 'UNAVAILABLE' : 'INTERNAL';
  const message = typeof b['message'] === 'string' ? b['message'] : text.slice(0, 200) || `HTTP ${status}`;
  const revision = b['currentRevision'];
  return {
    status,
    code,
    message,
    ...(b['details'] !== undefined ? { details: b['details'] } : {}),
    ...(revision !== undefined && revision !== null && Number.isFinite(Number(revision)) ? { currentRevision: Number(revision) } : {}),
  };
}

const enc = encodeURIComponent;
