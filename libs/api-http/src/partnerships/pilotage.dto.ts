import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateField, IdArrayField, IdField, TEXT_MAX, TextArrayField, TextField, TITLE_MAX } from '../shared/validation';

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
}
