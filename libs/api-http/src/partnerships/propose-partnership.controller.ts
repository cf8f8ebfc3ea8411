import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { partnershipDecider, partnershipStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { ApiCommonErrors, ApiCreateCommand } from '../openapi/decorators';
import { type CommandAccepted, CommandRunner } from '../shared/command-runner';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { ProposePartnershipDto } from './propose-partnership.dto';

@ApiTags('partnerships')
@ApiCommonErrors()
@Controller('partnerships')
export class ProposePartnershipController {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  @Post()
  @ApiCreateCommand('Propose a partnership', 'A partner may only propose a partnership that lists its own organisation.')
  async propose(
    @Body() dto: ProposePartnershipDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    if (principal.role === 'partner' && !dto.partners.some((p) => p.orgId === principal.org)) {
      throw new AppError('FORBIDDEN', `a partner proposes partnerships of its own organisation (${principal.org ?? '?'}), which is not listed`);
    }
    const id = dto.id ?? this.runner.newId('partnership', principal, meta);
    const at = this.runner.moment();
    const { body } = await this.runner.run(
      partnershipDecider,
      partnershipStream(id),
      id,
      {
        type: 'ProposePartnership',
        data: {
          partnershipId: id,
          title: dto.title,
          territory: { id: dto.territory.id, name: dto.territory.name, scale: dto.territory.scale },
          partners: dto.partners.map((p) => ({ orgId: p.orgId, name: p.name, sphere: p.sphere })),
          modes: dto.modes,
          proposedAt: at.iso,
        },
      },
      principal,
      meta,
      at,
      { create: true },
    );
    return body;
  }
}
