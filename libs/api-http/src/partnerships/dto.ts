import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  EVALUATION_DECISIONS,
  type EvaluationDecision,
  IMPACT_DIMENSIONS,
  IMPACT_SCORE_MAX,
  IMPACT_SCORE_MIN,
  type ImpactDimension,
  INDICATOR_DIRECTIONS,
  type IndicatorDirection,
  OBJECTIVE_FAMILIES,
  type ObjectiveFamily,
  PARTNERSHIP_MODES,
  PARTNERSHIP_PHASES,
  type PartnershipMode,
  type PartnershipPhase,
  type Sphere,
  SPHERES,
  TERRITORY_SCALES,
  type TerritoryScale,
} from '@catalyse/domain';
import {
  DateField,
  EnumArrayField,
  EnumField,
  ID_PATTERN,
  ID_RULE,
  IdArrayField,
  IdField,
  presence,
  TEXT_MAX,
  TextArrayField,
  TextField,
  TITLE_MAX,
} from '../validation/validation';
import { AsOfQuery } from '../reads/as-of';
import { PastDateOrInstantField } from '../validation/instant';
import { IntQuery, PageQuery } from '../reads/query';

export const MAX_PARTNERS = 20;

export class TerritoryDto {
  @IdField(false, { description: 'Territory id (the "zone de projets")', example: 'grand-lyon' })
  readonly id!: string;
  @TextField(TITLE_MAX, false, { example: 'Métropole de Lyon' })
  readonly name!: string;
  @EnumField(TERRITORY_SCALES)
  readonly scale!: TerritoryScale;
}

export class PartnerDto {
  @IdField(false, { description: 'Organisation id (the `org` of its partner tokens)', example: 'asso-1' })
  readonly orgId!: string;
  @TextField(TITLE_MAX, false, { example: 'Association Entraide' })
  readonly name!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
}

function TerritoryField(): PropertyDecorator {
  return applyDecorators(
    ...presence(false),
    IsObject(),
    ValidateNested(),
    Type(() => TerritoryDto),
    ApiProperty({ type: TerritoryDto }),
  );
}

function PartnersField(): PropertyDecorator {
  return applyDecorators(
    ...presence(false),
    IsArray(),
    ArrayMaxSize(MAX_PARTNERS),
    ValidateNested({ each: true }),
    Type(() => PartnerDto),
    ApiProperty({ type: [PartnerDto], description: 'At least two organisations of at least two spheres', maxItems: MAX_PARTNERS }),
  );
}

/** `POST /api/partnerships`: propose a partnership (it starts in cadrage). */
export class ProposePartnershipDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;

  @TextField(TITLE_MAX, false, { example: 'Insertion par le numérique' })
  readonly title!: string;

  @TerritoryField()
  readonly territory!: TerritoryDto;

  @PartnersField()
  readonly partners!: PartnerDto[];

  @EnumArrayField(PARTNERSHIP_MODES, 1)
  readonly modes!: PartnershipMode[];

  @PastDateOrInstantField(
    'When it was proposed, to record a partnership after the fact. Its pilotage, milestones reached, committees, indicators and evaluation cannot be dated earlier than that day (422 RULE_VIOLATED).',
    '2010-01-04',
  )
  readonly proposedAt?: string;
}

/** `POST /api/partnerships/{id}/agree-objectives` (a partner agrees for its own organisation). */
export class AgreeObjectivesDto {
  @IdField(false, { description: 'The organisation agreeing' })
  readonly orgId!: string;
  @EnumArrayField(OBJECTIVE_FAMILIES, 1)
  readonly objectives!: ObjectiveFamily[];
}

/** `POST /api/partnerships/{id}/plan-milestone`. */
export class PlanMilestoneDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly milestoneId?: string;
  @TextField(TITLE_MAX, false, { example: 'Premier atelier commun' })
  readonly title!: string;
  @DateField()
  readonly dueDate!: string;
}

/** `POST /api/partnerships/{id}/start-pilotage`. */
export class StartPilotageDto {
  @DateField(true, { description: 'Today when absent' })
  readonly startedOn?: string;
}

/** `POST /api/partnerships/{id}/reach-milestone`. */
export class ReachMilestoneDto {
  @IdField()
  readonly milestoneId!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly reachedOn?: string;
}

