import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { catalyseurDecider, type CatalyseurCommand, catalyseurStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { ApiCommand, ApiCommonErrors } from '../openapi/decorators';
import { type CommandAccepted, CommandRunner, type Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { assertCanManageProfile } from './catalyseur-gate';
import { LeaveNetworkDto, UpdateProfileDto } from './catalyseurs.dto';

/** A catalyseur's own profile: update it, leave the network. */
@ApiTags('catalyseurs')
@ApiCommonErrors()
@Controller('catalyseurs')
export class ProfileController {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  @Post(':id/update-profile')
  @ApiCommand('Update a profile (the fields given)')
  updateProfile(
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateProfileDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    const changes = {
      ...(dto.name != null ? { name: dto.name } : {}),
      ...(dto.sphere != null ? { sphere: dto.sphere } : {}),
      ...(dto.territory != null ? { territory: dto.territory } : {}),
      ...(dto.skills != null ? { skills: dto.skills } : {}),
    };
    if (Object.keys(changes).length === 0) {
      throw new AppError('VALIDATION', 'give at least one of name, sphere, territory, skills', {
        details: [{ field: '(body)', messages: ['at least one of name, sphere, territory, skills'] }],
      });
    }
    return this.act(principal, id, meta, () => ({ type: 'UpdateProfile', data: changes }));
  }

  @Post(':id/leave-network')
  @ApiCommand('Leave the network')
  leaveNetwork(
    @Param('id', IdPipe) id: string,
    @Body() dto: LeaveNetworkDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.act(principal, id, meta, (at) => ({
      type: 'LeaveNetwork',
      data: { ...(dto.reason != null ? { reason: dto.reason } : {}), leftAt: at.iso },
    }));
  }

  private async act(principal: Principal, id: string, meta: CommandMeta, build: (at: Moment) => CatalyseurCommand): Promise<CommandAccepted> {
    assertCanManageProfile(principal, id);
    const state = await this.runner.state(catalyseurDecider, catalyseurStream(id));
    if (state.status === 'none') throw new AppError('NOT_FOUND', `catalyseur ${id} not found`);
    const at = this.runner.moment();
    return (await this.runner.run(catalyseurDecider, catalyseurStream(id), id, build(at), principal, meta, at)).body;
  }
}
