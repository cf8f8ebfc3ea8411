import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsInt, Max, Min } from 'class-validator';
import {
  EVALUATION_DECISIONS,
  IMPACT_DIMENSIONS,
  IMPACT_SCORE_MAX,
  IMPACT_SCORE_MIN,
  type EvaluationDecision,
  type ImpactDimension,
} from '@catalyse/domain';
import { DateField, EnumField, TEXT_MAX, TextField } from '../shared/validation';

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
