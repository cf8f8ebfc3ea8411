import { Body, Controller, Get, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { type ParcoursCommand, parcoursDecider, parcoursStream } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { COLLECTIONS, type ParcoursBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { NetworkWorkGuard } from '../network/network-work.guard';
import { assertMayRead, type DocView, docView, listDocs, NetworkCommands, readDoc } from '../network/network-commands';
import { ApiCommand, ApiCommonErrors, ApiCreateCommand, ApiIdParam } from '../openapi/decorators';
import type { CommandAccepted, Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type Page, ReadYourWritesQuery } from '../shared/query';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import {
  CompleteParcoursDto,
  EnrolTerritoryDto,
  HoldSessionDto,
  ListParcoursQuery,
  OpenParcoursDto,
  RecordProgressDto,
  StartParcoursDto,
  WithdrawTerritoryDto,
} from './parcours.dto';

const WHAT = 'parcours d’expérience';

/**
 * Parcours d'expérience: a cohort of pilot territories over months, its
 * sessions and each territory's progress. Catalyseurs and operators run and
 * read them (partners: 403 before their body is read).
 */
@ApiTags('parcours')
@ApiCommonErrors()
@UseGuards(NetworkWorkGuard(WHAT))
@Controller('parcours')
export class ParcoursController {
  constructor(
    @Inject(NetworkCommands) private readonly commands: NetworkCommands,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
  ) {}

  private send(id: string, principal: Principal, meta: CommandMeta, build: (at: Moment) => ParcoursCommand, create = false): Promise<CommandAccepted> {
    return this.commands.run(WHAT, parcoursDecider, parcoursStream(id), id, principal, meta, build, create);
  }

  @Post()
  @ApiCreateCommand('Open a parcours d’expérience')
  open(@Body() dto: OpenParcoursDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    const id = this.commands.idFor('parcours', dto.id, principal, meta);
    return this.send(
      id,
      principal,
      meta,
      (at) => ({ type: 'OpenParcours', data: { parcoursId: id, title: dto.title, startMonth: dto.startMonth, durationMonths: dto.durationMonths, openedOn: dto.openedOn ?? at.today } }),
      true,
    );
  }

  @Post(':id/enrol-territory')
  @ApiCommand('Enrol a pilot territory (before the start)')
  enrol(@Param('id', IdPipe) id: string, @Body() dto: EnrolTerritoryDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'EnrolPilotTerritory', data: { territoryId: dto.territoryId, name: dto.name, enrolledOn: dto.enrolledOn ?? at.today } }));
  }

  @Post(':id/withdraw-territory')
  @ApiCommand('A pilot territory withdraws')
  withdraw(@Param('id', IdPipe) id: string, @Body() dto: WithdrawTerritoryDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'WithdrawPilotTerritory', data: { territoryId: dto.territoryId, reason: dto.reason, withdrawnOn: dto.withdrawnOn ?? at.today } }));
  }

  @Post(':id/start')
  @ApiCommand('Start the parcours with its cohort')
  start(@Param('id', IdPipe) id: string, @Body() dto: StartParcoursDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'StartParcours', data: { startedOn: dto.startedOn ?? at.today } }));
  }

  @Post(':id/hold-session')
  @ApiCommand('Record a session (numbered in order)')
  session(@Param('id', IdPipe) id: string, @Body() dto: HoldSessionDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'HoldParcoursSession',
      data: { sessionNumber: dto.sessionNumber, heldOn: dto.heldOn ?? at.today, theme: dto.theme, territoriesPresent: dto.territoriesPresent },
    }));
  }

  @Post(':id/record-progress')
  @ApiCommand('Record where a pilot territory stands in the method')
  progress(@Param('id', IdPipe) id: string, @Body() dto: RecordProgressDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'RecordPilotProgress',
      data: { territoryId: dto.territoryId, step: dto.step, note: dto.note, recordedOn: dto.recordedOn ?? at.today },
    }));
  }

  @Post(':id/complete')
  @ApiCommand('Complete the parcours, with each pilot’s outcome')
  complete(@Param('id', IdPipe) id: string, @Body() dto: CompleteParcoursDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'CompleteParcours',
      data: { completedOn: dto.completedOn ?? at.today, summary: dto.summary, outcomes: dto.outcomes.map((o) => ({ territoryId: o.territoryId, outcome: o.outcome })) },
    }));
  }

  @Get()
  @ApiOperation({ summary: 'Find parcours by status, pilot territory' })
  async list(@Query() query: ListParcoursQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<ParcoursBoard>>> {
    assertMayRead(principal, WHAT);
    return listDocs<ParcoursBoard, typeof query>(this.readModels, COLLECTIONS.parcours, query, ['status', 'territory']);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A parcours board: pilots and their progress, sessions, outcomes' })
  @ApiIdParam()
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<DocView<ParcoursBoard>> {
    assertMayRead(principal, WHAT);
    const doc = await readDoc<ParcoursBoard>(this.readModels, COLLECTIONS.parcours, id, query.minRevision, 'parcours');
    return docView(doc);
  }
}
