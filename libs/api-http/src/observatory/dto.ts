import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { HISTORY_CLOCKS, type HistoryClock } from '@catalyse/domain';
import { REGION_MAX_LENGTH, REGION_PATTERN } from '@catalyse/observatory';
import { AS_OF_NOT_FUTURE } from '../reads/as-of';
import { DateOrInstantQuery } from '../validation/instant';
import { ComposedText, ID_PATTERN, ID_RULE, IsCalendarDate } from '../validation/validation';

/** `GET /api/observatory/{section}[/{table}]?asOf=&clock=&from=&to=&territory=&region=` */
export class ObservatoryQueryDto {
  @DateOrInstantQuery(
    `The figures as they stood then: a date (by the end of that day, in the network’s time zone) or an instant; default now. ${AS_OF_NOT_FUTURE}`,
  )
  readonly asOf?: string;

  @ApiPropertyOptional({
    enum: HISTORY_CLOCKS,
    description: '`happened` (default): by the dates things happened, however late they were recorded; `recorded`: what Catalyse had recorded by `asOf`',
  })
  @IsOptional()
  @IsIn([...HISTORY_CLOCKS], { message: `$property must be one of: ${HISTORY_CLOCKS.join(', ')}` })
  readonly clock?: HistoryClock;

  @ApiPropertyOptional({ description: 'First day of the period (YYYY-MM-DD): flows counted from it, subjects alive in it', example: '2013-01-01' })
  @IsOptional()
  @IsCalendarDate()
  readonly from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period (YYYY-MM-DD): stocks stand on it', example: '2013-12-31' })
  @IsOptional()
  @IsCalendarDate()
  readonly to?: string;

  @ApiPropertyOptional({ description: 'Territory id', example: 'ardeche' })
  @ComposedText()
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly territory?: string;

  @ApiPropertyOptional({ description: 'Region: its name or its slug (`Île-de-France`, `ile-de-france`)', example: 'ile-de-france' })
  @ComposedText()
  @IsOptional()
  @MaxLength(REGION_MAX_LENGTH)
  @Matches(REGION_PATTERN, { message: '$property must be a region name (letters, digits, spaces, hyphens, apostrophes)' })
  readonly region?: string;
}
