import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsNumber, IsObject, IsOptional, Matches, Max, Min, registerDecorator, ValidateNested } from 'class-validator';
import {
  COMMITTEE_DECISIONS_MAX,
  DECISION_MAX_LENGTH,
  EVALUATION_DECISIONS,
  type EvaluationDecision,
  IMPACT_DIMENSIONS,
  IMPACT_SCORE_MAX,
  IMPACT_SCORE_MIN,
  IMPACT_SUB_DIMENSIONS,
  type ImpactDimension,
  type ImpactSubDimension,
  isImpactDimension,
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
  STEERING_COMMITTEES_MAX,
  type SubDimensionScores,
  TERRITORY_SCALES,
  type TerritoryScale,
} from '@catalyse/domain';
import {
  DateField,
  EachObject,
  EnumArrayField,
  EnumField,
  ID_PATTERN,
  ID_RULE,
  IdArrayField,
  IdField,
  IntField,
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

/** The description of the date of a fact that happened. */
const DATED_FACT =
  'Today when absent (the day in the network’s time zone). Not after today, nor before the phase change the fact depends on (422 RULE_VIOLATED)';

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
    EachObject(),
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
  @DateField(true, { description: DATED_FACT })
  readonly startedOn?: string;
}

/** `POST /api/partnerships/{id}/reach-milestone`. */
export class ReachMilestoneDto {
  @IdField()
  readonly milestoneId!: string;
  @DateField(true, { description: DATED_FACT })
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

/** `POST /api/partnerships/{id}/assign-catalyseur` (docs/adr/0025-who-accompanies-a-partnership.md). */
export class AssignCatalyseurDto {
  @IdField(false, {
    description:
      'The catalyseur who comes to accompany the partnership (its sign-in subject), a member of the network (404 when unknown, 422 when it left); nobody accompanying it yet, a catalyseur assigns itself',
    example: 'cat-1',
  })
  readonly catalyseurId!: string;
  @DateField(true, { description: DATED_FACT })
  readonly assignedOn?: string;
}

/** `POST /api/partnerships/{id}/release-catalyseur`. */
export class ReleaseCatalyseurDto {
  @IdField(false, { description: 'A catalyseur who accompanies the partnership', example: 'cat-1' })
  readonly catalyseurId!: string;
  @DateField(true, { description: DATED_FACT })
  readonly releasedOn?: string;
  @TextField(TEXT_MAX, true, { description: 'Why it stops accompanying it' })
  readonly reason?: string;
}

/** `POST /api/partnerships/{id}/hold-steering-committee` (a COPIL). */
export class HoldSteeringCommitteeDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly committeeId?: string;
  @DateField(true, { description: DATED_FACT })
  readonly heldOn?: string;
  @IdArrayField(MAX_PARTNERS, false, { description: 'orgIds of the partners present' })
  readonly attendees!: string[];
  @TextArrayField(COMMITTEE_DECISIONS_MAX, DECISION_MAX_LENGTH, false, {
    description: `Decisions taken (a partnership holds at most ${STEERING_COMMITTEES_MAX} committees: 422 RULE_VIOLATED beyond)`,
  })
  readonly decisions!: string[];
}

/** The largest magnitude of an indicator's value or target (10^15: every integer up to it is exact in a double). */
const INDICATOR_VALUE_MAX = 1e15;

/** `POST /api/partnerships/{id}/record-indicator`. (Stacked decorators apply bottom-up: presence first.) */
export class RecordIndicatorDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly indicatorId?: string;
  @TextField(TITLE_MAX, false, { example: 'Bénévoles mobilisés' })
  readonly name!: string;
  @Max(INDICATOR_VALUE_MAX)
  @Min(-INDICATOR_VALUE_MAX)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' })
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ type: Number, example: 12, minimum: -INDICATOR_VALUE_MAX, maximum: INDICATOR_VALUE_MAX })
  readonly value!: number;
  @TextField(50, true, { example: 'personnes' })
  readonly unit?: string;
  @DateField(true, { description: DATED_FACT })
  readonly measuredOn?: string;
  @Max(INDICATOR_VALUE_MAX)
  @Min(-INDICATOR_VALUE_MAX)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' })
  @IsOptional()
  @ApiPropertyOptional({
    type: Number,
    example: 500,
    minimum: -INDICATOR_VALUE_MAX,
    maximum: INDICATOR_VALUE_MAX,
    description: 'The value aimed at; needs a direction (now or given earlier for this indicator)',
  })
  readonly target?: number;
  @EnumField(INDICATOR_DIRECTIONS, true, { description: '`increase`: the target is reached at or above it; `decrease`: at or below it' })
  readonly direction?: IndicatorDirection;
}

/** `POST /api/partnerships/{id}/open-evaluation`. */
export class OpenEvaluationDto {
  @DateField(true, { description: DATED_FACT })
  readonly openedOn?: string;
}

