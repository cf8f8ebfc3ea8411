import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JsonInteger } from '../reads/json';

/** Body of every accepted command: `201` for a create, `200` otherwise. */
export class CommandAccepted {
  @ApiProperty({ description: 'Id of the aggregate', example: '0b6f…' })
  readonly id!: string;
  @ApiProperty({ type: 'integer', description: 'Revision of its stream after the command (send it back in If-Match)', example: 3 })
  readonly revision!: JsonInteger;
  @ApiProperty({ type: 'integer', description: 'Global position of the last event written', example: 1042 })
  readonly position!: JsonInteger;
}

export class MessageAccepted extends CommandAccepted {
  @ApiPropertyOptional({ description: 'Id of the message (post-message only)' })
  readonly messageId?: string;
}
