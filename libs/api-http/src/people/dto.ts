import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ERASURE_REASONS, ERASURE_REFERENCE_PATTERN, type ErasureReason } from '@catalyse/domain';
import { EnumField } from '../validation/validation';

/** `POST /api/people/{id}/erase`: why (a code: the erasure's event carries no free text), and the operator's ticket. */
export class ErasePersonDto {
  @EnumField(ERASURE_REASONS, false, { description: 'The ground of the erasure (GDPR art. 17)', example: 'request_of_the_person' })
  readonly reason!: ErasureReason;
  @IsOptional()
  @IsString()
  @Matches(ERASURE_REFERENCE_PATTERN, { message: 'reference must be a ticket number: letters, digits, . _ - /, at most 64' })
  @ApiPropertyOptional({
    description: 'The operator’s reference for the request (a ticket number, no personal data)',
    example: 'RGPD-2026-042',
    pattern: ERASURE_REFERENCE_PATTERN.source,
    maxLength: 64,
  })
  readonly reference?: string;
}

/** Where a person's erasure stands. */
export class PersonSchema {
  @ApiProperty() readonly subject!: string;
  @ApiProperty({
    enum: ['unknown', 'active', 'erasing', 'erased'],
    description:
      '`active`: personal data held, encrypted with the person’s key; `erasing`: unreadable already, being removed from the read models; `erased`: the key is destroyed',
  })
  readonly status!: string;
  @ApiPropertyOptional() readonly erasureAskedAt?: string;
  @ApiPropertyOptional() readonly erasedAt?: string;
  @ApiProperty({ type: 'integer', description: 'Streams holding the person’s encrypted fields' }) readonly streams!: number;
}

export class ErasureAcceptedSchema extends PersonSchema {
  @ApiProperty({ type: 'integer', description: 'Global position of the PersonalDataErased event' }) readonly position!: number;
  @ApiProperty({ description: 'Where to follow it', example: '/api/people/ana-1' }) readonly href!: string;
}
