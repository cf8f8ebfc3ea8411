import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CATALYSEUR_SKILLS, SPHERES, type CatalyseurSkill, type Sphere } from '@catalyse/domain';
import { AsOfQuery } from '../reads/as-of';
import { PageQuery } from '../reads/query';
import { PastDateOrInstantField } from '../validation/instant';
import { EnumArrayField, EnumField, ID_PATTERN, ID_RULE, IdField, TEXT_MAX, TextField, TITLE_MAX } from '../validation/validation';

/** `POST /api/catalyseurs`: join the network. */
export class JoinNetworkDto {
  @IdField(true, { description: 'A catalyseur joins as itself (its token subject); an operator may give any id (a UUID when absent)' })
  readonly id?: string;
  @TextField(TITLE_MAX, false, { example: 'Camille Martin' })
  readonly name!: string;
  @EnumField(SPHERES)
  readonly sphere!: Sphere;
  @IdField(false, { description: 'Territory id', example: 'grand-lyon' })
  readonly territory!: string;
  @EnumArrayField(CATALYSEUR_SKILLS, 1)
  readonly skills!: CatalyseurSkill[];
  @PastDateOrInstantField('When they joined, to record a catalyseur after the fact. They cannot leave before that day (422 RULE_VIOLATED).', '2014-01-06')
  readonly joinedAt?: string;
}

/** `POST /api/catalyseurs/{id}/update-profile`: the fields to change. */
export class UpdateProfileDto {
  @TextField(TITLE_MAX, true)
  readonly name?: string;
  @EnumField(SPHERES, true)
  readonly sphere?: Sphere;
  @IdField(true, { description: 'Territory id' })
  readonly territory?: string;
  @EnumArrayField(CATALYSEUR_SKILLS, 1, true)
  readonly skills?: CatalyseurSkill[];
}

/** `POST /api/catalyseurs/{id}/leave-network`. */
export class LeaveNetworkDto {
  @TextField(TEXT_MAX, true)
  readonly reason?: string;
}

/** `GET /api/catalyseurs?territory=&skill=&sphere=&status=`. */
export class DirectoryQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Territory id' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly territory?: string;

  @ApiPropertyOptional({ enum: CATALYSEUR_SKILLS })
  @IsOptional()
  @IsIn([...CATALYSEUR_SKILLS], { message: `$property must be one of: ${CATALYSEUR_SKILLS.join(', ')}` })
  readonly skill?: CatalyseurSkill;

  @ApiPropertyOptional({ enum: SPHERES })
  @IsOptional()
  @IsIn([...SPHERES], { message: `$property must be one of: ${SPHERES.join(', ')}` })
  readonly sphere?: Sphere;

  @ApiPropertyOptional({ enum: ['member', 'left'], description: 'Default member' })
  @IsOptional()
  @IsIn(['member', 'left'], { message: '$property must be member or left' })
  readonly status?: 'member' | 'left';
}

export class ReadCatalyseurQuery extends AsOfQuery {}
