import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Optional, Param, Post } from '@nestjs/common';
import { Access } from '../access/access.decorator';
import { CommandRequest } from '../commands/command-request';
import { refuseIfMatch } from '../commands/commands';
import { present } from '../commands/present';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { JOB_QUEUE, type JobQueue, type JobState } from '@catalyse/jobs';
import { deterministicUuid } from '@catalyse/commands';
import { REBUILD_BATCH_SIZE_MAX } from '@catalyse/operations';
import { AppError } from '@catalyse/protocol';
import { PROJECTION_REBUILD_JOB, type ProjectionRebuildJobData } from '@catalyse/projections';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { ErrorBodyDto } from '../openapi/error-body.dto';
import { IdPipe } from '../validation/id.pipe';
import { IntField } from '../validation/validation';

/** `POST /api/operations/rebuilds`: everything is optional. */
export class RequestRebuildDto {
  // `IntField`: the type is checked before the range (decorators stacked by hand run bottom-up: `"10"` was told its maximum).
  // `null` is no batch size: refused (400), not taken for absent.
  @IntField(1, REBUILD_BATCH_SIZE_MAX, 'not-null', { description: 'Events folded per transaction (default 500); leave it out rather than null' })
  readonly batchSize?: number;
}

export class RebuildAcceptedSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ description: 'Where to follow its progress', example: '/api/operations/rebuilds/0199…' }) readonly status!: string;
}

export class JobProgressSchema {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) readonly percent!: number;
  @ApiPropertyOptional() readonly message?: string;
}

export class RebuildStateSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ enum: ['waiting', 'delayed', 'active', 'completed', 'failed'] }) readonly status!: string;
  @ApiProperty({ type: 'integer' }) readonly attemptsMade!: number;
  @ApiPropertyOptional({ type: JobProgressSchema }) readonly progress?: JobProgressSchema;
  @ApiPropertyOptional({ description: '{epoch, previousEpoch, position, events, rooms, ranBy} once completed (ranBy: the projector process that ran it)' })
  readonly result?: unknown;
  @ApiPropertyOptional({
    description: 'Why it failed, in French; a rebuild its service stopped before it ended (a restart, a crash) reads as failed with the reason',
  })
  readonly failedReason?: string;
}

type RebuildState = Omit<JobState, 'name' | 'data'>;

/**
 * Operators rebuild the read models without downtime: a
 * `projection-rebuild` job runs beside the active projector, folds the log into a new
 * epoch and switches to it; hubs send `room:reset` and clients resync.
 */
@ApiTags('operations')
@ApiCommonErrors()
@Controller('operations/rebuilds')
export class RebuildsController {
  constructor(@Optional() @Inject(JOB_QUEUE) private readonly jobs?: JobQueue) {}

  @Post()
  @Access('operations', 'act')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Rebuild every read model and room feed into a new epoch, then switch to it (operators)' })
  @ApiAcceptedResponse({ type: RebuildAcceptedSchema })
  @ApiResponse({ status: 503, type: ErrorBodyDto, description: 'UNAVAILABLE: no job queue reaches the projector from this api' })
  async request(@Body() dto: RequestRebuildDto, @CommandRequest() request: CommandRequest): Promise<RebuildAcceptedSchema> {
    // The headers every command route reads (a malformed If-Match or Idempotency-Key was 400 there, ignored here).
    refuseIfMatch(request, 'a rebuild: it changes no resource the client holds');
    const jobs = this.queue();
    const { principal, idempotencyKey } = request;
    const data: ProjectionRebuildJobData = present({ requestedBy: principal.sub, batchSize: dto.batchSize });
    // A retry with the same key is the same job (the queue adds nothing while it is kept): one rebuild, not two.
    const jobId = idempotencyKey === undefined ? uuidv7() : deterministicUuid(`rebuild\n${principal.sub}\n${idempotencyKey}`);
    const { id, added } = await jobs.enqueue(PROJECTION_REBUILD_JOB, data, { jobId });
    if (!added) {
      const earlier = (await jobs.state(PROJECTION_REBUILD_JOB, id))?.data as Partial<ProjectionRebuildJobData> | undefined;
      if (earlier && earlier.batchSize !== data.batchSize) {
        throw new AppError('CONFLICT', `Idempotency-Key ${idempotencyKey ?? ''} was already used for another rebuild: send this one with a new key`);
      }
      request.response.setHeader('Idempotent-Replayed', 'true');
    }
    return { id, status: `/api/operations/rebuilds/${id}` };
  }

  @Get(':id')
  @Access('operations', 'read')
  @ApiOperation({ summary: 'A rebuild: status, progress, result (operators)' })
  @ApiIdParam('Id of the rebuild job')
  @ApiOkResponse({ type: RebuildStateSchema })
  // Kept across restarts: by Redis (BullMQ), or for the in-process queue in DATA_DIR/jobs.sqlite (the last 1,000 finished).
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND: no such rebuild (or no longer kept)' })
  async state(@Param('id', IdPipe) id: string): Promise<RebuildState> {
    const state = await this.queue().state(PROJECTION_REBUILD_JOB, id);
    if (!state) throw new AppError('NOT_FOUND', `no rebuild ${id}`);
    const { name: _name, data: _data, ...rest } = state;
    return rest;
  }

  private queue(): JobQueue {
    if (!this.jobs) {
      throw new AppError('UNAVAILABLE', 'this api has no job queue shared with the projector (set REDIS_URL), or run `npm run ops -- rebuild`');
    }
    return this.jobs;
  }
}
