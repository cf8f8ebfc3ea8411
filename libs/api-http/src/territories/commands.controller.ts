import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { dayOf, pastOrNow } from '../validation/instant';
import {
  AddFragilityDomainDto,
  RecordDiagnosticDto,
  RecordIndicatorsDto,
  RecordKeyFiguresDto,
  RecordTerritoryActionDto,
  RegisterActorDto,
  RegisterTerritoryDto,
  RemoveActorDto,
} from './dto';

/**
 * Territories: typology, diagnostic of fragilités by domain and kind of actor, key figures, indicators, the actors on it and its actions.
 * Recording a diagnostic, key figures, indicators or an action carries `today` (`request.at.today`): the decider refuses one
 * dated after it (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
@ApiController('territories')
export class TerritoryCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['territory', 'create'],
    'Register a territory',
    'Registered now, or at the past `registeredAt` given (a territory recorded after the fact): no diagnostic is dated before that day.',
  )
  register(@Body() dto: RegisterTerritoryDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { id, name, typology, level, region, departement } = dto;
    const registeredAt = pastOrNow(dto.registeredAt, 'registeredAt', request.at);
    return this.commands.send(
      request,
      'territory',
      id,
      {
        type: 'RegisterTerritory',
        data: present({ territoryId: id, name, typology, level, region, departement, registeredAt, registeredOn: dayOf(registeredAt, request.at) }),
      },
      { create: true },
    );
  }

  @CommandRoute(['territory', 'act'], 'add-fragility-domain', 'Add a fragility domain of its own')
  addDomain(@Param('id', IdPipe) id: string, @Body() dto: AddFragilityDomainDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, { type: 'AddFragilityDomain', data: { domain: dto.domain, label: dto.label } });
  }

  @CommandRoute(['territory', 'act'], 'record-diagnostic', 'Record a diagnostic of fragilités: priorities by domain as each kind of actor sees them')
  diagnostic(@Param('id', IdPipe) id: string, @Body() dto: RecordDiagnosticDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, {
      type: 'RecordFragilityDiagnostic',
      data: present({
        diagnosedOn: dto.diagnosedOn ?? request.at.today,
        today: request.at.today,
        source: dto.source,
        ratings: dto.ratings.map((r) => present({ domain: r.domain, sphere: r.sphere, priority: r.priority, notes: r.notes })),
      }),
    });
  }

  @CommandRoute(['territory', 'act'], 'register-actor', 'Register an organisation acting on the territory')
  registerActor(@Param('id', IdPipe) id: string, @Body() dto: RegisterActorDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, { type: 'RegisterTerritoryActor', data: { orgId: dto.orgId, name: dto.name, sphere: dto.sphere } });
  }

  @CommandRoute(['territory', 'act'], 'remove-actor', 'Remove an organisation from the territory')
  removeActor(@Param('id', IdPipe) id: string, @Body() dto: RemoveActorDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, { type: 'RemoveTerritoryActor', data: present({ orgId: dto.orgId, reason: dto.reason }) });
  }

  @CommandRoute(
    ['territory', 'act'],
    'record-key-figures',
    'Record the key figures of the territory (population, superficie, communes, PIB…), with their shares of France',
  )
  keyFigures(@Param('id', IdPipe) id: string, @Body() dto: RecordKeyFiguresDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, {
      type: 'RecordKeyFigures',
      data: present({
        recordedOn: dto.recordedOn ?? request.at.today,
        today: request.at.today,
        source: dto.source,
        figures: dto.figures.map((f) => present({ key: f.key, label: f.label, value: f.value, unit: f.unit, shareOfFrance: f.shareOfFrance, year: f.year })),
      }),
    });
  }

  @CommandRoute(['territory', 'act'], 'record-indicators', 'Record indicators of fragility against the national average')
  indicators(@Param('id', IdPipe) id: string, @Body() dto: RecordIndicatorsDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, {
      type: 'RecordFragilityIndicators',
      data: present({
        measuredOn: dto.measuredOn ?? request.at.today,
        today: request.at.today,
        source: dto.source,
        indicators: dto.indicators.map((i) => present({ domain: i.domain, name: i.name, value: i.value, nationalAverage: i.nationalAverage, unit: i.unit })),
      }),
    });
  }

  @CommandRoute(['territory', 'act'], 'record-action', 'Record an action of the territory: the domains of fragilité it answers, the actors that carry it')
  action(@Param('id', IdPipe) id: string, @Body() dto: RecordTerritoryActionDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'territory', id, {
      type: 'RecordTerritoryAction',
      data: present({
        actionId: dto.actionId,
        title: dto.title,
        domains: dto.domains,
        actorIds: dto.actorIds,
        startedOn: dto.startedOn ?? request.at.today,
        today: request.at.today,
        description: dto.description,
      }),
    });
  }
}
