import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsNumber, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import {
  ACTION_RESULT_OUTCOMES,
  type ActionResultOutcome,
  EXPERIMENTATION_CATEGORIES,
  EXPERIMENTATION_STAGES,
  type ExperimentationCategory,
  type ExperimentationStage,
  GROUP_MEETING_STEPS,
  type GroupMeetingStep,
  SPHERES,
  type Sphere,
  WORKING_GROUP_MAX_PARTICIPANTS,
} from '@catalyse/domain';
import { PartnerDto, TerritoryDto } from '../partnerships/dto';
import { CommandAccepted } from '../commands/accepted';
import { PageQuery } from '../reads/query';
import {
  DateField,
  EnumField,
  IdArrayField,
  IdField,
  IntField,
  NestedArrayField,
  NestedField,
  TEXT_MAX,
  TextArrayField,
  TextField,
  TITLE_MAX,
} from '../validation/validation';

const MAX_ORGANISATIONS = 50;

/** `POST /api/experimentations`: launch a collective experimentation (stage `emergence_besoins`). */
export class LaunchExperimentationDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent', example: 'agir-ensemble-charenton' })
  readonly id?: string;
  @TextField(TITLE_MAX, false, { example: 'Agir ensemble à Charenton-Saint-Maurice' })
  readonly title!: string;
  @TextField(TEXT_MAX, true)
  readonly objective?: string;
  @NestedField(() => TerritoryDto)
  readonly territory!: TerritoryDto;
  @NestedArrayField(() => PartnerDto, 1, MAX_ORGANISATIONS, false, { description: 'The organisations that convene it' })
  readonly conveners!: PartnerDto[];
  @IdArrayField(20, true, {
    description:
      'Catalyseurs who animate it (default: you, when you are one), members of the network: 404 when one never joined, 422 when one left, 410 when one was erased',
  })
  readonly catalyseurs?: string[];
  @DateField(true, { description: 'Today when absent' })
  readonly launchedOn?: string;
  @EnumField(EXPERIMENTATION_CATEGORIES, true, {
    description: 'impulsion_acteurs (impulsion d’acteurs territoriaux), experimentation_collective, co_innovation (co-innovation territoriale)',
  })
  readonly category?: ExperimentationCategory;
}

/** Dirigeants per sphere at the invitation au dialogue. */
export class BySphereDto {
  @IntField(0, 100_000, true) readonly association?: number;
  @IntField(0, 100_000, true) readonly entreprise?: number;
  @IntField(0, 100_000, true) readonly collectivite?: number;
  @IntField(0, 100_000, true) readonly academique?: number;
  @IntField(0, 100_000, true) readonly fondation?: number;
  @IntField(0, 100_000, true) readonly institution?: number;
  @IntField(0, 100_000, true) readonly media?: number;
}

/** `POST /api/experimentations/{id}/invite-dirigeants`: the invitation au dialogue. */
export class InviteDirigeantsDto {
  @IntField(1, 100_000, false, { example: 142, description: 'How many dirigeants came' })
  readonly dirigeants!: number;
  @NestedField(() => BySphereDto, true)
  readonly bySphere?: BySphereDto;
  @IntField(0, 100_000, true, { example: 40, description: 'How many are ready to join a working group' })
  readonly volunteers?: number;
  @DateField(true, { description: 'Today when absent' })
  readonly invitedOn?: string;
}

/** `POST /api/experimentations/{id}/advance-stage`. */
export class AdvanceStageDto {
  @EnumField(EXPERIMENTATION_STAGES)
  readonly stage!: ExperimentationStage;
  @DateField(true, { description: 'Today when absent' })
  readonly advancedOn?: string;
}

/** `POST /api/experimentations/{id}/form-working-group`. */
export class FormWorkingGroupDto {
  @IdField(true, { description: 'A UUID when absent', example: 'handicap' })
  readonly groupId?: string;
  @TextField(TITLE_MAX, false, { example: 'Handicap' })
  readonly theme!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly formedOn?: string;
}

