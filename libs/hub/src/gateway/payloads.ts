import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MESSAGE_MAX_LENGTH } from '@catalyse/domain';
import { ROOM_KEY_PATTERN } from '@catalyse/protocol';

/** The payloads of the hub protocol (DESIGN §5), validated with unknown fields refused. */

const ROOM_RULE = 'network, ops, or {partnership|territory|room|theme|experimentation|gathering}:{id}';
const CLIENT_MSG_ID_PATTERN = /^[A-Za-z0-9._:~-]{1,100}$/;
const NOT_BLANK = /\S/;

function RoomField(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(ROOM_KEY_PATTERN, { message: `$property must be a room key (${ROOM_RULE})` }));
}

export class CursorPayload {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  epoch!: number;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;
}

export class JoinPayload {
  @RoomField()
  room!: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CursorPayload)
  since?: CursorPayload;
}

export class SyncPayload {
  @RoomField()
  room!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CursorPayload)
  since!: CursorPayload;
}

export class PostPayload {
  @RoomField()
  room!: string;

  @IsString()
  @Matches(CLIENT_MSG_ID_PATTERN, { message: '$property must be 1 to 100 letters, digits or . _ : ~ -' })
  clientMsgId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(MESSAGE_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  text!: string;
}

export class RoomPayload {
  @RoomField()
  room!: string;
}
