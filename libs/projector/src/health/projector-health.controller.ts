import { Controller, type DynamicModule, Get, Inject, Module, Res, ServiceUnavailableException, type Type } from '@nestjs/common';
import { HealthCheckService, type HealthIndicatorResult, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { Projector } from '../projector';

interface Reply {
  status(code: number): Reply;
  json(body: unknown): unknown;
}

const TIMEOUT_MS = 2000;

async function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Options of `ProjectorHealthModule.forProjector`. */
export interface ProjectorHealthOptions {
  /**
   * Down once the active projector's batch has kept failing (retried with backoff, nothing committed since) for longer
   * than this many milliseconds while events wait to be folded (default 30 s; `Infinity`: never).
   */
  readonly maxFailingMs?: number;
}

export const DEFAULT_MAX_FAILING_MS = 30_000;
const PROJECTOR_HEALTH_OPTIONS = 'catalyse.ProjectorHealthOptions';

/**
 * `GET /api/health` of a projector process (its readiness, and what monitoring
 * reads): both stores answer and the projector runs — as the active one or as
 * a standby waiting for the lease, both healthy — and it is not stuck: its
 * batch has not kept failing for longer than `maxFailingMs`. Details: role,
 * checkpoint, head, lag, last error (and since when it fails). 200 when up,
 * 503 otherwise.
 *
 * `GET /api/health/live` (its liveness): the process answers and its projector
 * runs. Not the stores nor a stuck batch: a restart mends neither (a batch
 * that fails on an event fails again after it, on this replica and on the
 * standby taking the lease), and restarting every replica in turn would only
 * stop the jobs they run beside.
 */
@Controller('health')
export class ProjectorHealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(PROJECTOR_HEALTH_OPTIONS) private readonly options: ProjectorHealthOptions,
  ) {}

  @Get('live')
  live(@Res() res: Reply): void {
    const status = this.projector.liveness();
    if (status.running) res.status(200).json({ status: 'ok', role: status.role });
    else res.status(503).json({ code: 'UNAVAILABLE', message: 'the projector is not running', status: 'error', role: status.role });
  }

  @Get()
  async check(@Res() res: Reply): Promise<void> {
    try {
      res.status(200).json(await this.health.check([() => this.eventStore(), () => this.projectionStore(), () => this.projectorStatus()]));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse();
      res.status(503).json({ code: 'UNAVAILABLE', message: 'the projector or a store is down', ...(typeof body === 'object' ? body : {}) });
    }
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('eventStore');
    try {
      return indicator.up({ head: (await within(this.events.headPosition())).toString() });
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  private async projectionStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projectionStore');
    try {
      await within(this.readModels.epochs());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  private async projectorStatus(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projector');
    try {
      const status = await within(this.projector.status());
      const data = {
        role: status.role,
        checkpoint: status.checkpoint.toString(),
        head: status.head.toString(),
        lag: status.lag.toString(),
        ...(status.lastError ? { lastError: status.lastError } : {}),
        ...(status.failingSince ? { failingSince: status.failingSince } : {}),
      };
      if (!status.running) return indicator.down({ ...data, message: 'the projector is not running' });
      // Stuck: the active projector retries a failing batch while events wait (a standby folds nothing; caught up, nothing fails).
      const max = this.options.maxFailingMs ?? DEFAULT_MAX_FAILING_MS;
      if (status.failingSince && status.role === 'active' && status.lag > 0n && Date.now() - Date.parse(status.failingSince) > max) {
        return indicator.down({ ...data, message: `a batch has been failing for more than ${max} ms; it is retried` });
      }
      return indicator.up(data);
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }
}

/** `/health` for a projector process (the app sets the `api` prefix). Needs the global stores. */
@Module({})
export class ProjectorHealthModule {
  /** `projector`: the very module (object) the app imports, so that both see the one `Projector`. */
  static forProjector(projector: DynamicModule | Type, options: ProjectorHealthOptions = {}): DynamicModule {
    return {
      module: ProjectorHealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), projector],
      controllers: [ProjectorHealthController],
      providers: [{ provide: PROJECTOR_HEALTH_OPTIONS, useValue: options }],
    };
  }
}
