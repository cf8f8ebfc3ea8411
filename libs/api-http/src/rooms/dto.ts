import { MESSAGE_MAX_LENGTH, ROOM_ACCESS, ROOM_KINDS, type RoomAccess, type RoomKind } from '@catalyse/domain';
import { EnumField, IdField, TextField, TITLE_MAX } from '../validation/validation';

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
  @EnumField(ROOM_ACCESS, false, { description: 'open, or members-only' })
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
