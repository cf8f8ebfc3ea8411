import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Matches } from 'class-validator';
import { PARCOURS_COHORT_MAX, PARCOURS_DURATION_MAX_MONTHS, PARCOURS_STEPS, type ParcoursStep } from '@catalyse/domain';
import { PageQuery } from '../reads/query';
import { DateField, EnumField, IdArrayField, IdField, IntField, NestedArrayField, TEXT_MAX, TextField, TITLE_MAX } from '../validation/validation';

/** `POST /api/parcours`: open a parcours d'expérience (enrolment of pilot territories follows). */
export class OpenParcoursDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;
  @TextField(TITLE_MAX, false, { example: 'Parcours d’expérience « Co-construction territoriale »' })
  readonly title!: string;
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ example: '2018-04' })
  readonly startMonth!: string;
  @IntField(1, PARCOURS_DURATION_MAX_MONTHS, false, { example: 9 })
  readonly durationMonths!: number;
  @DateField(true, { description: 'Today when absent' })
  readonly openedOn?: string;
}

/** `POST /api/parcours/{id}/enrol-territory`. */
export class EnrolTerritoryDto {
  @IdField()
  readonly territoryId!: string;
  @TextField(TITLE_MAX)
  readonly name!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly enrolledOn?: string;
}

/** `POST /api/parcours/{id}/withdraw-territory`. */
export class WithdrawTerritoryDto {
  @IdField()
  readonly territoryId!: string;
  @TextField(TEXT_MAX)
  readonly reason!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly withdrawnOn?: string;
}

/** `POST /api/parcours/{id}/start`. */
export class StartParcoursDto {
  @DateField(true, { description: 'Today when absent' })
  readonly startedOn?: string;
}

/** `POST /api/parcours/{id}/hold-session`. */
export class HoldParcoursSessionDto {
  @IntField(1, 1000)
  readonly sessionNumber!: number;
  @TextField(TITLE_MAX)
  readonly theme!: string;
  @IdArrayField(PARCOURS_COHORT_MAX)
  readonly territoriesPresent!: string[];
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
}

/** `POST /api/parcours/{id}/record-progress`: where a pilot territory stands in the method. */
export class RecordProgressDto {
  @IdField()
  readonly territoryId!: string;
  @EnumField(PARCOURS_STEPS)
  readonly step!: ParcoursStep;
  @TextField(TEXT_MAX)
  readonly note!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly recordedOn?: string;
}

export class PilotOutcomeDto {
  @IdField()
  readonly territoryId!: string;
  @TextField(TEXT_MAX)
  readonly outcome!: string;
}

/** `POST /api/parcours/{id}/complete`. */
export class CompleteParcoursDto {
  @TextField(TEXT_MAX)
  readonly summary!: string;
  @NestedArrayField(() => PilotOutcomeDto, 1, PARCOURS_COHORT_MAX)
  readonly outcomes!: PilotOutcomeDto[];
  @DateField(true, { description: 'Today when absent' })
  readonly completedOn?: string;
}

/** `GET /api/parcours?status=&territory=`. */
export class ListParcoursQuery extends PageQuery {
  @EnumField(['open', 'started', 'completed'], true) readonly status?: string;
  @IdField(true) readonly territory?: string;
}
