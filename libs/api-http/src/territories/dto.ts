import {
  FRAGILITY_PRIORITIES,
  type FragilityPriority,
  SPHERES,
  type Sphere,
  TERRITORY_SCALES,
  TERRITORY_TYPOLOGIES,
  type TerritoryScale,
  type TerritoryTypology,
} from '@catalyse/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../reads/query';
import { PastDateOrInstantField } from '../validation/instant';
import {
  ComposedText,
  DateField,
  EnumField,
  IdArrayField,
  IdField,
  IntField,
  NestedArrayField,
  TEXT_MAX,
  TextArrayField,
  TextField,
  TITLE_MAX,
} from '../validation/validation';

/**
 * A finite number from `min` to `max`. Called here one after the other, the checks run in that order (the pipe
 * stops at the first that fails): presence, then the type, then the range (`"10"` is told it is not a number).
 */
function NumberField(min: number, max: number, optional = false, example?: number): PropertyDecorator {
  return (target, key) => {
    (optional ? IsOptional() : IsDefined({ message: '$property is required' }))(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' })(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
    ApiProperty({ type: Number, required: !optional, minimum: min, maximum: max, ...(example === undefined ? {} : { example }) })(target, key);
  };
}

/** `POST /api/territories`: register a territory. */
export class RegisterTerritoryDto {
  @IdField(false, { example: 'centre-val-de-loire' })
  readonly id!: string;
  @TextField(TITLE_MAX, false, { example: 'Centre-Val de Loire' })
  readonly name!: string;
  @EnumField(TERRITORY_TYPOLOGIES)
  readonly typology!: TerritoryTypology;
  @EnumField(TERRITORY_SCALES)
  readonly level!: TerritoryScale;
  /** Compared by the list's `?region=` filter: kept in composed form (NFC), as the filter reads it. */
  @ComposedText()
  @TextField(TITLE_MAX, true)
  readonly region?: string;
  @ComposedText()
  @TextField(TITLE_MAX, true)
  readonly departement?: string;
  @PastDateOrInstantField(
    'When it was registered, to record a territory after the fact. Its diagnostics cannot be dated before that day (422 RULE_VIOLATED).',
    '2014-01-06',
  )
  readonly registeredAt?: string;
}

/** `POST /api/territories/{id}/add-fragility-domain`: a domain of its own (a slug). */
export class AddFragilityDomainDto {
  @TextField(40, false, { example: 'handicap' })
  readonly domain!: string;
  @TextField(TITLE_MAX, false, { example: 'Handicap' })
  readonly label!: string;
}

export class FragilityRatingDto {
  @TextField(40, false, { example: 'vieillissement' })
  readonly domain!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
  @EnumField(FRAGILITY_PRIORITIES)
  readonly priority!: FragilityPriority;
  @TextField(TEXT_MAX, true)
  readonly notes?: string;
}

/** `POST /api/territories/{id}/record-diagnostic`: a whole diagnostic of fragilités; it replaces the current one. */
export class RecordDiagnosticDto {
  @DateField(true, { description: 'Today when absent' })
  readonly diagnosedOn?: string;
  @TextField(TITLE_MAX, true, { example: 'Programme PHARE (Comisis-OpinionWay, 2016)' })
  readonly source?: string;
  @NestedArrayField(() => FragilityRatingDto, 1, 500)
  readonly ratings!: FragilityRatingDto[];
}

/** One key figure: population, superficie, communes, PIB, entreprises, associations… */
export class KeyFigureDto {
  @TextField(40, false, { example: 'population', description: 'A slug of lower-case letters, digits and underscores' })
  readonly key!: string;
  @TextField(TITLE_MAX, false, { example: 'Population' })
  readonly label!: string;
  @NumberField(-1e15, 1e15, false, 2_500_000)
  readonly value!: number;
  @TextField(50, true, { example: 'habitants' })
  readonly unit?: string;
  @NumberField(0, 100, true, 4)
  readonly shareOfFrance?: number;
  @IntField(1800, 2200, true, { example: 2012, description: 'The year it describes' })
  readonly year?: number;
}

/** `POST /api/territories/{id}/record-key-figures`: the whole set of key figures; it replaces the current one. */
export class RecordKeyFiguresDto {
  @DateField(true, { description: 'Today when absent' })
  readonly recordedOn?: string;
  @TextField(TITLE_MAX, true, { example: 'Diagnostics sectoriels, Comisis 2016' })
  readonly source?: string;
  @NestedArrayField(() => KeyFigureDto, 1, 100)
  readonly figures!: KeyFigureDto[];
}

/** An indicator of fragility against the national average. */
export class FragilityIndicatorDto {
  @TextField(40, false, { example: 'vieillissement' })
  readonly domain!: string;
  @TextField(TITLE_MAX, false, { example: 'Part des 75 ans et plus' })
  readonly name!: string;
  @NumberField(-1e15, 1e15, false, 10.6)
  readonly value!: number;
  @NumberField(-1e15, 1e15, false, 9.3)
  readonly nationalAverage!: number;
  @TextField(50, true, { example: '%' })
  readonly unit?: string;
}

/** `POST /api/territories/{id}/record-indicators`: the whole set of indicators; it replaces the current one. */
export class RecordIndicatorsDto {
  @DateField(true, { description: 'Today when absent' })
  readonly measuredOn?: string;
  @TextField(TITLE_MAX, true)
  readonly source?: string;
  @NestedArrayField(() => FragilityIndicatorDto, 1, 200)
  readonly indicators!: FragilityIndicatorDto[];
}

/** `POST /api/territories/{id}/record-action`: an action answering needs, carried by actors of the territory. */
export class RecordTerritoryActionDto {
  @IdField(false, { example: 'maintien-a-domicile' })
  readonly actionId!: string;
  @TextField(TITLE_MAX)
  readonly title!: string;
  @TextArrayField(16, 40, false, { description: 'The fragility domains it answers', example: ['vieillissement'] })
  readonly domains!: string[];
  @IdArrayField(50, false, { description: 'orgIds of actors of the territory' })
  readonly actorIds!: string[];
  @DateField(true, { description: 'Today when absent' })
  readonly startedOn?: string;
  @TextField(TEXT_MAX, true)
  readonly description?: string;
}

/** `POST /api/territories/{id}/register-actor`. */
export class RegisterActorDto {
  @IdField()
  readonly orgId!: string;
  @TextField(TITLE_MAX)
  readonly name!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
}

/** `POST /api/territories/{id}/remove-actor`. */
export class RemoveActorDto {
  @IdField()
  readonly orgId!: string;
  @TextField(TEXT_MAX, true)
  readonly reason?: string;
}

/** `GET /api/territories?typology=&level=&region=&actor=`. */
export class ListTerritoriesQuery extends PageQuery {
  @EnumField(TERRITORY_TYPOLOGIES, true) readonly typology?: TerritoryTypology;
  @EnumField(TERRITORY_SCALES, true) readonly level?: TerritoryScale;
  @ComposedText() @TextField(TITLE_MAX, true) readonly region?: string;
  @IdField(true) readonly actor?: string;
}
