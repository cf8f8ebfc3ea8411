import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVALUATION_DECISIONS, PARTNERSHIP_MODES, PARTNERSHIP_PHASES } from '@catalyse/domain';
import { PartnerDto, TerritoryDto } from './dto';
import { PageFieldsSchema } from '../openapi/page.schema';
import { AppliedCutSchema } from '../reads/as-of';

/* OpenAPI schemas of the partnership reads (documentation only). */

export class BoardMilestoneSchema {
  @ApiProperty() readonly milestoneId!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ format: 'date' }) readonly dueDate!: string;
  @ApiProperty({ enum: ['planned', 'reached', 'dropped'] }) readonly status!: string;
  @ApiProperty({ type: 'integer' }) readonly cycle!: number;
  @ApiPropertyOptional({ format: 'date' }) readonly reachedOn?: string;
  @ApiProperty({ type: 'integer', description: 'Times rescheduled' }) readonly rescheduled!: number;
  @ApiPropertyOptional() readonly lastRescheduleReason?: string;
  @ApiPropertyOptional() readonly dropReason?: string;
  @ApiProperty({ description: 'Planned and due before lateAsOf' }) readonly late!: boolean;
}

export class CommitteeSchema {
  @ApiProperty() readonly committeeId!: string;
  @ApiProperty({ format: 'date' }) readonly heldOn!: string;
  @ApiPropertyOptional({ type: [String] }) readonly attendees?: string[];
  @ApiProperty({ type: [String] }) readonly decisions!: string[];
}

export class IndicatorSchema {
  @ApiProperty() readonly indicatorId!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty() readonly value!: number;
  @ApiPropertyOptional() readonly unit?: string;
  @ApiProperty({ format: 'date' }) readonly measuredOn!: string;
  @ApiPropertyOptional({ description: 'The value aimed at' }) readonly target?: number;
  @ApiPropertyOptional({ enum: ['increase', 'decrease'], description: 'Which way reaches the target' }) readonly direction?: string;
}

export class ConclusionSchema {
  @ApiProperty({ type: 'integer' }) readonly cycle!: number;
  @ApiProperty({ enum: EVALUATION_DECISIONS }) readonly decision!: string;
  @ApiProperty({ format: 'date' }) readonly concludedOn!: string;
  @ApiPropertyOptional({
    type: 'object',
    description:
      "The impact the cycle was concluded on, as the board's `impact` read then: dimension → {score, scores, evidence}. The board's `impact` " +
      'is the current cycle’s (a renewal empties it); this keeps each concluded cycle’s. Absent only from a board folded before it was kept ' +
      'and not rebuilt since.',
    additionalProperties: true,
  })
  readonly impact?: object;
}

export class PartnershipBoardSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: TerritoryDto }) readonly territory!: TerritoryDto;
  @ApiProperty({ type: [PartnerDto] }) readonly partners!: PartnerDto[];
  @ApiProperty({ enum: PARTNERSHIP_MODES, isArray: true }) readonly modes!: string[];
  @ApiProperty({ enum: PARTNERSHIP_PHASES }) readonly phase!: string;
  @ApiProperty({ type: 'integer', description: '1, then +1 after each renouveler' }) readonly cycle!: number;
  @ApiProperty({
    description: 'orgId → objectives agreed in the current cycle',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  readonly objectives!: Record<string, string[]>;
  @ApiProperty({ type: [BoardMilestoneSchema] }) readonly milestones!: BoardMilestoneSchema[];
  @ApiPropertyOptional({ format: 'date', description: 'Earliest due date among planned milestones' }) readonly nextDueDate?: string;
  @ApiProperty({ type: 'integer' }) readonly lateMilestones!: number;
  @ApiProperty({ format: 'date', description: 'The date lateness is measured against' }) readonly lateAsOf!: string;
  @ApiProperty({ type: [CommitteeSchema] }) readonly committees!: CommitteeSchema[];
  @ApiProperty({ type: [IndicatorSchema] }) readonly indicators!: IndicatorSchema[];
  @ApiProperty({
    type: 'object',
    description:
      "The current cycle's impact (emptied by a renewal; each concluded cycle's stays in its conclusion): dimension → {score (the mean of its " +
      "sub-dimensions' scores), scores (sub-dimension → score from 1 to 5), evidence}",
    additionalProperties: true,
  })
  readonly impact!: object;
  @ApiProperty({ type: [ConclusionSchema] }) readonly conclusions!: ConclusionSchema[];
  @ApiPropertyOptional({ format: 'date', description: 'When the current cycle’s pilotage started (absent in cadrage)' })
  readonly pilotageStartedOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'When the current cycle’s evaluation opened (absent before)' })
  readonly evaluationOpenedOn?: string;
  @ApiPropertyOptional() readonly proposedAt?: string;
  @ApiProperty({ type: [String], description: 'The catalyseurs who accompany it now, in the order assigned (empty: nobody yet)' })
  readonly catalyseurs!: string[];
  @ApiProperty({ type: 'integer', description: 'Revision of the stream the board reflects' }) readonly revision!: number;
  @ApiProperty({ type: 'integer', description: 'Global position of the last event folded in' }) readonly position!: number;
  @ApiProperty() readonly updatedAt!: string;
  @ApiPropertyOptional({ description: 'Echo of ?asOf=' }) readonly asOf?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Echo of ?position=' }) readonly asOfPosition?: number;
  @ApiPropertyOptional({ type: AppliedCutSchema, description: 'The cut an as-of board was folded with' }) readonly cut?: AppliedCutSchema;
}

export class PartnershipPageSchema extends PageFieldsSchema {
  @ApiProperty({ type: [PartnershipBoardSchema] }) readonly items!: PartnershipBoardSchema[];
}

export class RecordedEventSchema {
  @ApiProperty({ description: 'Event id' }) readonly id!: string;
  @ApiProperty({ example: 'MilestoneReached' }) readonly type!: string;
  @ApiProperty({ type: 'integer' }) readonly revision!: number;
  @ApiProperty({ type: 'integer' }) readonly position!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) readonly data!: object;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'correlationId, causationId, actor, occurredAt, schemaVersion, …' })
  readonly metadata!: object;
  @ApiProperty() readonly recordedAt!: string;
}

export class EventPageSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ type: [RecordedEventSchema] }) readonly items!: RecordedEventSchema[];
  @ApiProperty({ description: 'More events follow: call again with after = the last revision' }) readonly more!: boolean;
}
