import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@catalyse/auth';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { FanoutService } from '../fanout/fanout.service';

interface Reply {
  status(code: number): Reply;
  json(body: unknown): unknown;
}

const TIMEOUT_MS = 2000;

/**
 * `GET /api/health` of a hub node (public; readiness and liveness probes): the
 * read models it serves feeds from answer, and how many sockets it holds.
 * 200 when up, 503 otherwise.
 */
@Public()
@Controller('health')
export class HubHealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    private readonly fanout: FanoutService,
  ) {}

  @Get()
  async check(@Res() res: Reply): Promise<void> {
    try {
      res
        .status(200)
        .json(await this.health.check([() => this.projectionStore(), async () => this.indicators.check('hub').up({ sockets: this.fanout.sockets() })]));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse();
      res.status(503).json({ code: 'UNAVAILABLE', message: 'a dependency is down', ...(typeof body === 'object' ? body : {}) });
    }
  }

  private async projectionStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projectionStore');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.readModels.feedHead('network'),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