/** `POST /api/experimentations/{id}/join-working-group`: an organisation's participant joins a group. */
export class JoinWorkingGroupDto {
  @IdField()
  readonly groupId!: string;
  @IdField(true, { description: 'A UUID when absent' })
  readonly participantId?: string;
  @TextField(TITLE_MAX, false, { example: 'Essilor' })
  readonly organisation!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
  @DateField(true, { description: 'Today when absent' })
  readonly joinedOn?: string;
}

/** `POST /api/experimentations/{id}/leave-working-group`. */
export class LeaveWorkingGroupDto {
  @IdField()
  readonly groupId!: string;
  @IdField()
  readonly participantId!: string;
  @TextField(TEXT_MAX, true)
  readonly reason?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly leftOn?: string;
}

/** `POST /api/experimentations/{id}/hold-group-meeting`: `etat_des_lieux`, then `propositions`, then `plan_action`. */
export class HoldGroupMeetingDto {
  @IdField()
  readonly groupId!: string;
  @EnumField(GROUP_MEETING_STEPS)
  readonly step!: GroupMeetingStep;
  @IdArrayField(WORKING_GROUP_MAX_PARTICIPANTS, false, { description: 'Participants present' })
  readonly attendees!: string[];
  @TextField(TEXT_MAX, true)
  readonly notes?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
}

/** `POST /api/experimentations/{id}/adopt-action`. */
export class AdoptActionDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly actionId?: string;
  @TextField(TITLE_MAX, false, { example: 'Réseau territorial de référents sur le handicap' })
  readonly title!: string;
  @IdArrayField(20, false, { description: 'The working groups that propose it (several: a transverse action)' })
  readonly groupIds!: string[];
  @NestedArrayField(() => PartnerDto, 1, MAX_ORGANISATIONS, false, { description: 'The organisations that carry it' })
  readonly carriers!: PartnerDto[];
  @IntField(1, 10_000, true, { description: 'Host places (Silver Geek: 15)' })
  readonly hostPlaces?: number;
  @IntField(1, 120, true, { description: 'Planned duration in months (Silver Geek: 8)' })
  readonly durationMonths?: number;
  @TextArrayField(20, TITLE_MAX, true, { description: 'What it rests on, its briques', example: ['Prêt de matériel', 'Animation', 'Évaluation'] })
  readonly components?: string[];
  @DateField(true, { description: 'Today when absent' })
  readonly adoptedOn?: string;
}

/** `POST /api/experimentations/{id}/hold-restitution`: the restitution des travaux, during the `restitution` stage. */
export class HoldRestitutionDto {
  @IntField(1, 100_000, false, { example: 118, description: 'How many dirigeants came' })
  readonly dirigeants!: number;
  @NestedField(() => BySphereDto, true, { description: 'Dirigeants of the territory, by sphere' })
  readonly bySphere?: BySphereDto;
  @IntField(0, 100_000, true, { example: 24, description: 'Dirigeants from outside the territory, whatever their sphere' })
  readonly fromOutside?: number;
  @TextField(TEXT_MAX, true)
  readonly notes?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
}

/** `POST /api/experimentations/{id}/hold-follow-up-meeting`: a working group's follow-up meeting, during the `mise_en_oeuvre` stage. */
export class HoldFollowUpMeetingDto {
  @IdField()
  readonly groupId!: string;
  @IdArrayField(WORKING_GROUP_MAX_PARTICIPANTS, false, { description: 'Participants present' })
  readonly attendees!: string[];
  @TextField(TEXT_MAX, true)
  readonly notes?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly heldOn?: string;
}