/** A sub-dimension's score: a whole number from 1 to 5, given only for the dimension assessed. */
function SubScoreField(sub: ImpactSubDimension, label: string): PropertyDecorator {
  const dimension = IMPACT_DIMENSIONS.find((d) => (IMPACT_SUB_DIMENSIONS[d] as readonly string[]).includes(sub)) ?? '';
  return IntField(IMPACT_SCORE_MIN, IMPACT_SCORE_MAX, true, { description: `${label} (a sub-dimension of ${dimension})`, example: 4 });
}

/**
 * The scores of `assess-impact`, by sub-dimension: exactly the two of the
 * dimension assessed (`IMPACT_SUB_DIMENSIONS`), each a whole number from 1 to 5.
 */
export class ImpactScoresDto {
  @SubScoreField('growth_and_jobs', 'Croissance économique et emplois')
  readonly growth_and_jobs?: number;
  @SubScoreField('fewer_fragilities', 'Réduction des fragilités')
  readonly fewer_fragilities?: number;
  @SubScoreField('association_performance', 'Performance des associations')
  readonly association_performance?: number;
  @SubScoreField('company_performance', 'Performance des entreprises')
  readonly company_performance?: number;
  @SubScoreField('collective_trust', 'Confiance collective')
  readonly collective_trust?: number;
  @SubScoreField('individual_trust', 'Confiance individuelle')
  readonly individual_trust?: number;
}

/** The scores given (the DTO's fields left out are not sub-dimensions assessed). */
export function givenScores(scores: ImpactScoresDto): SubDimensionScores {
  return Object.fromEntries(Object.entries(scores).filter(([, score]) => score !== undefined && score !== null)) as SubDimensionScores;
}

const ALL_SUB_DIMENSIONS: ReadonlySet<string> = new Set(IMPACT_DIMENSIONS.flatMap((d) => IMPACT_SUB_DIMENSIONS[d]));
const SUB_DIMENSIONS_RULE = IMPACT_DIMENSIONS.map((d) => `${d}: ${IMPACT_SUB_DIMENSIONS[d].join(' and ')}`).join('; ');

/** `scores` gives the two sub-dimensions of `dimension` and no other (checked once `dimension` is valid: else its own message says why). */
function ScoresOfTheDimension(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'scoresOfTheDimension',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args) => {
          const dimension = (args.object as { dimension?: unknown }).dimension as ImpactDimension;
          return `$property must score each sub-dimension of ${dimension}, and no other: ${IMPACT_SUB_DIMENSIONS[dimension].join(' and ')}`;
        },
      },
      validator: {
        validate: (value: unknown, args) => {
          const dimension = (args?.object as { dimension?: unknown } | undefined)?.dimension;
          if (!isImpactDimension(dimension) || typeof value !== 'object' || value === null) return true;
          // Keys that are no sub-dimension at all are the whitelist's to refuse (`scores.{key} should not exist`).
          const given = Object.keys(givenScores(value as ImpactScoresDto))
            .filter((key) => ALL_SUB_DIMENSIONS.has(key))
            .sort();
          return given.join() === [...IMPACT_SUB_DIMENSIONS[dimension]].sort().join();
        },
      },
    });
}

/** `POST /api/partnerships/{id}/assess-impact`: the dimension, a score for each of its two sub-dimensions, the evidence. */
export class AssessImpactDto {
  @EnumField(IMPACT_DIMENSIONS)
  readonly dimension!: ImpactDimension;
  // Stacked decorators apply bottom-up: presence, then type, then the sub-scores, then which sub-dimensions.
  @ScoresOfTheDimension()
  @ValidateNested()
  @Type(() => ImpactScoresDto)
  @IsObject()
  @IsDefined({ message: '$property is required' })
  @ApiProperty({
    type: ImpactScoresDto,
    description: `A whole score from ${IMPACT_SCORE_MIN} to ${IMPACT_SCORE_MAX} for each of the two sub-dimensions of the dimension, and no other (${SUB_DIMENSIONS_RULE}). The dimension's score is their mean.`,
    example: { growth_and_jobs: 4, fewer_fragilities: 5 },
  })
  readonly scores!: ImpactScoresDto;
  @TextField(TEXT_MAX, false, { example: '12 salariés mobilisés, 3 ateliers tenus' })
  readonly evidence!: string;
}

/** `POST /api/partnerships/{id}/conclude-evaluation`: `renouveler` starts a new cycle in cadrage. */
export class ConcludeEvaluationDto {
  @EnumField(EVALUATION_DECISIONS)
  readonly decision!: EvaluationDecision;
  @DateField(true, { description: DATED_FACT })
  readonly concludedOn?: string;
}

/** `GET /api/partnerships/{id}`: the live board, or the board as of a date, an instant or a position (`AsOfQuery`). */
export class ReadBoardQuery extends AsOfQuery {}

/** `GET /api/partnerships?territory=&phase=&mode=&org=&catalyseur=&limit=&offset=`. */
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

  @ApiPropertyOptional({ description: 'A catalyseur who accompanies them now' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly catalyseur?: string;
}

/** `GET /api/partnerships/{id}/events?after=&limit=`. */
export class ListEventsQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Only events after this revision (absent: from the first)')
  readonly after?: number;
  @IntQuery(1, 500, 'Page size (default 100)', 100)
  readonly limit?: number;
}
