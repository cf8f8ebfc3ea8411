import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, registerDecorator } from 'class-validator';
import {
  ALLIANCE_MATURITIES,
  type AllianceMaturity,
  OBJECTIVE_FAMILIES,
  type ObjectiveFamily,
  ORGANISATION_SIZES,
  type OrganisationSize,
  registryKindOf,
  SPHERES,
  type Sphere,
} from '@catalyse/domain';
import { PageQuery } from '../reads/query';
import { PastDateOrInstantField } from '../validation/instant';
import { DateField, EnumArrayField, EnumField, IdField, TextField, TITLE_MAX } from '../validation/validation';

const SIZE_DESCRIPTION = 'By headcount, the INSEE thresholds for every kind: tpe < 10, pme 10–249, eti 250–4 999, grande ≥ 5 000; inconnue when unknown';

/** A SIREN (9 digits, the last its Luhn check digit) or an RNA number (W and 9 digits), written without spaces. */
function RegistryNumberField(optional: boolean): PropertyDecorator {
  const field: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'isRegistryNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a SIREN (9 digits with a valid check digit) or an RNA number (W and 9 digits), without spaces' },
      validator: { validate: (value: unknown) => registryKindOf(value) !== undefined },
    });
  return applyDecorators(
    ...(optional ? [IsOptional()] : []),
    field,
    ApiProperty({
      type: String,
      required: !optional,
      pattern: '^(\\d{9}|W\\d{9})$',
      example: '775672272',
      description: 'SIREN (9 digits, with a valid Luhn check digit) or RNA number (W and 9 digits)',
    }),
  );
}

/** `POST /api/organisations`: register an organisation. */
export class RegisterOrganisationDto {
  @IdField(false, { example: 'flda' })
  readonly id!: string;
  @TextField(TITLE_MAX, false, { example: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche' })
  readonly name!: string;
  @EnumField(SPHERES, false, { description: 'Its kind: a sphere of the network' })
  readonly kind!: Sphere;
  @EnumField(ORGANISATION_SIZES, false, { description: SIZE_DESCRIPTION })
  readonly size!: OrganisationSize;
  @IdField(false, { example: 'ardeche', description: 'The territory it acts on' })
  readonly territory!: string;
  @RegistryNumberField(true)
  readonly registryNumber?: string;
  @PastDateOrInstantField(
    'When it was registered, to record an organisation after the fact. Its strategy cannot be dated before that day (422 RULE_VIOLATED).',
    '2014-01-06',
  )
  readonly registeredAt?: string;
}

/** `POST /api/organisations/{id}/update-profile`: the fields given change (at least one); renaming is giving `name`. */
export class UpdateOrganisationProfileDto {
  @TextField(TITLE_MAX, true, { example: 'FLDA' })
  readonly name?: string;
  @EnumField(SPHERES, true)
  readonly kind?: Sphere;
  @EnumField(ORGANISATION_SIZES, true, { description: SIZE_DESCRIPTION })
  readonly size?: OrganisationSize;
  @IdField(true)
  readonly territory?: string;
  @RegistryNumberField(true)
  readonly registryNumber?: string;
}

/** `POST /api/organisations/{id}/record-strategy`: the whole alliance strategy; it replaces the current one. */
export class RecordAllianceStrategyDto {
  @EnumField(ALLIANCE_MATURITIES)
  readonly maturity!: AllianceMaturity;
  @EnumArrayField(OBJECTIVE_FAMILIES, 1)
  readonly objectiveFamilies!: ObjectiveFamily[];
  @DateField(true, { description: 'Today when absent' })
  readonly recordedOn?: string;
}

/** `GET /api/organisations?territory=&kind=&size=&maturity=&objective=`. */
export class ListOrganisationsQuery extends PageQuery {
  @IdField(true) readonly territory?: string;
  @EnumField(SPHERES, true) readonly kind?: Sphere;
  @EnumField(ORGANISATION_SIZES, true) readonly size?: OrganisationSize;
  @EnumField(ALLIANCE_MATURITIES, true) readonly maturity?: AllianceMaturity;
  @EnumField(OBJECTIVE_FAMILIES, true) readonly objective?: ObjectiveFamily;
}
