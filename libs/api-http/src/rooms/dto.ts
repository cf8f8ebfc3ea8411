import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MESSAGE_MAX_LENGTH, ROOM_ACCESS, ROOM_KINDS, type RoomAccess, type RoomKind } from '@catalyse/domain';
import { PageQuery } from '../reads/query';
import { EnumField, ID_PATTERN, ID_RULE, IdField, TextField, TITLE_MAX } from '../validation/validation';

/** `POST /api/rooms`: open a room. */
export class OpenRoomDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;
  @EnumField(ROOM_KINDS)
  readonly kind!: RoomKind;
  @IdField(true, { description: 'What it is about: a partnership id for kind partnership, a territory id for territory, …' })
  readonly subject?: string;
  @TextField(TITLE_MAX, false, { example: 'Rencontres du Grand Lyon' })
  readonly title!: string;
  @EnumField(ROOM_ACCESS, false, { description: '`open` (anyone who may enter its kind), or `members` (its members only)' })
  readonly access!: RoomAccess;
}

/** `POST /api/rooms/{id}/add-member` and `/remove-member`. */
export class MemberDto {
  @IdField(false, { description: 'The person (token subject)' })
  readonly memberId!: string;
}

/** `POST /api/rooms/{id}/post-message`. */
export class PostMessageDto {
  @IdField(false, { description: 'Chosen by the client: a retry with the same id posts once' })
  readonly clientMsgId!: string;
  @TextField(MESSAGE_MAX_LENGTH)
  readonly text!: string;
}

/** `POST /api/rooms/{id}/retract-message`. */
export class RetractMessageDto {
  @IdField()
  readonly messageId!: string;
}

/** `POST /api/rooms/{id}/record-decision`. */
export class RecordDecisionDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly decisionId?: string;
  @TextField(MESSAGE_MAX_LENGTH)
  readonly text!: string;
}

/** `GET /api/rooms?member=&kind=&archived=&limit=&offset=`: the rooms the caller may enter. */
export class ListRoomsQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Whose rooms: those this person (a token subject) is a member of, and the open ones. Default: the caller',
    pattern: ID_PATTERN.source,
    example: 'catalyseur-001',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` })
  readonly member?: string;

  @ApiPropertyOptional({ enum: ROOM_KINDS })
  @IsOptional()
  @IsIn([...ROOM_KINDS], { message: `$property must be one of: ${ROOM_KINDS.join(', ')}` })
  readonly kind?: RoomKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '`true`: only archived rooms; `false` (default): only rooms in use' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: '$property must be true or false' })
  readonly archived?: 'true' | 'false';
}
