import { randomUUID } from 'node:crypto';
import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { catalyseurJoinedOn } from '../commands/referenced-days';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { dayOf, pastOrNow } from '../validation/instant';
import { IdPipe } from '../validation/id.pipe';
import {
  AgreeObjectivesDto,
  AssessImpactDto,
  AssignCatalyseurDto,
  givenScores,
  ConcludeEvaluationDto,
  DropMilestoneDto,
  HoldSteeringCommitteeDto,
  OpenEvaluationDto,
  PlanMilestoneDto,
  ProposePartnershipDto,
  ReachMilestoneDto,
  RecordIndicatorDto,
  ReleaseCatalyseurDto,
  RescheduleMilestoneDto,
  StartPilotageDto,
} from './dto';

/**
 * A partnership's life: proposed, framed (cadrage: objectives per partner,
 * milestones), steered (pilotage: milestones reached, rescheduled or dropped,
 * steering committees, indicators), evaluated (impact on three dimensions,
 * then renouveler, essaimer or clore). Partners act on their own partnerships.
 *
 * A command dating a fact that happened carries `today`, the request's day in
 * the network's time zone (`request.at.today`): the decider refuses a fact
 * dated after it (422 RULE_VIOLATED), as it refuses one dated before the phase
 * change it depends on (docs/adr/0014-as-of-and-the-observatory.md).
 */
