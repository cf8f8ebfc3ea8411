import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { dayOf, pastOrNow } from '../validation/instant';
import {
  CancelGatheringDto,
  CancelRegistrationDto,
  HoldGatheringDto,
  RecordAttendanceDto,
  RecordPairsDto,
  RegisterParticipantDto,
  RescheduleGatheringDto,
  ScheduleGatheringDto,
} from './dto';

/**
 * The network's gatherings: rencontre annuelle, monthly webinaires, ateliers, conférences, speed datings; registration and attendance.
 * Holding a gathering and recording its attendance or pairs carry `today` (`request.at.today`): the decider refuses them
 * before the gathering's date (docs/adr/0014-as-of-and-the-observatory.md, amended); scheduling it later is a plan.
 */
@ApiController('gatherings')
export class GatheringCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['gathering', 'create'],
    'Schedule a gathering',
    'Scheduled now, or at the past `scheduledAt` given (a gathering recorded after the fact): nothing of it is dated before that day.',
  )
  schedule(@Body() dto: ScheduleGatheringDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const id = this.commands.idFor(request, 'gathering', dto.id);
    const { kind, theme, date, time, endTime, place, link, capacity, territoryId, organiser } = dto;
    const scheduledAt = pastOrNow(dto.scheduledAt, 'scheduledAt', request.at);
    return this.commands.send(
      request,
      'gathering',
      id,
      {
        type: 'ScheduleGathering',
        data: present({
          gatheringId: id,
          kind,
          theme,
          date,
          time,
          endTime,
          place,
          link,
          capacity,
          territoryId,
          organiser: organiser && { name: organiser.name, inNetwork: organiser.inNetwork },
          organisedBy: request.principal.sub,
          scheduledAt,
          // Its day where the network is: west of UTC, the UTC instant's day is already the next one every evening.
          scheduledOn: dayOf(scheduledAt, request.at),
        }),
      },
      { create: true },
    );
  }

  @CommandRoute(['gathering', 'act'], 'register', 'Register a participant')
  async register(@Param('id', IdPipe) id: string, @Body() dto: RegisterParticipantDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    // An orgId names a registered organisation (404 otherwise): its page lists the gatherings its people attend.
    await this.commands.assertReferences(request, ['gathering', id], [['organisation', dto.orgId]]);
    const participantId = dto.participantId ?? request.principal.sub;
    // An erased person is refused as such (410) before the gathering's rules are asked (a full one would say 422).
    await this.commands.assertNotErased([participantId]);
    return this.commands.send(request, 'gathering', id, {
      type: 'RegisterParticipant',
      data: {
        participantId,
        name: dto.name,
        organisation: dto.organisation,
        sphere: dto.sphere,
        ...present({ orgId: dto.orgId }),
        registeredAt: request.at.iso,
      },
    });
  }

  @CommandRoute(['gathering', 'act'], 'cancel-registration', 'Cancel a registration')
  @ApiErrorResponse(
    410,
    'PERSON_ERASED: the caller is erased, or a reason is given for a participant whose personal data are erased (cancel their registration without one)',
  )
  async cancelRegistration(
    @Param('id', IdPipe) id: string,
    @Body() dto: CancelRegistrationDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    const participantId = dto.participantId ?? request.principal.sub;
    // It only ENDS a relation: recorded once the participant is erased, so their seat is freed (docs/adr/0006), but
    // without a reason, which would be theirs.
    await this.commands.assertNothingPersonalAbout(request, participantId, 'reason', dto.reason, 'cancel their registration');
    return this.commands.send(request, 'gathering', id, {
      type: 'CancelRegistration',
      data: present({ participantId, reason: dto.reason, cancelledAt: request.at.iso }),
    });
  }

  @CommandRoute(['gathering', 'act'], 'reschedule', 'Move it to another date (and time, end time), with the reason')
  reschedule(@Param('id', IdPipe) id: string, @Body() dto: RescheduleGatheringDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'gathering', id, {
      type: 'RescheduleGathering',
      // A time sent as null is removed (present() would drop it as absent, which keeps the current one).
      data: {
        ...present({ date: dto.date, time: dto.time, endTime: dto.endTime, reason: dto.reason, rescheduledAt: request.at.iso }),
        ...(dto.time === null ? { time: null } : {}),
        ...(dto.endTime === null ? { endTime: null } : {}),
      },
    });
  }

  @CommandRoute(['gathering', 'act'], 'hold', 'It took place (registration closes, attendance opens)')
  hold(@Param('id', IdPipe) id: string, @Body() dto: HoldGatheringDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'gathering', id, { type: 'HoldGathering', data: { heldOn: dto.heldOn ?? request.at.today, today: request.at.today } });
  }

  @CommandRoute(['gathering', 'act'], 'record-attendance', 'Record who attended')
  attendance(@Param('id', IdPipe) id: string, @Body() dto: RecordAttendanceDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'gathering', id, { type: 'RecordAttendance', data: { participantIds: dto.participantIds, today: request.at.today } });
  }

  @CommandRoute(['gathering', 'act'], 'record-pairs', 'Record who met whom at a speed dating')
  pairs(@Param('id', IdPipe) id: string, @Body() dto: RecordPairsDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'gathering', id, {
      type: 'RecordSpeedDatingPairs',
      data: { pairs: dto.pairs.map((p) => ({ associationId: p.associationId, entrepriseId: p.entrepriseId })), today: request.at.today },
    });
  }

  @CommandRoute(['gathering', 'act'], 'cancel', 'Cancel the gathering, with the reason')
  cancel(@Param('id', IdPipe) id: string, @Body() dto: CancelGatheringDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'gathering', id, { type: 'CancelGathering', data: { reason: dto.reason, cancelledAt: request.at.iso } });
  }
}
