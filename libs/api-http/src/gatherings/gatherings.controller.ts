import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { type GatheringCommand, gatheringDecider, gatheringStream } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { COLLECTIONS, type GatheringAttendance, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { assertMayRead, type DocView, docView, listDocs, NetworkCommands, readDoc } from '../network/network-commands';
import { ApiCommand, ApiCommonErrors, ApiCreateCommand, ApiIdParam } from '../openapi/decorators';
import type { CommandAccepted, Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type Page, ReadYourWritesQuery } from '../shared/query';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import {
  CancelGatheringDto,
  CancelRegistrationDto,
  HoldGatheringDto,
  ListGatheringsQuery,
  RecordAttendanceDto,
  RecordPairsDto,
  RegisterParticipantDto,
  RescheduleGatheringDto,
  ScheduleGatheringDto,
} from './gatherings.dto';

const WHAT = 'gatherings';

/** The network's gatherings: rencontre annuelle, monthly webinaires, ateliers, speed datings; and their attendance. */
@ApiTags('gatherings')
@ApiCommonErrors()
@Controller('gatherings')
export class GatheringsController {
  constructor(
    @Inject(NetworkCommands) private readonly commands: NetworkCommands,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
  ) {}

  private send(id: string, principal: Principal, meta: CommandMeta, build: (at: Moment) => GatheringCommand, create = false): Promise<CommandAccepted> {
    return this.commands.run(WHAT, gatheringDecider, gatheringStream(id), id, principal, meta, build, create);
  }

  @Post()
  @ApiCreateCommand('Schedule a gathering')
  schedule(@Body() dto: ScheduleGatheringDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    const id = this.commands.idFor('gathering', dto.id, principal, meta);
    return this.send(
      id,
      principal,
      meta,
      (at) => ({
        type: 'ScheduleGathering',
        data: {
          gatheringId: id,
          kind: dto.kind,
          theme: dto.theme,
          date: dto.date,
          ...(dto.time !== undefined ? { time: dto.time } : {}),
          ...(dto.place !== undefined ? { place: dto.place } : {}),
          ...(dto.link !== undefined ? { link: dto.link } : {}),
          ...(dto.capacity !== undefined ? { capacity: dto.capacity } : {}),
          ...(dto.territoryId !== undefined ? { territoryId: dto.territoryId } : {}),
          organisedBy: principal.sub,
          scheduledAt: at.iso,
        },
      }),
      true,
    );
  }

  @Post(':id/register')
  @ApiCommand('Register a participant')
  register(@Param('id', IdPipe) id: string, @Body() dto: RegisterParticipantDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'RegisterParticipant',
      data: { participantId: dto.participantId ?? principal.sub, name: dto.name, organisation: dto.organisation, sphere: dto.sphere, registeredAt: at.iso },
    }));
  }

  @Post(':id/cancel-registration')
  @ApiCommand('Cancel a registration')
  cancelRegistration(@Param('id', IdPipe) id: string, @Body() dto: CancelRegistrationDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'CancelRegistration',
      data: { participantId: dto.participantId ?? principal.sub, ...(dto.reason !== undefined ? { reason: dto.reason } : {}), cancelledAt: at.iso },
    }));
  }

  @Post(':id/reschedule')
  @ApiCommand('Move it to another date (and time), with the reason')
  reschedule(@Param('id', IdPipe) id: string, @Body() dto: RescheduleGatheringDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'RescheduleGathering',
      data: { date: dto.date, ...(dto.time !== undefined ? { time: dto.time } : {}), reason: dto.reason, rescheduledAt: at.iso },
    }));
  }

  @Post(':id/hold')
  @ApiCommand('It took place (registration closes, attendance opens)')
  hold(@Param('id', IdPipe) id: string, @Body() dto: HoldGatheringDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'HoldGathering', data: { heldOn: dto.heldOn ?? at.today } }));
  }

  @Post(':id/record-attendance')
  @ApiCommand('Record who attended')
  attendance(@Param('id', IdPipe) id: string, @Body() dto: RecordAttendanceDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, () => ({ type: 'RecordAttendance', data: { participantIds: dto.participantIds } }));
  }

  @Post(':id/record-pairs')
  @ApiCommand('Record who met whom at a speed dating')
  pairs(@Param('id', IdPipe) id: string, @Body() dto: RecordPairsDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, () => ({
      type: 'RecordSpeedDatingPairs',
      data: { pairs: dto.pairs.map((p) => ({ associationId: p.associationId, entrepriseId: p.entrepriseId })) },
    }));
  }

  @Post(':id/cancel')
  @ApiCommand('Cancel the gathering, with the reason')
  cancel(@Param('id', IdPipe) id: string, @Body() dto: CancelGatheringDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'CancelGathering', data: { reason: dto.reason, cancelledAt: at.iso } }));
  }

  @Get()
  @ApiOperation({ summary: 'Find gatherings by kind, status, month, territory, participant' })
  @ApiOkResponse({ description: '`{items, limit, offset}` of gathering attendance documents' })
  async list(@Query() query: ListGatheringsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<GatheringAttendance>>> {
    assertMayRead(principal, WHAT);
    return listDocs<GatheringAttendance, typeof query>(this.readModels, COLLECTIONS.gatherings, query, ['kind', 'status', 'month', 'territory', 'participant']);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A gathering and its attendance' })
  @ApiIdParam()
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<DocView<GatheringAttendance>> {
    assertMayRead(principal, WHAT);
    const doc = await readDoc<GatheringAttendance>(this.readModels, COLLECTIONS.gatherings, id, query.minRevision, 'gathering');
    return docView(doc);
  }
}