@ApiController('partnerships')
export class PartnershipCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['partnership', 'propose'],
    'Propose a partnership',
    'A partner may only propose a partnership that lists its own organisation. A catalyseur who proposes one accompanies it (`CatalyseurAssigned`), ' +
      'so it must have joined the network (`POST /api/catalyseurs`) by the day it proposes it and not left it: else 404 (never joined) or 422, nothing recorded.',
  )
  @ApiErrorResponse(404, 'NOT_FOUND: the catalyseur proposing it never joined the network (join it first, POST /api/catalyseurs); nothing is recorded')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller is erased or being erased; nothing is recorded')
  @ApiErrorResponse(
    422,
    'RULE_VIOLATED: the domain refused the proposal, or the catalyseur proposing it left the network, or it is dated before that catalyseur joined the network; nothing is recorded',
  )
  async propose(@Body() dto: ProposePartnershipDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    await this.commands.assertProposer(request);
    const proposedBy = request.principal.role === 'catalyseur' ? request.principal.sub : undefined;
    // A catalyseur proposing it accompanies it from that day: not before it joined the network (the decider compares).
    const joinedOn = proposedBy === undefined ? undefined : await catalyseurJoinedOn(this.commands, request, proposedBy);
    const id = this.commands.idFor(request, 'partnership', dto.id);
    const proposedAt = pastOrNow(dto.proposedAt, 'proposedAt', request.at);
    return this.commands.send(
      request,
      'partnership',
      id,
      {
        type: 'ProposePartnership',
        data: present({
          partnershipId: id,
          title: dto.title,
          territory: { id: dto.territory.id, name: dto.territory.name, scale: dto.territory.scale },
          partners: dto.partners.map((p) => ({ orgId: p.orgId, name: p.name, sphere: p.sphere })),
          modes: dto.modes,
          proposedAt,
          // Its day in the network's zone (between midnight and the zone's offset, or all evening west of UTC, the
          // UTC instant's day is another one); a date given is its own day.
          proposedOn: dayOf(proposedAt, request.at),
          proposedBy,
          catalyseurJoinedOn: joinedOn,
        }),
      },
      { create: true },
    );
  }

  @CommandRoute(['partnership', 'agree-objectives'], 'agree-objectives', 'Agree the objectives of one partner (a partner only for its own organisation)')
  agreeObjectives(@Param('id', IdPipe) id: string, @Body() dto: AgreeObjectivesDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, { type: 'AgreeObjectives', data: { orgId: dto.orgId, objectives: dto.objectives } });
  }

  @CommandRoute(
    ['partnership', 'assign'],
    'assign-catalyseur',
    'Assign a catalyseur to accompany the partnership (the catalyseurs who accompany it, or one assigning itself to a partnership nobody accompanies)',
  )
  @ApiErrorResponse(404, 'NOT_FOUND: the partnership, or the catalyseur it names, does not exist; nothing is recorded')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller, or the catalyseur it names, is erased or being erased; nothing is recorded')
  @ApiErrorResponse(
    422,
    'RULE_VIOLATED: the domain refused the command, or the catalyseur left the network, or the assignment is dated before it joined the network; nothing is recorded',
  )
  async assignCatalyseur(
    @Param('id', IdPipe) id: string,
    @Body() dto: AssignCatalyseurDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    await this.commands.assertReferences(request, ['partnership', id], []);
    await this.commands.assertMember(request, dto.catalyseurId, 'assigned to a partnership');
    // Not assigned before it joined the network: the decider compares.
    const joinedOn = await catalyseurJoinedOn(this.commands, request, dto.catalyseurId);
    return this.commands.send(request, 'partnership', id, {
      type: 'AssignCatalyseur',
      data: present({
        catalyseurId: dto.catalyseurId,
        assignedOn: dto.assignedOn ?? request.at.today,
        catalyseurJoinedOn: joinedOn,
        today: request.at.today,
      }),
    });
  }

  @CommandRoute(['partnership', 'release'], 'release-catalyseur', 'Release a catalyseur who accompanies the partnership, with the reason if given')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller is erased, or a reason is given for a catalyseur whose personal data are erased (release them without one)')
  async releaseCatalyseur(
    @Param('id', IdPipe) id: string,
    @Body() dto: ReleaseCatalyseurDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    // An erased catalyseur is released all the same (nothing is left an operator cannot clean up), without a reason: it would be theirs.
    await this.commands.assertNothingPersonalAbout(request, dto.catalyseurId, 'reason', dto.reason, 'release them');
    return this.commands.send(request, 'partnership', id, {
      type: 'ReleaseCatalyseur',
      data: present({ catalyseurId: dto.catalyseurId, releasedOn: dto.releasedOn ?? request.at.today, reason: dto.reason, today: request.at.today }),
    });
  }

  @CommandRoute(['partnership', 'act'], 'plan-milestone', 'Plan a milestone')
  planMilestone(@Param('id', IdPipe) id: string, @Body() dto: PlanMilestoneDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'PlanMilestone',
      data: { milestoneId: dto.milestoneId ?? randomUUID(), title: dto.title, dueDate: dto.dueDate },
    });
  }

  @CommandRoute(['partnership', 'act'], 'start-pilotage', 'Start pilotage (every partner has agreed objectives and a milestone is planned)')
  startPilotage(@Param('id', IdPipe) id: string, @Body() dto: StartPilotageDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'StartPilotage',
      data: { startedOn: dto.startedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['partnership', 'act'], 'reach-milestone', 'Reach a milestone (during pilotage)')
  reachMilestone(@Param('id', IdPipe) id: string, @Body() dto: ReachMilestoneDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'ReachMilestone',
      data: { milestoneId: dto.milestoneId, reachedOn: dto.reachedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['partnership', 'act'], 'reschedule-milestone', 'Reschedule a milestone, with the reason')
  rescheduleMilestone(
    @Param('id', IdPipe) id: string,
    @Body() dto: RescheduleMilestoneDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'RescheduleMilestone',
      data: { milestoneId: dto.milestoneId, dueDate: dto.dueDate, reason: dto.reason },
    });
  }

  @CommandRoute(['partnership', 'act'], 'drop-milestone', 'Drop a milestone, with the reason')
  dropMilestone(@Param('id', IdPipe) id: string, @Body() dto: DropMilestoneDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, { type: 'DropMilestone', data: { milestoneId: dto.milestoneId, reason: dto.reason } });
  }

  @CommandRoute(['partnership', 'act'], 'hold-steering-committee', 'Record a steering committee (COPIL) and its decisions')
  holdSteeringCommittee(
    @Param('id', IdPipe) id: string,
    @Body() dto: HoldSteeringCommitteeDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'HoldSteeringCommittee',
      data: {
        committeeId: dto.committeeId ?? randomUUID(),
        heldOn: dto.heldOn ?? request.at.today,
        attendees: dto.attendees,
        decisions: dto.decisions,
        today: request.at.today,
      },
    });
  }

  @CommandRoute(['partnership', 'act'], 'record-indicator', 'Record the measure of an indicator')
  recordIndicator(@Param('id', IdPipe) id: string, @Body() dto: RecordIndicatorDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'RecordIndicator',
      data: present({
        indicatorId: dto.indicatorId ?? randomUUID(),
        name: dto.name,
        value: dto.value,
        unit: dto.unit,
        measuredOn: dto.measuredOn ?? request.at.today,
        target: dto.target,
        direction: dto.direction,
        today: request.at.today,
      }),
    });
  }

  @CommandRoute(['partnership', 'act'], 'open-evaluation', 'Open the evaluation (ends pilotage)')
  openEvaluation(@Param('id', IdPipe) id: string, @Body() dto: OpenEvaluationDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'OpenEvaluation',
      data: { openedOn: dto.openedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['partnership', 'act'], 'assess-impact', 'Assess the impact on one dimension: a score for each of its two sub-dimensions')
  assessImpact(@Param('id', IdPipe) id: string, @Body() dto: AssessImpactDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'AssessImpact',
      data: { dimension: dto.dimension, scores: givenScores(dto.scores), evidence: dto.evidence },
    });
  }

  @CommandRoute(['partnership', 'act'], 'conclude-evaluation', 'Conclude the evaluation: renouveler (new cycle in cadrage), essaimer or clore')
  concludeEvaluation(@Param('id', IdPipe) id: string, @Body() dto: ConcludeEvaluationDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'partnership', id, {
      type: 'ConcludeEvaluation',
      data: { decision: dto.decision, concludedOn: dto.concludedOn ?? request.at.today, today: request.at.today },
    });
  }
}
