import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { AppError, type Principal } from '@catalyse/protocol';
import { ApiCommand, ApiCommonErrors } from '../openapi/decorators';
import type { CommandAccepted } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { AgreeObjectivesDto, PlanMilestoneDto, StartPilotageDto } from './cadrage.dto';
import { PartnershipGate } from './partnership-gate';

/** Cadrage: objectives per partner, milestones, then pilotage starts. */
@ApiTags('partnerships')
@ApiCommonErrors()
@Controller('partnerships')
export class CadrageController {
  constructor(@Inject(PartnershipGate) private readonly gate: PartnershipGate) {}

  @Post(':id/agree-objectives')
  @ApiCommand('Agree the objectives of one partner (a partner only for its own organisation)')
  agreeObjectives(
    @Param('id', IdPipe) id: string,
    @Body() dto: AgreeObjectivesDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    if (principal.role === 'partner' && dto.orgId !== principal.org) {
      throw new AppError('FORBIDDEN', `a partner agrees objectives for its own organisation (${principal.org ?? '?'}), not for ${dto.orgId}`);
    }
    return this.gate.act(principal, id, meta, () => ({ type: 'AgreeObjectives', data: { orgId: dto.orgId, objectives: dto.objectives } }));
  }

  @Post(':id/plan-milestone')
  @ApiCommand('Plan a milestone')
  planMilestone(
    @Param('id', IdPipe) id: string,
    @Body() dto: PlanMilestoneDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, () => ({
      type: 'PlanMilestone',
      data: { milestoneId: dto.milestoneId ?? randomUUID(), title: dto.title, dueDate: dto.dueDate },
    }));
  }

  @Post(':id/start-pilotage')
  @ApiCommand('Start pilotage (every partner has agreed objectives and a milestone is planned)')
  startPilotage(
    @Param('id', IdPipe) id: string,
    @Body() dto: StartPilotageDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({ type: 'StartPilotage', data: { startedOn: dto.startedOn ?? at.today } }));
  }
}
