import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsBoolean, IsDefined, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { GATHERING_KINDS, type GatheringKind, SPHERES, type Sphere } from '@catalyse/domain';
import { PageQuery } from '../reads/query';
import { PastDateOrInstantField } from '../validation/instant';
import {
  DateField,
  EnumField,
  IdArrayField,
  IdField,
  IntField,
  NestedArrayField,
  NestedField,
  ReadableText,
  TEXT_MAX,
  TextField,
  TITLE_MAX,
} from '../validation/validation';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const URL = /^https?:\/\/\S+$/;
/** The longest gathering link (characters). */
const LINK_MAX = 500;

/** A time of day `HH:MM`, optional; `removable`: `null` says « none any more » (rescheduling). */
function TimeField(removable?: { readonly description: string }): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Matches(TIME, { message: '$property must be a time of day HH:MM' })(target, key);
    ApiPropertyOptional({ type: String, example: '12:00', pattern: TIME.source, ...(removable ? { nullable: true, description: removable.description } : {}) })(
      target,
      key,
    );
  };
}

/** Who organises it, when not the network alone: an organisation of the network or outside it. */
export class GatheringOrganiserDto {
  @TextField(TITLE_MAX, false, { example: 'e-communauté développement local du CNFPT' })
  readonly name!: string;
  @IsBoolean()
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ type: Boolean, example: false, description: 'false: outside the network of catalyseurs' })
  readonly inNetwork!: boolean;
}

/**
 * `POST /api/gatherings`: schedule a rencontre, a webinaire (online; the network's own on the third Thursday, one
 * organised outside the network on any date), an atelier, a conférence or a speed dating.
 */
export class ScheduleGatheringDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent', example: 'webinaire-2018-04' })
  readonly id?: string;
  @EnumField(GATHERING_KINDS)
  readonly kind!: GatheringKind;
  @TextField(TITLE_MAX, false, { example: 'Le rôle des collectivités dans la co-construction territoriale' })
  readonly theme!: string;
  @DateField()
  readonly date!: string;
  @TimeField()
  readonly time?: string;
  @TimeField()
  readonly endTime?: string;
  @TextField(TITLE_MAX, true, { description: 'On site (rencontre, atelier, conférence, speed dating)' })
  readonly place?: string;
  @IsOptional()
  @IsString()
  @MaxLength(LINK_MAX)
  @ReadableText()
  @Matches(URL, { message: '$property must be a web address (http:// or https://)' })
  @ApiPropertyOptional({
    description: 'Online (webinaire, speed dating)',
    maxLength: LINK_MAX,
    pattern: URL.source,
    example: 'https://webinaire.example.org/2018-04',
  })
  readonly link?: string;
  @IntField(1, 100_000, true)
  readonly capacity?: number;
  @IdField(true, { description: 'The territory it is about or held on' })
  readonly territoryId?: string;
  @NestedField(() => GatheringOrganiserDto, true, { description: 'Absent: the network organises it' })
  readonly organiser?: GatheringOrganiserDto;
  @PastDateOrInstantField(
    'When it was scheduled, to record a gathering after the fact. Its date, and those of its registrations, reschedules, holding and cancellation, cannot be earlier than that day (422 RULE_VIOLATED).',
    '2014-02-03',
  )
  readonly scheduledAt?: string;
}

/** `POST /api/gatherings/{id}/register`: a participant (a catalyseur registers themself by default). */
export class RegisterParticipantDto {
  @IdField(true, { description: 'Default: your own id' })
  readonly participantId?: string;
  @TextField(TITLE_MAX)
  readonly name!: string;
  @TextField(TITLE_MAX)
  readonly organisation!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
  @IdField(true, { description: 'The id of that organisation, when it is registered (its page lists the gatherings its people attend)' })
  readonly orgId?: string;
}

/** `POST /api/gatherings/{id}/cancel-registration`. */
export class CancelRegistrationDto {
  @IdField(true, { description: 'Default: your own id' })
  readonly participantId?: string;
  @TextField(TEXT_MAX, true)
  readonly reason?: string;
}

/** `POST /api/gatherings/{id}/reschedule`. */
export class RescheduleGatheringDto {
  @DateField()
  readonly date!: string;
  @TimeField({ description: 'Absent: the current start time kept; null: none any more' })
  readonly time?: string | null;
  @TimeField({ description: 'Absent: the current end time kept; null: none any more' })
  readonly endTime?: string | null;
  @TextField(TEXT_MAX)
  readonly reason!: string;
}

/** `POST /api/gatherings/{id}/hold`: it took place (on its date). */
export class HoldGatheringDto {
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
}

/** `POST /api/gatherings/{id}/record-attendance`: the sign-in sheet. */
export class RecordAttendanceDto {
  @ArrayMinSize(1)
  @IdArrayField(5000)
  readonly participantIds!: string[];
}

export class SpeedDatingPairDto {
  @IdField()
  readonly associationId!: string;
  @IdField()
  readonly entrepriseId!: string;
}

/** `POST /api/gatherings/{id}/record-pairs`: who met whom at a speed dating. */
export class RecordPairsDto {
  @NestedArrayField(() => SpeedDatingPairDto, 1, 2500)
  readonly pairs!: SpeedDatingPairDto[];
}

/** `POST /api/gatherings/{id}/cancel`. */
export class CancelGatheringDto {
  @TextField(TEXT_MAX)
  readonly reason!: string;
}

/** `GET /api/gatherings?kind=&status=&month=&territory=&participant=`. */
export class ListGatheringsQuery extends PageQuery {
  @EnumField(GATHERING_KINDS, true) readonly kind?: GatheringKind;
  @EnumField(['scheduled', 'held', 'cancelled'], true) readonly status?: string;
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  @ApiPropertyOptional({ example: '2018-04' })
  readonly month?: string;
  @IdField(true) readonly territory?: string;
  @IdField(true) readonly participant?: string;
}
