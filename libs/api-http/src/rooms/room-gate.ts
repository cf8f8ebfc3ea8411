import { Inject, Injectable } from '@nestjs/common';
import { partnershipDecider, partnershipStream, type RoomCommand, roomDecider, type RoomState, roomStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { type CommandAccepted, CommandRunner, type Moment } from '../shared/command-runner';
import type { CommandMeta } from '../shared/request-meta';

export type KnownRoom = Extract<RoomState, { status: 'open' | 'archived' }>;

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

/**
 * Who may do what in a room, decided from its stream (the write side) with the
 * same rules as the hub's `AccessPolicy`:
 * - operators enter every room and moderate (membership, retraction, archive);
 * - members enter their rooms; a room of kind `partnership` also admits that
 *   partnership's partners; open rooms admit catalyseurs; `ops` rooms are for operators;
 * - in a members-only room, only members contribute (post, record decisions).
 */
@Injectable()
export class RoomGate {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  async load(roomId: string): Promise<KnownRoom> {
    const state = await this.runner.state(roomDecider, roomStream(roomId));
    if (state.status === 'none') throw new AppError('NOT_FOUND', `room ${roomId} not found`);
    return state;
  }

  /** A partner is a partner of this partnership (from its stream). */
  async isPartnerOf(principal: Principal, partnershipId: string): Promise<boolean> {
    if (principal.role !== 'partner' || principal.org === undefined) return false;
    const state = await this.runner.state(partnershipDecider, partnershipStream(partnershipId));
    return state.status !== 'none' && state.partners.some((p) => p.orgId === principal.org);
  }

  async assertCanEnter(principal: Principal, room: KnownRoom): Promise<void> {
    if (principal.role === 'operator') return;
    if (room.members.includes(principal.sub)) return;
    if (room.kind === 'partnership' && room.subject !== undefined && principal.role === 'partner') {
      if (await this.isPartnerOf(principal, room.subject)) return;
      throw forbidden('this room is for the partners of its partnership');
    }
    if (room.access === 'members') throw forbidden('this room is for its members');
    if (room.kind === 'ops') throw forbidden('ops rooms are for operators');
    if (principal.role === 'partner') throw forbidden('partners see the rooms of their partnerships');
  }

  /** Post, record a decision: enter, and in a members-only room be a member. */
  async assertCanContribute(principal: Principal, room: KnownRoom): Promise<void> {
    await this.assertCanEnter(principal, room);
    if (room.access === 'members' && !room.members.includes(principal.sub)) throw forbidden('only members contribute to a members-only room');
  }

  /** Add or remove members: operators (moderation) and those who may contribute. */
  async assertCanManage(principal: Principal, room: KnownRoom): Promise<void> {
    if (principal.role === 'operator') return;
    await this.assertCanContribute(principal, room);
  }

  /** Loads the room, checks access, builds the command at one instant and runs it. */
  async act(
    principal: Principal,
    roomId: string,
    meta: CommandMeta,
    check: (room: KnownRoom) => Promise<void>,
    build: (at: Moment, room: KnownRoom) => RoomCommand,
  ): Promise<{ body: CommandAccepted; events: readonly { type: string; data: unknown }[] }> {
    const room = await this.load(roomId);
    await check(room);
    const at = this.runner.moment();
    const { body, result } = await this.runner.run(roomDecider, roomStream(roomId), roomId, build(at, room), principal, meta, at);
    return { body, events: result.events };
  }
}
