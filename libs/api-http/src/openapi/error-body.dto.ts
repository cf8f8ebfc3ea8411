import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '@catalyse/protocol';

export class FieldErrorDto {
  @ApiProperty({ example: 'partners.0.sphere' })
  readonly field!: string;
  @ApiProperty({ type: [String], example: ['sphere must be one of: association, entreprise, …'] })
  readonly messages!: string[];
}

/** The body of every error answer. */
export class ErrorBodyDto {
  @ApiProperty({ enum: ERROR_CODES, example: 'RULE_VIOLATED' })
  readonly code!: ErrorCode;
  @ApiProperty({ example: 'a milestone can only be reached during pilotage' })
  readonly message!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'VALIDATION: what is wrong with each field' })
  readonly details?: FieldErrorDto[];
  @ApiPropertyOptional({ type: String, description: 'CONFLICT on a stream: its current revision (decimal string)', example: '7' })
  readonly currentRevision?: string;
  @ApiPropertyOptional({
    type: String,
    description: 'The request id (X-Correlation-Id, given or generated): in the log lines of this request too',
    example: '5f0c1d2e-8a5b-4c8e-9f6a-1b2c3d4e5f60',
  })
  readonly requestId?: string;
}
