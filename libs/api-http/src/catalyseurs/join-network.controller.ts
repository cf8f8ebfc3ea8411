import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { catalyseurDecider, catalyseurStream } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { ApiCommonErrors, ApiCreateCommand } from '../openapi/decorators';
import { type CommandAccepted, CommandRunner } from '../shared/command-runner';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { assertCanManageProfile } from './catalyseur-gate';
import { JoinNetworkDto } from './catalyseurs.dto';

@ApiTags('catalyseurs')
@ApiCommonErrors()
@Controller('catalyseurs')
export class JoinNetworkController {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  @Post()
  @ApiCreateCommand('Join the network', 'A catalyseur joins as itself (id = its token subject, the default); an operator registers anyone.')
  async join(@Body() dto: JoinNetworkDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    const id = dto.id ?? (principal.role === 'catalyseur' ? principal.sub : this.runner.newId('catalyseur', principal, meta));
    assertCanManageProfile(principal, id);
    const at = this.runner.moment();
    const { body } = await this.runner.run(
      catalyseurDecider,
      catalyseurStream(id),
      id,
      {
        type: 'JoinNetwork',
        data: { catalyseurId: id, name: dto.name, sphere: dto.sphere, territory: dto.territory, skills: dto.skills, joinedAt: at.iso },
      },
      principal,
      meta,
      at,
      { create: true },
    );
    return body;
  }
}
