import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { deterministicUuid } from '@catalyse/commands';
import { roomDecider, roomStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { ApiCommand, ApiCommonErrors } from '../openapi/decorators';
import { type CommandAccepted, CommandRunner, MessageAccepted } from '../shared/command-runner';
import { EmptyBodyPipe } from '../shared/empty-body.pipe';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { RoomGate } from './room-gate';
import { MemberDto, PostMessageDto, RecordDecisionDto, RetractMessageDto } from './rooms.dto';

/** Membership, messages, decisions, archive. */
@ApiTags('rooms')
@ApiCommonErrors()
@Controller('rooms')
export class RoomCommandsController {
  constructor(
    @Inject(RoomGate) private readonly gate: RoomGate,
    @Inject(CommandRunner) private readonly runner: CommandRunner,
  ) {}

  @Post(':id/add-member')
  @ApiCommand('Add a member')
  async addMember(
    @Param('id', IdPipe) id: string,
    @Body() dto: MemberDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const { body } = await this.gate.act(
      principal,
      id,
      meta,
      (room) => this.gate.assertCanManage(principal, room),
      () => ({ type: 'AddMember', data: { memberId: dto.memberId, addedBy: principal.sub } }),
    );
    return body;
  }

  @Post(':id/remove-member')
  @ApiCommand('Remove a member (anyone may leave a room they are in)')
  async removeMember(
    @Param('id', IdPipe) id: string,
    @Body() dto: MemberDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const { body } = await this.gate.act(
      principal,
      id,
      meta,
      async (room) => (dto.memberId === principal.sub ? undefined : this.gate.assertCanManage(principal, room)),
      () => ({ type: 'RemoveMember', data: { memberId: dto.memberId, removedBy: principal.sub } }),
    );
    return body;
  }

  @Post(':id/post-message')
  @ApiCommand('Post a message (a retry with the same clientMsgId posts once)', MessageAccepted)
  async postMessage(
    @Param('id', IdPipe) id: string,
    @Body() dto: PostMessageDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<MessageAccepted> {
    const proposedId = deterministicUuid(`${roomStream(id)}\n${principal.sub}\n${dto.clientMsgId}`);
    const { body, events } = await this.gate.act(
      principal,
      id,
      meta,
      (room) => this.gate.assertCanContribute(principal, room),
      (at) => ({
        type: 'PostMessage',
        data: { messageId: proposedId, clientMsgId: dto.clientMsgId, authorId: principal.sub, text: dto.text, postedAt: at.iso },
      }),
    );
    const posted = events.find((e) => e.type === 'MessagePosted')?.data as { messageId?: string } | undefined;
    if (posted?.messageId) return { ...body, messageId: posted.messageId };
    // A retry: the message was posted before; answer with its id.
    const state = await this.runner.state(roomDecider, roomStream(id));
    const earlier = state.status === 'none' ? undefined : state.postedByClientId.get(`${principal.sub}/${dto.clientMsgId}`);
    return { ...body, messageId: earlier ?? proposedId };
  }

  @Post(':id/retract-message')
  @ApiCommand('Retract a message (its author; operators moderate any)')
  async retractMessage(
    @Param('id', IdPipe) id: string,
    @Body() dto: RetractMessageDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const { body } = await this.gate.act(
      principal,
      id,
      meta,
      (room) => this.gate.assertCanEnter(principal, room),
      () => ({ type: 'RetractMessage', data: { messageId: dto.messageId, retractedBy: principal.sub, asModerator: principal.role === 'operator' } }),
    );
    return body;
  }

  @Post(':id/record-decision')
  @ApiCommand('Record a decision taken in the room')
  async recordDecision(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordDecisionDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const { body } = await this.gate.act(
      principal,
      id,
      meta,
      (room) => this.gate.assertCanContribute(principal, room),
      () => ({ type: 'RecordDecision', data: { decisionId: dto.decisionId ?? randomUUID(), text: dto.text, recordedBy: principal.sub } }),
    );
    return body;
  }

  @Post(':id/archive')
  @ApiCommand('Archive the room (its members or an operator)')
  async archive(
    @Param('id', IdPipe) id: string,
    @Body(EmptyBodyPipe) _body: unknown,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const { body } = await this.gate.act(
      principal,
      id,
      meta,
      async (room) => {
        if (principal.role !== 'operator' && !room.members.includes(principal.sub)) {
          throw new AppError('FORBIDDEN', 'a room is archived by its members or an operator');
        }
      },
      () => ({ type: 'ArchiveRoom', data: { archivedBy: principal.sub } }),
    );
    return body;
  }
}
