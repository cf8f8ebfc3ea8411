import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { MESSAGE_MAX_LENGTH } from '@catalyse/domain';
import {
  type FeedCursor,
  HUB_EVENTS,
  type HubRequestEvent,
  type JoinRequest,
  type LeaveRequest,
  type PostRequest,
  type RequestOf,
  ROOM_KEY_PATTERN,
  ROOM_KEY_RULE,
  type RoomKey,
  type SyncRequest,
  textFault,
  type TypingRequest,
} from '@catalyse/protocol';

/**
 * The payloads of the hub protocol, as classes that implement its request
 * types, validated with unknown fields refused (clients cannot be trusted:
 * the types of `@catalyse/protocol` only say what they should send).
 */

const CLIENT_MSG_ID_PATTERN = /^[A-Za-z0-9._:~-]{1,100}$/;

/** A person's text, as the api judges it (`textFault`): well-formed, no control characters but tabs and line breaks, visible. */
function ReadableText(): PropertyDecorator {
  return ValidateBy({
    name: 'readableText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || textFault(value) === undefined,
      defaultMessage: (args) => `$property ${(typeof args?.value === 'string' ? textFault(args.value) : undefined) ?? 'must be readable text'}`,
    },
  });
}

/** A room key, as `@catalyse/protocol` defines it (pattern and words derive from its list of feed kinds). */
function RoomField(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(ROOM_KEY_PATTERN, { message: `$property must be a room key (${ROOM_KEY_RULE})` }));
}

/**
 * Stacked decorators apply bottom-up, and the validation stops at the first check a field fails (`stopAtFirstError`):
 * the type is checked first (nearest the field), so `"1"` or `true` is told it is not an integer, not that it is out of range.
 */
export class CursorPayload implements FeedCursor {
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt()
  readonly epoch!: number;

  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt()
  readonly seq!: number;
}

export class JoinPayload implements JoinRequest {
  @RoomField()
  readonly room!: RoomKey;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CursorPayload)
  readonly since?: CursorPayload;
}

export class SyncPayload implements SyncRequest {
  @RoomField()
  readonly room!: RoomKey;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CursorPayload)
  readonly since!: CursorPayload;
}

export class PostPayload implements PostRequest {
  @RoomField()
  readonly room!: RoomKey;

  // Bottom-up, as the cursor's: the type first.
  @Matches(CLIENT_MSG_ID_PATTERN, { message: '$property must be 1 to 100 letters, digits or . _ : ~ -' })
  @IsString()
  readonly clientMsgId!: string;

  @ReadableText()
  @MaxLength(MESSAGE_MAX_LENGTH)
  @MinLength(1)
  @IsString()
  readonly text!: string;
}

/** `room:leave` and `presence:typing`: a room key alone. */
export class RoomPayload implements LeaveRequest, TypingRequest {
  @RoomField()
  readonly room!: RoomKey;
}

/** The payload class of each client → server event: the compiler checks there is one per event, of the event's request type. */
export const PAYLOADS: { readonly [E in HubRequestEvent]: new () => RequestOf<E> } = {
  [HUB_EVENTS.join]: JoinPayload,
  [HUB_EVENTS.sync]: SyncPayload,
  [HUB_EVENTS.post]: PostPayload,
  [HUB_EVENTS.leave]: RoomPayload,
  [HUB_EVENTS.typing]: RoomPayload,
};
