import { Inject, Injectable } from '@nestjs/common';
import { assertPartnerOf } from '@catalyse/auth';
import { partnershipDecider, partnershipStream, type PartnershipCommand, type PartnershipState } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { type CommandAccepted, CommandRunner, type Moment } from '../shared/command-runner';
import type { CommandMeta } from '../shared/request-meta';

export type ActivePartnership = Extract<PartnershipState, { status: 'active' }>;

/**
 * Who may act on a partnership, decided from its stream (the write side), not
 * from the board: a partner can act the moment its partnership is proposed,
 * without waiting for the projector. Partners act on their own partnerships;
 * catalyseurs (who accompany them) and operators on any.
 */
@Injectable()
export class PartnershipGate {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  async state(partnershipId: string): Promise<PartnershipState> {
    return this.runner.state(partnershipDecider, partnershipStream(partnershipId));
  }

  /** Same rule for reading the write side (its events). */
  async assertCanSee(principal: Principal, partnershipId: string): Promise<ActivePartnership> {
    return this.assertCanAct(principal, partnershipId);
  }

  async assertCanAct(principal: Principal, partnershipId: string): Promise<ActivePartnership> {
    const state = await this.state(partnershipId);
    if (state.status === 'none') throw new AppError('NOT_FOUND', `partnership ${partnershipId} not found`);
    assertPartnerOf(principal, state.partners, partnershipId);
    return state;
  }

  /** Checks access, builds the command at one instant and runs it. */
  async act(
    principal: Principal,
    partnershipId: string,
    meta: CommandMeta,
    build: (at: Moment, state: ActivePartnership) => PartnershipCommand,
  ): Promise<CommandAccepted> {
    const state = await this.assertCanAct(principal, partnershipId);
    const at = this.runner.moment();
    const { body } = await this.runner.run(partnershipDecider, partnershipStream(partnershipId), partnershipId, build(at, state), principal, meta, at);
    return body;
  }
}
