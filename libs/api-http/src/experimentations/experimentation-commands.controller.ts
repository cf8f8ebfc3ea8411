import { Body, Controller, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { type ExperimentationCommand, experimentationDecider, experimentationStream, type Sphere } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { NetworkCommands } from '../network/network-commands';
import { ApiCommand, ApiCommonErrors, ApiCreateCommand } from '../openapi/decorators';
import type { CommandAccepted, Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import {
  AbandonExperimentationDto,
  ActionAccepted,
  AdoptActionDto,
  AdvanceStageDto,
  DecideEssaimageDto,
  EvaluateResultsDto,
  FormWorkingGroupDto,
  HoldGroupMeetingDto,
  InviteDirigeantsDto,
  JoinWorkingGroupDto,
  LaunchExperimentationDto,
  LeaveWorkingGroupDto,
  ParticipantAccepted,
  WorkingGroupAccepted,
} from './experimentations.dto';
import { NetworkWorkGuard } from '../network/network-work.guard';

const WHAT = 'experimentations';
const org = (o: { orgId: string; name: string; sphere: Sphere }) => ({ orgId: o.orgId, name: o.name, sphere: o.sphere });

/**
 * A collective experimentation, stage by stage (`emergence_besoins →
 * co_construction → evaluation_resultats`): invitation au dialogue, working
 * groups and their meetings, actions adopted, results evaluated, essaimage.
 * Catalyseurs and operators (partners: 403 before their body is read); the
 * domain's rules answer 404, 409 or 422. Answers for a group, a participant or
 * an action also give its id (the one sent, or the one made).
 */
@ApiTags('experimentations')
@ApiCommonErrors()
@UseGuards(NetworkWorkGuard(WHAT))
@Controller('experimentations')
export class ExperimentationCommandsController {
  constructor(@Inject(NetworkCommands) private readonly commands: NetworkCommands) {}

  private send(id: string, principal: Principal, meta: CommandMeta, build: (at: Moment) => ExperimentationCommand, create = false): Promise<CommandAccepted> {
    return this.commands.run(WHAT, experimentationDecider, experimentationStream(id), id, principal, meta, build, create);
  }

  @Post()
  @ApiCreateCommand('Launch a collective experimentation')
  launch(@Body() dto: LaunchExperimentationDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    const id = this.commands.idFor('experimentation', dto.id, principal, meta);
    const catalyseurs = dto.catalyseurs ?? (principal.role === 'catalyseur' ? [principal.sub] : []);
    return this.send(
      id,
      principal,
      meta,
      (at) => ({
        type: 'LaunchExperimentation',
        data: {
          experimentationId: id,
          title: dto.title,
          ...(dto.objective !== undefined ? { objective: dto.objective } : {}),
          territory: { id: dto.territory.id, name: dto.territory.name, scale: dto.territory.scale },
          conveners: dto.conveners.map(org),
          catalyseurs,
          launchedOn: dto.launchedOn ?? at.today,
        },
      }),
      true,
    );
  }

  @Post(':id/invite-dirigeants')
  @ApiCommand('Record the invitation au dialogue: how many dirigeants came, by sphere, how many volunteer')
  invite(@Param('id', IdPipe) id: string, @Body() dto: InviteDirigeantsDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'InviteDirigeants',
      data: {
        invitedOn: dto.invitedOn ?? at.today,
        dirigeants: dto.dirigeants,
        ...(dto.bySphere ? { bySphere: Object.fromEntries(Object.entries(dto.bySphere).filter(([, count]) => count !== undefined)) } : {}),
        ...(dto.volunteers !== undefined ? { volunteers: dto.volunteers } : {}),
      },
    }));
  }

  @Post(':id/advance-stage')
  @ApiCommand('Move on to the next stage (co_construction, then evaluation_resultats)')
  advance(@Param('id', IdPipe) id: string, @Body() dto: AdvanceStageDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'AdvanceStage', data: { stage: dto.stage, advancedOn: dto.advancedOn ?? at.today } }));
  }

  @Post(':id/form-working-group')
  @ApiCommand('Form a working group on a theme', WorkingGroupAccepted)
  async formGroup(@Param('id', IdPipe) id: string, @Body() dto: FormWorkingGroupDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<WorkingGroupAccepted> {
    const groupId = this.commands.idFor('working-group', dto.groupId, principal, meta);
    const accepted = await this.send(id, principal, meta, (at) => ({ type: 'FormWorkingGroup', data: { groupId, theme: dto.theme, formedOn: dto.formedOn ?? at.today } }));
    return { ...accepted, groupId };
  }

  @Post(':id/join-working-group')
  @ApiCommand('A participant (an organisation) joins a working group', ParticipantAccepted)
  async join(@Param('id', IdPipe) id: string, @Body() dto: JoinWorkingGroupDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<ParticipantAccepted> {
    const participantId = this.commands.idFor('participant', dto.participantId, principal, meta);
    const accepted = await this.send(id, principal, meta, (at) => ({
      type: 'JoinWorkingGroup',
      data: { groupId: dto.groupId, participantId, organisation: dto.organisation, sphere: dto.sphere, joinedOn: dto.joinedOn ?? at.today },
    }));
    return { ...accepted, participantId };
  }

  @Post(':id/leave-working-group')
  @ApiCommand('A participant leaves a working group')
  leave(@Param('id', IdPipe) id: string, @Body() dto: LeaveWorkingGroupDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'LeaveWorkingGroup',
      data: { groupId: dto.groupId, participantId: dto.participantId, ...(dto.reason !== undefined ? { reason: dto.reason } : {}), leftOn: dto.leftOn ?? at.today },
    }));
  }

  @Post(':id/hold-group-meeting')
  @ApiCommand('Record a working group meeting (état des lieux, propositions, plan d’action)')
  meet(@Param('id', IdPipe) id: string, @Body() dto: HoldGroupMeetingDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'HoldGroupMeeting',
      data: { groupId: dto.groupId, step: dto.step, heldOn: dto.heldOn ?? at.today, attendees: dto.attendees, ...(dto.notes !== undefined ? { notes: dto.notes } : {}) },
    }));
  }

  @Post(':id/adopt-action')
  @ApiCommand('Adopt an action, with its carriers', ActionAccepted)
  async adopt(@Param('id', IdPipe) id: string, @Body() dto: AdoptActionDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<ActionAccepted> {
    const actionId = this.commands.idFor('action', dto.actionId, principal, meta);
    const accepted = await this.send(id, principal, meta, (at) => ({
      type: 'AdoptAction',
      data: {
        actionId,
        title: dto.title,
        groupIds: dto.groupIds,
        carriers: dto.carriers.map(org),
        adoptedOn: dto.adoptedOn ?? at.today,
        ...(dto.hostPlaces !== undefined ? { hostPlaces: dto.hostPlaces } : {}),
        ...(dto.durationMonths !== undefined ? { durationMonths: dto.durationMonths } : {}),
      },
    }));
    return { ...accepted, actionId };
  }

  @Post(':id/evaluate-results')
  @ApiCommand('Evaluate the results of an action')
  evaluate(@Param('id', IdPipe) id: string, @Body() dto: EvaluateResultsDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'EvaluateResults',
      data: {
        actionId: dto.actionId,
        outcome: dto.outcome,
        summary: dto.summary,
        indicators: (dto.indicators ?? []).map((i) => ({ name: i.name, value: i.value, ...(i.unit !== undefined ? { unit: i.unit } : {}) })),
        evaluatedOn: dto.evaluatedOn ?? at.today,
      },
    }));
  }

  @Post(':id/decide-essaimage')
  @ApiCommand('Decide whether to spread it (essaimage); this concludes the experimentation')
  essaimage(@Param('id', IdPipe) id: string, @Body() dto: DecideEssaimageDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'DecideEssaimage',
      // The DTO checked that `territories` come with `true` and a `reason` with `false`.
      data: dto.essaimer
        ? { essaimer: true, territories: dto.territories ?? [], decidedOn: dto.decidedOn ?? at.today }
        : { essaimer: false, reason: dto.reason ?? '', decidedOn: dto.decidedOn ?? at.today },
    }));
  }

  @Post(':id/abandon')
  @ApiCommand('Abandon the experimentation, with the reason')
  abandon(@Param('id', IdPipe) id: string, @Body() dto: AbandonExperimentationDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'AbandonExperimentation', data: { reason: dto.reason, abandonedOn: dto.abandonedOn ?? at.today } }));
  }
}
