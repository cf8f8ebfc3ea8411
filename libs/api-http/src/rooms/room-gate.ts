import { Inject, Injectable } from '@nestjs/common';
import { partnershipDecider, partnershipStream, type RoomCommand, roomDecider, type RoomState, roomStream } from '@catalyse/domain';
import { assertCanContributeToRoom, assertCanEnterRoom } from '@catalyse/auth';
import { AppError, type Principal } from '@catalyse/protocol';
import { type CommandAccepted, CommandRunner, type Moment } from '../shared/command-runner';
import type { CommandMeta } from '../shared/request-meta';

export type KnownRoom = Extract<RoomState, { status: 'open' | 'archived' }>;

/**
 * Who may do what in a room, decided from its stream (the write side, so that a
 * command never waits for the projector) with the rules the hub's `AccessPolicy`
 * applies to the read models (`@catalyse/auth` access rules); operators moderate
 * (membership, retraction, archive).
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
    await assertCanEnterRoom(principal, room, (partnershipId) => this.isPartnerOf(principal, partnershipId));
  }

  /** Post, record a decision: enter, and in a members-only room be a member. */
  async assertCanContribute(principal: Principal, room: KnownRoom): Promise<void> {
    await assertCanContributeToRoom(principal, room, (partnershipId) => this.isPartnerOf(principal, partnershipId));
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