export class ResultIndicatorDto {
  @TextField(TITLE_MAX, false, { example: 'Jeunes accompagnés' })
  readonly name!: string;
  /** Any finite number (a rate, a count, an amount); stacked decorators apply bottom-up: presence first. */
  @Max(1e15)
  @Min(-1e15)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' })
  @IsDefined({ message: '$property is required' })
  @ApiProperty({ type: Number, example: 87.5, minimum: -1e15, maximum: 1e15 })
  readonly value!: number;
  @TextField(50, true)
  readonly unit?: string;
}

/** `POST /api/experimentations/{id}/evaluate-results`: an action's results (a later one replaces it). */
export class EvaluateResultsDto {
  @IdField()
  readonly actionId!: string;
  @EnumField(ACTION_RESULT_OUTCOMES)
  readonly outcome!: ActionResultOutcome;
  @TextField(TEXT_MAX)
  readonly summary!: string;
  @NestedArrayField(() => ResultIndicatorDto, 0, 50, true)
  readonly indicators?: ResultIndicatorDto[];
  @DateField(true, { description: 'Today when absent' })
  readonly evaluatedOn?: string;
}

/**
 * On `essaimer`: `true` goes with `territories` (at least one) and no `reason`,
 * `false` with a `reason` and no `territories` — so that nothing sent is silently dropped.
 */
function EssaimageConsistent(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'essaimageConsistent',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (essaimer: unknown, args: ValidationArguments) => {
          const { territories, reason } = args.object as { territories?: unknown; reason?: unknown };
          return essaimer === true
            ? Array.isArray(territories) && territories.length > 0 && reason === undefined
            : territories === undefined && reason !== undefined;
        },
        defaultMessage: (args: ValidationArguments) =>
          args.value === true ? 'essaimer: true needs territories (at least one) and no reason' : 'essaimer: false needs a reason and no territories',
      },
    });
}

/** `POST /api/experimentations/{id}/decide-essaimage`: to spread it (to territories) or not (with a reason); it concludes the experimentation. */
export class DecideEssaimageDto {
  @EssaimageConsistent()
  @IsBoolean()
  @IsDefined({ message: '$property is required' })
  @ApiPropertyOptional({ type: Boolean, required: true })
  readonly essaimer!: boolean;
  @TextArrayField(50, TITLE_MAX, true, { description: 'Where to spread it (with essaimer: true; at least one)', example: ['Val-de-Marne'] })
  readonly territories?: string[];
  @TextField(TEXT_MAX, true, { description: 'Why not (with essaimer: false)' })
  readonly reason?: string;
  @DateField(true, { description: 'Today when absent' })
  readonly decidedOn?: string;
}

/** `POST /api/experimentations/{id}/abandon`. */
export class AbandonExperimentationDto {
  @TextField(TEXT_MAX)
  readonly reason!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly abandonedOn?: string;
}

/** `GET /api/experimentations?territory=&stage=&status=&catalyseur=&carrier=`. */
export class ListExperimentationsQuery extends PageQuery {
  @IdField(true) readonly territory?: string;
  @EnumField(EXPERIMENTATION_STAGES, true) readonly stage?: ExperimentationStage;
  @EnumField(['running', 'concluded', 'abandoned'], true) readonly status?: string;
  @IdField(true) readonly catalyseur?: string;
  @IdField(true) readonly carrier?: string;
  @EnumField(EXPERIMENTATION_CATEGORIES, true) readonly category?: ExperimentationCategory;
}

/** Answer of `form-working-group`: the group's id (the one given, or the one made). */
export class WorkingGroupAccepted extends CommandAccepted {
  @ApiProperty({ example: 'handicap' })
  readonly groupId!: string;
}

/** Answer of `join-working-group`: the participant's id, to list among a meeting's attendees. */
export class ParticipantAccepted extends CommandAccepted {
  @ApiProperty({ example: 'handicap-1' })
  readonly participantId!: string;
}

/** Answer of `adopt-action`: the action's id, to evaluate its results. */
export class ActionAccepted extends CommandAccepted {
  @ApiProperty({ example: 'referents-handicap' })
  readonly actionId!: string;
}
