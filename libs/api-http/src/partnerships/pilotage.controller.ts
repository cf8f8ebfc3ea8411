import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import type { Principal } from '@catalyse/protocol';
import { ApiCommand, ApiCommonErrors } from '../openapi/decorators';
import type { CommandAccepted } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { PartnershipGate } from './partnership-gate';
import { DropMilestoneDto, HoldSteeringCommitteeDto, ReachMilestoneDto, RecordIndicatorDto, RescheduleMilestoneDto } from './pilotage.dto';

/** Pilotage: milestones reached, rescheduled or dropped, steering committees, indicators. */
@ApiTags('partnerships')
@ApiCommonErrors()
@Controller('partnerships')
export class PilotageController {
  constructor(@Inject(PartnershipGate) private readonly gate: PartnershipGate) {}

  @Post(':id/reach-milestone')
  @ApiCommand('Reach a milestone (during pilotage)')
  reachMilestone(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReachMilestoneDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({
      type: 'ReachMilestone',
      data: { milestoneId: dto.milestoneId, reachedOn: dto.reachedOn ?? at.today },
    }));
  }

  @Post(':id/reschedule-milestone')
  @ApiCommand('Reschedule a milestone, with the reason')
  rescheduleMilestone(
    @Param('id', IdPipe) id: string,
    @Body() dto: RescheduleMilestoneDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, () => ({
      type: 'RescheduleMilestone',
      data: { milestoneId: dto.milestoneId, dueDate: dto.dueDate, reason: dto.reason },
    }));
  }

  @Post(':id/drop-milestone')
  @ApiCommand('Drop a milestone, with the reason')
  dropMilestone(
    @Param('id', IdPipe) id: string,
    @Body() dto: DropMilestoneDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, () => ({ type: 'DropMilestone', data: { milestoneId: dto.milestoneId, reason: dto.reason } }));
  }

  @Post(':id/hold-steering-committee')
  @ApiCommand('Record a steering committee (COPIL) and its decisions')
  holdSteeringCommittee(
    @Param('id', IdPipe) id: string,
    @Body() dto: HoldSteeringCommitteeDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({
      type: 'HoldSteeringCommittee',
      data: {
        committeeId: dto.committeeId ?? randomUUID(),
        heldOn: dto.heldOn ?? at.today,
        attendees: dto.attendees,
        decisions: dto.decisions,
      },
    }));
  }

  @Post(':id/record-indicator')
  @ApiCommand('Record the measure of an indicator')
  recordIndicator(
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordIndicatorDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({
      type: 'RecordIndicator',
      data: {
        indicatorId: dto.indicatorId ?? randomUUID(),
        name: dto.name,
        value: dto.value,
        ...(dto.unit !== undefined && dto.unit !== null ? { unit: dto.unit } : {}),
        measuredOn: dto.measuredOn ?? at.today,
      },
    }));
  }
}
