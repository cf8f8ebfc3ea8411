import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PARTNERSHIP_MODES, PARTNERSHIP_PHASES, type PartnershipMode, type PartnershipPhase } from '@catalyse/domain';
import { IntQuery, PageQuery, ReadYourWritesQuery } from '../shared/query';
import { ID_PATTERN, ID_RULE } from '../shared/validation';

/** ISO-8601 date-time with a time zone (`2025-03-01T12:00:00Z`, `2025-03-01T13:00:00+01:00`). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `GET /api/partnerships/{id}`: the live board, or the board as of an instant or a position. */
export class ReadBoardQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'Fold the events that occurred up to this instant (ISO-8601 with zone)', example: '2025-03-01T12:00:00Z' })
  @IsOptional()
  @IsString()
  @Matches(INSTANT_PATTERN, { message: '$property must be an ISO-8601 date-time with a time zone, e.g. 2025-03-01T12:00:00Z' })
  readonly asOf?: string;

  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Fold the events up to this global position (inclusive)')
  readonly position?: number;
}

/** `GET /api/partnerships?territory=&phase=&mode=&org=&limit=&offset=`. */
export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Territory id' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly territory?: string;

  @ApiPropertyOptional({ enum: PARTNERSHIP_PHASES })
  @IsOptional()
  @IsIn([...PARTNERSHIP_PHASES], { message: `$property must be one of: ${PARTNERSHIP_PHASES.join(', ')}` })
  readonly phase?: PartnershipPhase;

  @ApiPropertyOptional({ enum: PARTNERSHIP_MODES })
  @IsOptional()
  @IsIn([...PARTNERSHIP_MODES], { message: `$property must be one of: ${PARTNERSHIP_MODES.join(', ')}` })
  readonly mode?: PartnershipMode;

  @ApiPropertyOptional({ description: 'Organisation id (partners always see only their own)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly org?: string;
}

/** `GET /api/partnerships/{id}/events?after=&limit=`. */
export class ListEventsQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Only events after this revision (absent: from the first)')
  readonly after?: number;
  @IntQuery(1, 500, 'Page size (default 100)', 100)
  readonly limit?: number;
}
