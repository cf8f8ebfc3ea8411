import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { partnershipDecider, partnershipStream, roomDecider, roomStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { ApiCommonErrors, ApiCreateCommand } from '../openapi/decorators';
import { type CommandAccepted, CommandRunner } from '../shared/command-runner';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { RoomGate } from './room-gate';
import { OpenRoomDto } from './rooms.dto';

@ApiTags('rooms')
@ApiCommonErrors()
@Controller('rooms')
export class OpenRoomController {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(RoomGate) private readonly gate: RoomGate,
  ) {}

  @Post()
  @ApiCreateCommand(
    'Open a room',
    'Catalyseurs and operators open rooms (ops rooms: operators only); a partner may open a room of kind `partnership` for its own partnership. ' +
      'The opener becomes its first member.',
  )
  async open(@Body() dto: OpenRoomDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    await this.assertCanOpen(principal, dto);
    const id = dto.id ?? this.runner.newId('room', principal, meta);
    const at = this.runner.moment();
    const { body } = await this.runner.run(
      roomDecider,
      roomStream(id),
      id,
      {
        type: 'OpenRoom',
        data: {
          roomId: id,
          kind: dto.kind,
          ...(dto.subject !== undefined && dto.subject !== null ? { subject: dto.subject } : {}),
          title: dto.title,
          access: dto.access,
          openedBy: principal.sub,
          openedAt: at.iso,
        },
      },
      principal,
      meta,
      at,
      { create: true },
    );
    return body;
  }

  private async assertCanOpen(principal: Principal, dto: OpenRoomDto): Promise<void> {
    if (dto.kind === 'ops' && principal.role !== 'operator') throw new AppError('FORBIDDEN', 'ops rooms are opened by operators');
    if (dto.kind === 'partnership' && dto.subject) {
      const partnership = await this.runner.state(partnershipDecider, partnershipStream(dto.subject));
      if (partnership.status === 'none') throw new AppError('RULE_VIOLATED', `a partnership room needs an existing partnership; ${dto.subject} is not one`);
    }
    if (principal.role !== 'partner') return;
    if (dto.kind !== 'partnership' || !dto.subject) {
      throw new AppError('FORBIDDEN', 'a partner may only open a room of kind partnership, for its own partnership (subject)');
    }
    if (!(await this.gate.isPartnerOf(principal, dto.subject))) {
      throw new AppError('FORBIDDEN', `organisation ${principal.org ?? '?'} is not a partner of partnership ${dto.subject}`);
    }
  }
}
