import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { PARTNERSHIP_MODES, SPHERES, TERRITORY_SCALES, type PartnershipMode, type Sphere, type TerritoryScale } from '@catalyse/domain';
import { EnumArrayField, EnumField, IdField, presence, TextField, TITLE_MAX } from '../shared/validation';

export const MAX_PARTNERS = 20;

export class TerritoryDto {
  @IdField(false, { description: 'Territory id (the "zone de projets")', example: 'grand-lyon' })
  readonly id!: string;
  @TextField(TITLE_MAX, false, { example: 'Métropole de Lyon' })
  readonly name!: string;
  @EnumField(TERRITORY_SCALES)
  readonly scale!: TerritoryScale;
}

export class PartnerDto {
  @IdField(false, { description: 'Organisation id (the `org` of its partner tokens)', example: 'asso-1' })
  readonly orgId!: string;
  @TextField(TITLE_MAX, false, { example: 'Association Entraide' })
  readonly name!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
}

function TerritoryField(): PropertyDecorator {
  return applyDecorators(...presence(false), IsObject(), ValidateNested(), Type(() => TerritoryDto), ApiProperty({ type: TerritoryDto }));
}

function PartnersField(): PropertyDecorator {
  return applyDecorators(
    ...presence(false),
    IsArray(),
    ArrayMaxSize(MAX_PARTNERS),
    ValidateNested({ each: true }),
    Type(() => PartnerDto),
    ApiProperty({ type: [PartnerDto], description: 'At least two organisations of at least two spheres', maxItems: MAX_PARTNERS }),
  );
}

/** `POST /api/partnerships`: propose a partnership (it starts in cadrage). */
export class ProposePartnershipDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;

  @TextField(TITLE_MAX, false, { example: 'Insertion par le numérique' })
  readonly title!: string;

  @TerritoryField()
  readonly territory!: TerritoryDto;

  @PartnersField()
  readonly partners!: PartnerDto[];

  @EnumArrayField(PARTNERSHIP_MODES, 1)
  readonly modes!: PartnershipMode[];
}