/** `POST /api/partnerships/{id}/reschedule-milestone`. */
export class RescheduleMilestoneDto {
  @IdField()
  readonly milestoneId!: string;
  @DateField()
  readonly dueDate!: string;
  @TextField(TEXT_MAX)
  readonly reason!: string;
}

/** `POST /api/partnerships/{id}/drop-milestone`. */
export class DropMilestoneDto {
  @IdField()
  readonly milestoneId!: string;
  @TextField(TEXT_MAX)
  readonly reason!: string;
}

/** `POST /api/partnerships/{id}/hold-steering-committee` (a COPIL). */
export class HoldSteeringCommitteeDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly committeeId?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
  @IdArrayField(50, false, { description: 'orgIds of the partners present' })
  readonly attendees!: string[];
  @TextArrayField(50, TEXT_MAX, false, { description: 'Decisions taken' })
  readonly decisions!: string[];
}

/** `POST /api/partnerships/{id}/record-indicator`. (Stacked decorators apply bottom-up: presence first.) */
export class RecordIndicatorDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly indicatorId?: string;
  @TextField(TITLE_MAX, false, { example: 'Bénévoles mobilisés' })
  readonly name!: string;
  @Max(1e15)
  @Min(-1e15)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ type: Number, example: 12 })
  readonly value!: number;
  @MaxLength(50)
  @IsString()
  @IsOptional()
  @ApiPropertyOptional({ type: String, maxLength: 50, example: 'personnes' })
  readonly unit?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly measuredOn?: string;
  @Max(1e15)
  @Min(-1e15)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsOptional()
  @ApiPropertyOptional({ type: Number, example: 500, description: 'The value aimed at; needs a direction (now or given earlier for this indicator)' })
  readonly target?: number;
  @EnumField(INDICATOR_DIRECTIONS, true, { description: '`increase`: the target is reached at or above it; `decrease`: at or below it' })
  readonly direction?: IndicatorDirection;
}

/** `POST /api/partnerships/{id}/open-evaluation`. */
export class OpenEvaluationDto {
  @DateField(true, { description: 'Today when absent' })
  readonly openedOn?: string;
}

/** `POST /api/partnerships/{id}/assess-impact`. */
export class AssessImpactDto {
  @EnumField(IMPACT_DIMENSIONS)
  readonly dimension!: ImpactDimension;
  // Stacked decorators apply bottom-up: presence, then type, then range.
  @Max(IMPACT_SCORE_MAX)
  @Min(IMPACT_SCORE_MIN)
  @IsInt()
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ type: 'integer', minimum: IMPACT_SCORE_MIN, maximum: IMPACT_SCORE_MAX, example: 4 })
  readonly score!: number;
  @TextField(TEXT_MAX, false, { example: '12 salariés mobilisés, 3 ateliers tenus' })
  readonly evidence!: string;
}

/** `POST /api/partnerships/{id}/conclude-evaluation`: `renouveler` starts a new cycle in cadrage. */
export class ConcludeEvaluationDto {
  @EnumField(EVALUATION_DECISIONS)
  readonly decision!: EvaluationDecision;
  @DateField(true, { description: 'Today when absent' })
  readonly concludedOn?: string;
}

/** `GET /api/partnerships/{id}`: the live board, or the board as of a date, an instant or a position (`AsOfQuery`). */
export class ReadBoardQuery extends AsOfQuery {}

/** `GET /api/partnerships?territory=&phase=&mode=&org=&limit=&offset=`. */
export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Territory id' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly territory?: string;

  @ApiPropertyOptional({ enum: PARTNERSHIP_PHASES })
  @IsOptional()
  @IsIn([...PARTNERSHIP_PHASES], { message: `$property must be one of: ${PARTNERSHIP_PHASES.join(', ')}` })
  readonly phase?: PartnershipPhase;

  @ApiPropertyOptional({ enum: PARTNERSHIP_MODES })
  @IsOptional()
  @IsIn([...PARTNERSHIP_MODES], { message: `$property must be one of: ${PARTNERSHIP_MODES.join(', ')}` })
  readonly mode?: PartnershipMode;

  @ApiPropertyOptional({ description: 'Organisation id (partners always see only their own)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly org?: string;
}

/** `GET /api/partnerships/{id}/events?after=&limit=`. */
export class ListEventsQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Only events after this revision (absent: from the first)')
  readonly after?: number;
  @IntQuery(1, 500, 'Page size (default 100)', 100)
  readonly limit?: number;
}
