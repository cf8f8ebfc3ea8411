import { Body, Inject, Param } from '@nestjs/common';
import type { CalendarDate, Sphere } from '@catalyse/domain';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { catalyseurJoinedOn } from '../commands/referenced-days';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import {
  AbandonExperimentationDto,
  ActionAccepted,
  AdoptActionDto,
  AdvanceStageDto,
  DecideEssaimageDto,
  EvaluateResultsDto,
  FormWorkingGroupDto,
  HoldFollowUpMeetingDto,
  HoldGroupMeetingDto,
  HoldRestitutionDto,
  InviteDirigeantsDto,
  JoinWorkingGroupDto,
  LaunchExperimentationDto,
  LeaveWorkingGroupDto,
  ParticipantAccepted,
  WorkingGroupAccepted,
} from './dto';

const org = (o: { orgId: string; name: string; sphere: Sphere }) => ({ orgId: o.orgId, name: o.name, sphere: o.sphere });

/**
 * A collective experimentation, stage by stage (`emergence_besoins →
 * co_construction → [restitution → mise_en_oeuvre →] evaluation_resultats`):
 * invitation au dialogue, working groups and their meetings, actions adopted,
 * the restitution, follow-up meetings, results evaluated, essaimage.
 * Answers for a group, a participant or an action also give its id (the one
 * sent, or the one made). Every dated command carries `today`
 * (`request.at.today`): the decider refuses a fact dated after it
 * (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
@ApiController('experimentations')
export class ExperimentationCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(['experimentation', 'create'], 'Launch a collective experimentation')
  @ApiErrorResponse(
    404,
    'NOT_FOUND: a catalyseur it names (or the catalyseur launching it without naming anyone) never joined the network; nothing is recorded',
  )
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller, or a catalyseur it names, is erased or being erased; nothing is recorded')
  @ApiErrorResponse(
    422,
    'RULE_VIOLATED: the domain refused the launch, or one of its catalyseurs (those it names, or the catalyseur launching it) left the network, or it is dated before one of them joined the network; nothing is recorded',
  )
  async launch(@Body() dto: LaunchExperimentationDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const id = this.commands.idFor(request, 'experimentation', dto.id);
    const { principal } = request;
    const catalyseurs = dto.catalyseurs ?? (principal.role === 'catalyseur' ? [principal.sub] : []);
    await this.assertAnimators(request, catalyseurs);
    // Not launched before one of its catalyseurs joined the network: the decider compares.
    const joinedOn = await this.joiningDays(request, catalyseurs);
    return this.commands.send(
      request,
      'experimentation',
      id,
      {
        type: 'LaunchExperimentation',
        data: present({
          experimentationId: id,
          title: dto.title,
          objective: dto.objective,
          territory: { id: dto.territory.id, name: dto.territory.name, scale: dto.territory.scale },
          conveners: dto.conveners.map(org),
          catalyseurs,
          launchedOn: dto.launchedOn ?? request.at.today,
          catalyseursJoinedOn: joinedOn,
          today: request.at.today,
          category: dto.category,
        }),
      },
      { create: true },
    );
  }

  /**
   * The catalyseurs who animate a launch are members of the network, as an assignment to a partnership requires: none
   * erased or being erased (`410 PERSON_ERASED`, all of them checked first: nothing more is recorded about them), each
   * joined (`404 NOT_FOUND`) and not left (`422 RULE_VIOLATED`); nothing is recorded otherwise. A catalyseur launching
   * one without naming anyone animates it, so it is in the list checked here, as if it had named itself: launching
   * is not a way round the membership an accompaniment or an introduction requires of it.
   */
  private async assertAnimators(request: CommandRequest, catalyseurs: readonly string[]): Promise<void> {
    await this.commands.assertPrincipal(request);
    const named = [...new Set(catalyseurs)];
    await this.commands.assertNotErased(named);
    for (const catalyseurId of named) await this.commands.assertMember(request, catalyseurId, 'named to animate an experimentation');
  }

  /** The day each of `catalyseurs` the network knows joined it, by id (`undefined` when none is known: nothing to compare). */
  private async joiningDays(request: CommandRequest, catalyseurs: readonly string[]): Promise<Record<string, CalendarDate> | undefined> {
    const named = [...new Set(catalyseurs)];
    const days = await Promise.all(named.map((catalyseurId) => catalyseurJoinedOn(this.commands, request, catalyseurId)));
    const known = named.flatMap((catalyseurId, i) => {
      const day = days[i];
      return day === undefined ? [] : [[catalyseurId, day] as const];
    });
    return known.length === 0 ? undefined : Object.fromEntries(known);
  }

  @CommandRoute(['experimentation', 'act'], 'invite-dirigeants', 'Record the invitation au dialogue: how many dirigeants came, by sphere, how many volunteer')
  invite(@Param('id', IdPipe) id: string, @Body() dto: InviteDirigeantsDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'InviteDirigeants',
      data: present({
        invitedOn: dto.invitedOn ?? request.at.today,
        today: request.at.today,
        dirigeants: dto.dirigeants,
        bySphere: dto.bySphere && Object.fromEntries(Object.entries(dto.bySphere).filter(([, count]) => count !== undefined)),
        volunteers: dto.volunteers,
      }),
    });
  }

  @CommandRoute(
    ['experimentation', 'act'],
    'advance-stage',
    'Move on to the next stage (co_construction, restitution, mise_en_oeuvre, evaluation_resultats; the restitution and the mise en œuvre may be passed over)',
  )
  advance(@Param('id', IdPipe) id: string, @Body() dto: AdvanceStageDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'AdvanceStage',
      data: { stage: dto.stage, advancedOn: dto.advancedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['experimentation', 'act'], 'form-working-group', 'Form a working group on a theme', WorkingGroupAccepted)
  async formGroup(@Param('id', IdPipe) id: string, @Body() dto: FormWorkingGroupDto, @CommandRequest() request: CommandRequest): Promise<WorkingGroupAccepted> {
    const groupId = this.commands.idFor(request, 'working-group', dto.groupId);
    const accepted = await this.commands.send(request, 'experimentation', id, {
      type: 'FormWorkingGroup',
      data: { groupId, theme: dto.theme, formedOn: dto.formedOn ?? request.at.today, today: request.at.today },
    });
    return { ...accepted, groupId };
  }

  @CommandRoute(['experimentation', 'act'], 'join-working-group', 'A participant (an organisation) joins a working group', ParticipantAccepted)
  async join(@Param('id', IdPipe) id: string, @Body() dto: JoinWorkingGroupDto, @CommandRequest() request: CommandRequest): Promise<ParticipantAccepted> {
    const participantId = this.commands.idFor(request, 'participant', dto.participantId);
    const accepted = await this.commands.send(request, 'experimentation', id, {
      type: 'JoinWorkingGroup',
      data: {
        groupId: dto.groupId,
        participantId,
        organisation: dto.organisation,
        sphere: dto.sphere,
        joinedOn: dto.joinedOn ?? request.at.today,
        today: request.at.today,
      },
    });
    return { ...accepted, participantId };
  }

  @CommandRoute(['experimentation', 'act'], 'leave-working-group', 'A participant leaves a working group')
  @ApiErrorResponse(
    410,
    'PERSON_ERASED: the caller is erased, or a reason is given for a participant whose personal data are erased (record their leaving without one)',
  )
  async leave(@Param('id', IdPipe) id: string, @Body() dto: LeaveWorkingGroupDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    // It only ENDS a relation: recorded once the participant is erased, so their place is freed (docs/adr/0006), but
    // without a reason, which would be theirs.
    await this.commands.assertNothingPersonalAbout(request, dto.participantId, 'reason', dto.reason, 'record their leaving');
    return this.commands.send(request, 'experimentation', id, {
      type: 'LeaveWorkingGroup',
      data: present({
        groupId: dto.groupId,
        participantId: dto.participantId,
        reason: dto.reason,
        leftOn: dto.leftOn ?? request.at.today,
        today: request.at.today,
      }),
    });
  }

  @CommandRoute(['experimentation', 'act'], 'hold-group-meeting', 'Record a working group meeting (état des lieux, propositions, plan d’action)')
  meet(@Param('id', IdPipe) id: string, @Body() dto: HoldGroupMeetingDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'HoldGroupMeeting',
      data: present({
        groupId: dto.groupId,
        step: dto.step,
        heldOn: dto.heldOn ?? request.at.today,
        today: request.at.today,
        attendees: dto.attendees,
        notes: dto.notes,
      }),
    });
  }

  @CommandRoute(['experimentation', 'act'], 'adopt-action', 'Adopt an action, with its carriers', ActionAccepted)
  async adopt(@Param('id', IdPipe) id: string, @Body() dto: AdoptActionDto, @CommandRequest() request: CommandRequest): Promise<ActionAccepted> {
    const actionId = this.commands.idFor(request, 'action', dto.actionId);
    const accepted = await this.commands.send(request, 'experimentation', id, {
      type: 'AdoptAction',
      data: present({
        actionId,
        title: dto.title,
        groupIds: dto.groupIds,
        carriers: dto.carriers.map(org),
        adoptedOn: dto.adoptedOn ?? request.at.today,
        today: request.at.today,
        hostPlaces: dto.hostPlaces,
        durationMonths: dto.durationMonths,
        components: dto.components,
      }),
    });
    return { ...accepted, actionId };
  }

  @CommandRoute(
    ['experimentation', 'act'],
    'hold-restitution',
    'Record the restitution des travaux: how many dirigeants came, by sphere, from outside the territory',
  )
  restitution(@Param('id', IdPipe) id: string, @Body() dto: HoldRestitutionDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'HoldRestitution',
      data: present({
        heldOn: dto.heldOn ?? request.at.today,
        today: request.at.today,
        dirigeants: dto.dirigeants,
        bySphere: dto.bySphere && Object.fromEntries(Object.entries(dto.bySphere).filter(([, count]) => count !== undefined)),
        fromOutside: dto.fromOutside,
        notes: dto.notes,
      }),
    });
  }

  @CommandRoute(['experimentation', 'act'], 'hold-follow-up-meeting', 'Record a follow-up meeting of a working group during the mise en œuvre')
  followUp(@Param('id', IdPipe) id: string, @Body() dto: HoldFollowUpMeetingDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'HoldFollowUpMeeting',
      data: present({ groupId: dto.groupId, heldOn: dto.heldOn ?? request.at.today, today: request.at.today, attendees: dto.attendees, notes: dto.notes }),
    });
  }

  @CommandRoute(['experimentation', 'act'], 'evaluate-results', 'Evaluate the results of an action')
  evaluate(@Param('id', IdPipe) id: string, @Body() dto: EvaluateResultsDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'EvaluateResults',
      data: {
        actionId: dto.actionId,
        outcome: dto.outcome,
        summary: dto.summary,
        indicators: (dto.indicators ?? []).map((i) => present({ name: i.name, value: i.value, unit: i.unit })),
        evaluatedOn: dto.evaluatedOn ?? request.at.today,
        today: request.at.today,
      },
    });
  }

  @CommandRoute(['experimentation', 'act'], 'decide-essaimage', 'Decide whether to spread it (essaimage); this concludes the experimentation')
  essaimage(@Param('id', IdPipe) id: string, @Body() dto: DecideEssaimageDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const decidedOn = dto.decidedOn ?? request.at.today;
    return this.commands.send(request, 'experimentation', id, {
      type: 'DecideEssaimage',
      // The DTO checked that `territories` come with `true` and a `reason` with `false`.
      data: dto.essaimer
        ? { essaimer: true, territories: dto.territories ?? [], decidedOn, today: request.at.today }
        : { essaimer: false, reason: dto.reason ?? '', decidedOn, today: request.at.today },
    });
  }

  @CommandRoute(['experimentation', 'act'], 'abandon', 'Abandon the experimentation, with the reason')
  abandon(@Param('id', IdPipe) id: string, @Body() dto: AbandonExperimentationDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'experimentation', id, {
      type: 'AbandonExperimentation',
      data: { reason: dto.reason, abandonedOn: dto.abandonedOn ?? request.at.today, today: request.at.today },
    });
  }
}
