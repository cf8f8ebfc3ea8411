import { Controller, Get, Inject, Logger, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { Unmetered } from '@catalyse/rate-limits';
import { PublicRoute } from '../access/access.decorator';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import { PROJECTOR_PROBE, type ProjectorProbe } from './projector-probe';

interface Reply {
  status(code: number): Reply;
  json(body: unknown): unknown;
}

const TIMEOUT_MS = 2000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * How long (ms) the active projector's batch has kept failing, while events wait to be folded: a failure noted while
 * it was caught up (its subscription dropped, then resumed, nothing to fold since) stops no batch, nor one noted
 * before it stood down (a standby folds nothing).
 */
function failingFor(status: Awaited<ReturnType<ProjectorProbe['status']>>, now: number): number | undefined {
  if (status.lastError === undefined || status.failingSince === undefined || status.lag === 0n || status.role === 'standby') return undefined;
  const since = Date.parse(status.failingSince);
  return Number.isNaN(since) ? undefined : now - since;
}

/**
 * `GET /api/health` (public): stores reachable, the projector running and not stuck on a failing batch, its lag.
 * 200 when up, 503 otherwise.
 */
@ApiTags('health')
@PublicRoute()
@Unmetered()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('HealthController');

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
    @Optional() @Inject(PROJECTOR_PROBE) private readonly probe?: ProjectorProbe,
    @Optional() @Inject(JOB_QUEUE) private readonly jobs?: JobQueue,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness: event store, projection store, job queue (Redis, when set), projector running, not stuck on a failing batch, lag',
  })
  @ApiOkResponse({ description: '`{status: "ok", info, error, details}` (terminus)' })
  @ApiServiceUnavailableResponse({ description: '`{status: "error", …}`: a dependency is down' })
  async check(@Res() res: Reply): Promise<void> {
    try {
      const result = await this.health.check([() => this.eventStore(), () => this.projectionStore(), ...this.jobQueueChecks(), ...this.projectorChecks()]);
      res.status(200).json(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse();
      res.status(503).json({ code: 'UNAVAILABLE', message: 'a dependency is down', ...(typeof body === 'object' ? body : {}) });
    }
  }

  /**
   * `GET /api/health/ready`: whether this process can serve requests, its stores (and job queue) answering, for
   * readiness and liveness probes. Not the projector: the api records commands without it (its reads go stale, which
   * `/api/health` says), and taking every api out of service, or restarting them, when the projector stops would
   * mend nothing and stop the writes too.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness of this api process: event store, projection store, job queue (Redis, when set); not the projector' })
  @ApiOkResponse({ description: '`{status: "ok", info, error, details}` (terminus)' })
  @ApiServiceUnavailableResponse({ description: '`{status: "error", …}`: a store is down' })
  async ready(@Res() res: Reply): Promise<void> {
    try {
      res.status(200).json(await this.health.check([() => this.eventStore(), () => this.projectionStore(), ...this.jobQueueChecks()]));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse();
      res.status(503).json({ code: 'UNAVAILABLE', message: 'a store is down', ...(typeof body === 'object' ? body : {}) });
    }
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('eventStore');
    try {
      const head = await within(TIMEOUT_MS, this.events.headPosition());
      return indicator.up({ head: head.toString() });
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  private async projectionStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projectionStore');
    try {
      await within(TIMEOUT_MS, this.readModels.feedHead('network'));
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  /** Redis (REDIS_URL), through the job queue that needs it: operators' rebuilds and reports answer 503 while it is down. */
  private jobQueueChecks(): (() => Promise<HealthIndicatorResult>)[] {
    const jobs = this.jobs;
    if (!jobs?.ping) return [];
    return [
      async () => {
        const indicator = this.indicators.check('jobQueue');
        try {
          await within(TIMEOUT_MS, jobs.ping?.() ?? Promise.resolve());
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: reason(error) });
        }
      },
    ];
  }

  private projectorChecks(): (() => Promise<HealthIndicatorResult>)[] {
    const checks: (() => Promise<HealthIndicatorResult>)[] = [];
    const probe = this.probe;
    if (probe) checks.push(() => this.probed(probe));
    for (const name of this.options.projectors) {
      // No projector here (the api beside projector apps): whether one runs anywhere is whether one holds its lease.
      if (!probe) checks.push(() => this.fromLease(name));
      checks.push(() => this.fromCheckpoint(name));
    }
    return checks;
  }

  /**
   * A projector in another process: some projector app holds the lease of its name in the projection store (the
   * active one renews it every third of its time). Down when none does (released by a clean stop, or never taken),
   * or when it expired more than `projectorLeaseGraceMs` ago (its holder was killed or lost the store, and no standby
   * took over). Public: neither the holder's id nor a store error's text (this process's log has it).
   */
  private async fromLease(name: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(`projector:${name}`);
    let lease: Awaited<ReturnType<ProjectionStore['readLease']>>;
    try {
      lease = await within(TIMEOUT_MS, this.readModels.readLease(name));
    } catch (error) {
      this.logger.warn(`reading the lease of the projector ${name} failed: ${reason(error)}`);
      return indicator.down({ message: 'the projector’s lease could not be read (the api’s log says why)' });
    }
    if (!lease) return indicator.down({ message: 'the projector stopped: no projector holds its lease (none runs)' });
    const grace = this.options.projectorLeaseGraceMs;
    if (lease.expiresInMs < -grace) {
      const since = Math.round(-lease.expiresInMs);
      return indicator.down({ message: `the projector stopped: its lease expired ${since} ms ago, unrenewed (more than ${grace} ms) and not taken over` });
    }
    return indicator.up({ lease: lease.expiresInMs >= 0 ? 'held' : 'expired, within the grace' });
  }

  /**
   * A projector in this process: its own status (running, lag, last error). Down when it does not run, when its batch
   * has kept failing for longer than `maxProjectorFailingMs` (stuck: it retries forever, the lag only grows), or
   * when it lags beyond `maxProjectorLag`.
   */
  private async probed(probe: ProjectorProbe): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projector');
    try {
      const status = await within(TIMEOUT_MS, probe.status());
      const data = {
        name: status.name,
        ...(status.role ? { role: status.role } : {}),
        checkpoint: status.checkpoint.toString(),
        head: status.head.toString(),
        lag: status.lag.toString(),
        // Anyone may read this route: that a batch failed, not the error's text (the projector's log holds it).
        ...(status.lastError !== undefined ? { lastError: 'the last batch failed; it is retried (the projector’s log says why)' } : {}),
      };
      if (!status.running) return indicator.down({ ...data, message: 'the projector is not running' });
      const failing = failingFor(status, Date.now());
      const max = this.options.maxProjectorFailingMs;
      if (failing !== undefined && failing > max) {
        return indicator.down({
          ...data,
          failingSince: status.failingSince,
          message: `a batch has been failing for more than ${max} ms; it is retried (the projector’s log says why)`,
        });
      }
      return this.judgeLag(indicator, status.lag, data);
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  /** A projector anywhere: its committed checkpoint in the projection store against the log head. */
  private async fromCheckpoint(name: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(`checkpoint:${name}`);
    try {
      const [head, at] = await within(TIMEOUT_MS, Promise.all([this.events.headPosition(), this.readModels.getCheckpoint(name)]));
      const lag = head > at ? head - at : 0n;
      return this.judgeLag(indicator, lag, { checkpoint: at.toString(), head: head.toString(), lag: lag.toString() });
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  private judgeLag(indicator: ReturnType<HealthIndicatorService['check']>, lag: bigint, data: Record<string, string>): HealthIndicatorResult {
    const max = this.options.maxProjectorLag;
    if (max !== undefined && lag > BigInt(max)) return indicator.down({ ...data, message: `lag above ${max}` });
    return indicator.up(data);
  }
}
