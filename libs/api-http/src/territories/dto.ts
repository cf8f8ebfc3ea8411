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
import { PageQuery } from '../reads/query';
import { PastDateOrInstantField } from '../validation/instant';
import { DateField, EnumField, IdField, NestedArrayField, TEXT_MAX, TextField, TITLE_MAX } from '../validation/validation';

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
  @TextField(TITLE_MAX, true)
  readonly region?: string;
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
  @TextField(TITLE_MAX, true) readonly region?: string;
  @IdField(true) readonly actor?: string;
}
