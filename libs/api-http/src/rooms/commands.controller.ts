import { randomUUID } from 'node:crypto';
import { Body, Inject, Param } from '@nestjs/common';
import { deterministicUuid } from '@catalyse/commands';
import { roomKindAdmits } from '@catalyse/auth';
import { AGGREGATES, heldMessageOf, heldPostOf, type PostedInLog } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { AppError } from '@catalyse/protocol';
import { type CommandAccepted, MessageAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { EmptyBodyPipe } from '../validation/empty-body.pipe';
import { IdPipe } from '../validation/id.pipe';
import { MemberDto, OpenRoomDto, PostMessageDto, RecordDecisionDto, RetractMessageDto } from './dto';
import { postedInLog } from './posted-in-log';

/** Rooms: opened, membership, messages (a retry with the same clientMsgId posts once), decisions, archive. */
@ApiController('rooms')
export class RoomCommandsController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @CreateRoute(
    ['room', 'open'],
    'Open a room',
    'Catalyseurs and operators open rooms (ops rooms: operators only); a partner may open a room of kind `partnership` for its own partnership. ' +
      'The opener becomes its first member.',
  )
  async open(@Body() dto: OpenRoomDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    // A room about an aggregate needs it to exist (a territory may be named by partnerships without being
    // registered, and a theme is free).
    const about = dto.kind === 'partnership' || dto.kind === 'experimentation' || dto.kind === 'gathering' ? dto.kind : undefined;
    if (about && dto.subject && (await this.commands.state(about, dto.subject)).status === 'none') {
      throw new AppError('RULE_VIOLATED', `a ${about} room needs an existing ${about}; ${dto.subject} is not one`);
    }
    const id = this.commands.idFor(request, 'room', dto.id);
    return this.commands.send(
      request,
      'room',
      id,
      {
        type: 'OpenRoom',
        data: present({
          roomId: id,
          kind: dto.kind,
          subject: dto.subject,
          title: dto.title,
          access: dto.access,
          openedBy: request.principal.sub,
          openedAt: request.at.iso,
        }),
      },
      { create: true },
    );
  }

  @CommandRoute(['room', 'manage-members'], 'add-member', 'Add a member (membership never overrides the room’s kind: an ops room is for operators)')
  @ApiErrorResponse(
    422,
    'RULE_VIOLATED: the domain refused the command, or the room’s kind can never admit the person (a catalyseur in an ops room); nothing is recorded',
  )
  async addMember(@Param('id', IdPipe) id: string, @Body() dto: MemberDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    await this.assertKindAdmits(request, id, dto.memberId);
    return this.commands.send(request, 'room', id, { type: 'AddMember', data: { memberId: dto.memberId, addedBy: request.principal.sub } });
  }

  /**
   * A member the room's kind can never admit would be listed for nothing (the access rules judge the kind before the
   * members) and misread as having access: refused where the role is known. The decider knows ids only, and Catalyse
   * knows a person's role only from their token, but for catalyseurs, who join the network under their token's subject.
   * A room that does not exist or is archived, or a caller refused, is left to the command's own answer.
   */
  private async assertKindAdmits(request: CommandRequest, roomId: string, memberId: string): Promise<void> {
    await this.commands.assertPrincipal(request);
    if (request.deferredNotFound) return;
    const room = await this.commands.state('room', roomId);
    if (room.status !== 'open' || roomKindAdmits(room.kind, 'catalyseur')) return;
    if ((await this.commands.state('catalyseur', memberId)).status !== 'none') {
      throw new AppError('RULE_VIOLATED', `an ops room is for operators: ${memberId} is a catalyseur, who would never enter it`);
    }
  }

  @CommandRoute(['room', 'leave'], 'remove-member', 'Remove a member (anyone may leave a room they are in)')
  removeMember(@Param('id', IdPipe) id: string, @Body() dto: MemberDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'room', id, { type: 'RemoveMember', data: { memberId: dto.memberId, removedBy: request.principal.sub } });
  }

  @CommandRoute(['room', 'post'], 'post-message', 'Post a message (a retry with the same clientMsgId posts once)', MessageAccepted)
  async postMessage(@Param('id', IdPipe) id: string, @Body() dto: PostMessageDto, @CommandRequest() request: CommandRequest): Promise<MessageAccepted> {
    const author = request.principal.sub;
    // A new message's id is fresh, or derived from the request's Idempotency-Key (its replay answers the same id): a
    // retry the state recognises (its author's last posts, ADR 0029) answers the id it holds, and one beyond it without
    // a key is another message, never a second post under an id already in the stream.
    const key = request.idempotencyKey;
    const proposedId = key === undefined ? randomUUID() : deterministicUuid(`${AGGREGATES.room.streamOf(id)}\n${author}\n${key}`);
    const { accepted, events } = await this.commands.execute(request, 'room', id, {
      type: 'PostMessage',
      data: { messageId: proposedId, clientMsgId: dto.clientMsgId, authorId: author, text: dto.text, postedAt: request.at.iso },
    });
    const posted = events.find((e) => e.type === 'MessagePosted');
    if (posted?.type === 'MessagePosted') return { ...accepted, messageId: posted.data.messageId };
    // A retry: the message was posted before; answer with the id the state holds (a post through the hub has its own).
    const state = await this.commands.state('room', id);
    const earlier = state.status === 'none' ? undefined : heldPostOf(state, author, dto.clientMsgId)?.messageId;
    return { ...accepted, messageId: earlier ?? proposedId };
  }

  @CommandRoute(['room', 'retract'], 'retract-message', 'Retract a message (its author, among their last 256 posts in the room; operators moderate any)')
  async retractMessage(@Param('id', IdPipe) id: string, @Body() dto: RetractMessageDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { principal } = request;
    const posted = await this.postedBeyondState(request, id, dto.messageId);
    return this.commands.send(request, 'room', id, {
      type: 'RetractMessage',
      data: { messageId: dto.messageId, retractedBy: principal.sub, asModerator: principal.role === 'operator', ...(posted ? { posted } : {}) },
    });
  }

  /**
   * A message the room's state no longer holds (it left its author's window of recent posts, ADR 0029) is checked
   * against the log when an operator retracts it: what the stream says of it, for the decider to judge the retraction
   * on (built here, never taken from the body). The log is read for operators only: reading a long room's stream back
   * to an id costs in proportion to the room's history, which a catalyseur naming ids at the rate limit must not be
   * able to ask for; an author retracts their own recent posts. Nothing is read for a message the state holds, a room
   * that does not exist or is archived, or a caller refused (the command's own answer follows).
   */
  private async postedBeyondState(request: CommandRequest, roomId: string, messageId: string): Promise<PostedInLog | undefined> {
    if (request.principal.role !== 'operator') return undefined;
    await this.commands.assertPrincipal(request);
    if (request.deferredNotFound) return undefined;
    const room = await this.commands.state('room', roomId);
    if (room.status !== 'open' || heldMessageOf(room, messageId)) return undefined;
    return postedInLog(this.events, AGGREGATES.room.streamOf(roomId), messageId);
  }

  @CommandRoute(['room', 'post'], 'record-decision', 'Record a decision taken in the room')
  recordDecision(@Param('id', IdPipe) id: string, @Body() dto: RecordDecisionDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'room', id, {
      type: 'RecordDecision',
      data: { decisionId: dto.decisionId ?? randomUUID(), text: dto.text, recordedBy: request.principal.sub },
    });
  }

  @CommandRoute(['room', 'archive'], 'archive', 'Archive the room (its members or an operator)')
  archive(@Param('id', IdPipe) id: string, @Body(EmptyBodyPipe) _body: unknown, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'room', id, { type: 'ArchiveRoom', data: { archivedBy: request.principal.sub } });
  }
}
