import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { type TerritoryCommand, territoryDecider, territoryStream } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import {
  type CatalyseurCard,
  COLLECTIONS,
  type ExperimentationBoard,
  funnelId,
  type GatheringAttendance,
  type IntroductionFunnel,
  type PartnershipBoard,
  PROJECTION_STORE,
  type ProjectionStore,
  type TerritoryProfile,
} from '@catalyse/projections';
import { assertMayRead, type DocView, docView, listDocs, NetworkCommands, readDoc } from '../network/network-commands';
import { ApiCommand, ApiCommonErrors, ApiCreateCommand, ApiIdParam } from '../openapi/decorators';
import type { CommandAccepted, Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type Page, ReadYourWritesQuery } from '../shared/query';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { AddFragilityDomainDto, ListTerritoriesQuery, RecordDiagnosticDto, RegisterActorDto, RegisterTerritoryDto, RemoveActorDto } from './territories.dto';

const WHAT = 'territories';
/** Most items of each kind the territory view lists (the lists have their own paged routes). */
const VIEW_LIMIT = 200;

/** The territory view: the territory and what happens on it. */
export interface TerritoryView {
  readonly territory: DocView<TerritoryProfile>;
  readonly partnerships: readonly { readonly id: string; readonly title: string; readonly phase: string; readonly modes: readonly string[] }[];
  readonly experimentations: readonly { readonly experimentationId: string; readonly title: string; readonly stage: string; readonly status: string }[];
  readonly gatherings: readonly { readonly gatheringId: string; readonly kind: string; readonly theme: string; readonly date: string; readonly status: string }[];
  readonly catalyseurs: readonly { readonly id: string; readonly name: string; readonly sphere: string }[];
  readonly funnel: IntroductionFunnel;
}

/** Territories: typology, diagnostic of fragilités by domain and kind of actor, actors; and the territory view. */
@ApiTags('territories')
@ApiCommonErrors()
@Controller('territories')
export class TerritoriesController {
  constructor(
    @Inject(NetworkCommands) private readonly commands: NetworkCommands,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
  ) {}

  private send(id: string, principal: Principal, meta: CommandMeta, build: (at: Moment) => TerritoryCommand, create = false): Promise<CommandAccepted> {
    return this.commands.run(WHAT, territoryDecider, territoryStream(id), id, principal, meta, build, create);
  }

  @Post()
  @ApiCreateCommand('Register a territory')
  registerTerritory(@Body() dto: RegisterTerritoryDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(
      dto.id,
      principal,
      meta,
      (at) => ({
        type: 'RegisterTerritory',
        data: {
          territoryId: dto.id,
          name: dto.name,
          typology: dto.typology,
          level: dto.level,
          ...(dto.region !== undefined ? { region: dto.region } : {}),
          ...(dto.departement !== undefined ? { departement: dto.departement } : {}),
          registeredAt: at.iso,
        },
      }),
      true,
    );
  }

  @Post(':id/add-fragility-domain')
  @ApiCommand('Add a fragility domain of its own')
  addDomain(@Param('id', IdPipe) id: string, @Body() dto: AddFragilityDomainDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, () => ({ type: 'AddFragilityDomain', data: { domain: dto.domain, label: dto.label } }));
  }

  @Post(':id/record-diagnostic')
  @ApiCommand('Record a diagnostic of fragilités: priorities by domain as each kind of actor sees them')
  diagnostic(@Param('id', IdPipe) id: string, @Body() dto: RecordDiagnosticDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({
      type: 'RecordFragilityDiagnostic',
      data: {
        diagnosedOn: dto.diagnosedOn ?? at.today,
        ...(dto.source !== undefined ? { source: dto.source } : {}),
        ratings: dto.ratings.map((r) => ({ domain: r.domain, sphere: r.sphere, priority: r.priority, ...(r.notes !== undefined ? { notes: r.notes } : {}) })),
      },
    }));
  }

  @Post(':id/register-actor')
  @ApiCommand('Register an organisation acting on the territory')
  registerActor(@Param('id', IdPipe) id: string, @Body() dto: RegisterActorDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, () => ({ type: 'RegisterTerritoryActor', data: { orgId: dto.orgId, name: dto.name, sphere: dto.sphere } }));
  }

  @Post(':id/remove-actor')
  @ApiCommand('Remove an organisation from the territory')
  removeActor(@Param('id', IdPipe) id: string, @Body() dto: RemoveActorDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, () => ({ type: 'RemoveTerritoryActor', data: { orgId: dto.orgId, ...(dto.reason !== undefined ? { reason: dto.reason } : {}) } }));
  }

  @Get()
  @ApiOperation({ summary: 'Find territories by typology, level, region, actor' })
  async list(@Query() query: ListTerritoriesQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<TerritoryProfile>>> {
    assertMayRead(principal, WHAT);
    return listDocs<TerritoryProfile, typeof query>(this.readModels, COLLECTIONS.territories, query, ['typology', 'level', 'region', 'actor']);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The territory view: profile and diagnostic, its partnerships, experimentations, gatherings, catalyseurs and introduction funnel' })
  @ApiIdParam()
  @ApiOkResponse({ description: '`{territory, partnerships, experimentations, gatherings, catalyseurs, funnel}`' })
  async view(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<TerritoryView> {
    assertMayRead(principal, WHAT);
    const territory = await readDoc<TerritoryProfile>(this.readModels, COLLECTIONS.territories, id, query.minRevision, 'territory');
    const page = { limit: VIEW_LIMIT };
    const [partnerships, experimentations, gatherings, catalyseurs, funnel] = await Promise.all([
      this.readModels.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, { territory: id }, page),
      this.readModels.findDocs<ExperimentationBoard>(COLLECTIONS.experimentations, { territory: id }, page),
      this.readModels.findDocs<GatheringAttendance>(COLLECTIONS.gatherings, { territory: id }, page),
      this.readModels.findDocs<CatalyseurCard>(COLLECTIONS.catalyseurs, { territory: id, status: 'member' }, page),
      this.readModels.getDoc<IntroductionFunnel>(COLLECTIONS.funnels, funnelId(id)),
    ]);
    return {
      territory: docView(territory),
      partnerships: partnerships.map((p) => ({ id: p.id, title: p.title, phase: p.phase, modes: p.modes })),
      experimentations: experimentations.map((e) => ({ experimentationId: e.experimentationId, title: e.title, stage: e.stage, status: e.status })),
      gatherings: gatherings.map((g) => ({ gatheringId: g.gatheringId, kind: g.kind, theme: g.theme, date: g.date, status: g.status })),
      catalyseurs: catalyseurs.map((c) => ({ id: c.id, name: c.name, sphere: c.sphere })),
      funnel: funnel ?? { scope: funnelId(id), introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 },
    };
  }
}
