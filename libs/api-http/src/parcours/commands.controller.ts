import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { ApiController, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import {
  CompleteParcoursDto,
  EnrolTerritoryDto,
  HoldParcoursSessionDto,
  OpenParcoursDto,
  RecordProgressDto,
  StartParcoursDto,
  WithdrawTerritoryDto,
} from './dto';

/**
 * Parcours d'expérience: a cohort of pilot territories over months, its sessions and each territory's progress.
 * Every dated command carries `today` (`request.at.today`): the decider refuses a fact dated after it
 * (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
@ApiController('parcours')
export class ParcoursCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(['parcours', 'create'], 'Open a parcours d’expérience')
  open(@Body() dto: OpenParcoursDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const id = this.commands.idFor(request, 'parcours', dto.id);
    return this.commands.send(
      request,
      'parcours',
      id,
      {
        type: 'OpenParcours',
        data: {
          parcoursId: id,
          title: dto.title,
          startMonth: dto.startMonth,
          durationMonths: dto.durationMonths,
          openedOn: dto.openedOn ?? request.at.today,
          today: request.at.today,
        },
      },
      { create: true },
    );
  }

  @CommandRoute(['parcours', 'act'], 'enrol-territory', 'Enrol a pilot territory (before the start)')
  enrol(@Param('id', IdPipe) id: string, @Body() dto: EnrolTerritoryDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'EnrolPilotTerritory',
      data: { territoryId: dto.territoryId, name: dto.name, enrolledOn: dto.enrolledOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['parcours', 'act'], 'withdraw-territory', 'A pilot territory withdraws')
  withdraw(@Param('id', IdPipe) id: string, @Body() dto: WithdrawTerritoryDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'WithdrawPilotTerritory',
      data: { territoryId: dto.territoryId, reason: dto.reason, withdrawnOn: dto.withdrawnOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['parcours', 'act'], 'start', 'Start the parcours with its cohort')
  start(@Param('id', IdPipe) id: string, @Body() dto: StartParcoursDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'StartParcours',
      data: { startedOn: dto.startedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['parcours', 'act'], 'hold-session', 'Record a session (numbered in order)')
  session(@Param('id', IdPipe) id: string, @Body() dto: HoldParcoursSessionDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'HoldParcoursSession',
      data: {
        sessionNumber: dto.sessionNumber,
        heldOn: dto.heldOn ?? request.at.today,
        today: request.at.today,
        theme: dto.theme,
        territoriesPresent: dto.territoriesPresent,
      },
    });
  }

  @CommandRoute(['parcours', 'act'], 'record-progress', 'Record where a pilot territory stands in the method')
  progress(@Param('id', IdPipe) id: string, @Body() dto: RecordProgressDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'RecordPilotProgress',
      data: { territoryId: dto.territoryId, step: dto.step, note: dto.note, recordedOn: dto.recordedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['parcours', 'act'], 'complete', 'Complete the parcours, with each pilot’s outcome')
  complete(@Param('id', IdPipe) id: string, @Body() dto: CompleteParcoursDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'parcours', id, {
      type: 'CompleteParcours',
      data: {
        completedOn: dto.completedOn ?? request.at.today,
        today: request.at.today,
        summary: dto.summary,
        outcomes: dto.outcomes.map((o) => ({ territoryId: o.territoryId, outcome: o.outcome })),
      },
    });
  }
}
