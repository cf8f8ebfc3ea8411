import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { type IntroductionCommand, introductionDecider, introductionStream } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { COLLECTIONS, funnelId, type IntroductionCard, type IntroductionFunnel, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { assertMayRead, type DocView, docView, listDocs, NetworkCommands, readDoc } from '../network/network-commands';
import { ApiCommand, ApiCommonErrors, ApiCreateCommand, ApiIdParam } from '../openapi/decorators';
import type { CommandAccepted, Moment } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type Page, ReadYourWritesQuery } from '../shared/query';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { CloseWithoutFollowUpDto, FunnelQuery, IntroduceOrganisationsDto, ListIntroductionsQuery, RecordMeetingDto, RecordPartnershipDto } from './introductions.dto';

const WHAT = 'introductions';

/** Introductions (mises en relation) and their outcomes; the introduction funnel. */
@ApiTags('introductions')
@ApiCommonErrors()
@Controller('introductions')
export class IntroductionsController {
  constructor(
    @Inject(NetworkCommands) private readonly commands: NetworkCommands,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
  ) {}

  private send(id: string, principal: Principal, meta: CommandMeta, build: (at: Moment) => IntroductionCommand, create = false): Promise<CommandAccepted> {
    return this.commands.run(WHAT, introductionDecider, introductionStream(id), id, principal, meta, build, create);
  }

  @Post()
  @ApiCreateCommand('Introduce organisations of different spheres to each other')
  introduce(@Body() dto: IntroduceOrganisationsDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    this.commands.assertMayAct(principal, WHAT); // a partner hears 403, not how operators name the catalyseur
    const catalyseurId = dto.catalyseurId ?? (principal.role === 'catalyseur' ? principal.sub : undefined);
    if (catalyseurId === undefined) {
      throw new AppError('VALIDATION', 'an operator names the catalyseur who makes the introduction', { details: [{ field: 'catalyseurId', messages: ['catalyseurId is required'] }] });
    }
    const id = this.commands.idFor('introduction', dto.id, principal, meta);
    return this.send(
      id,
      principal,
      meta,
      (at) => ({
        type: 'IntroduceOrganisations',
        data: {
          introductionId: id,
          catalyseurId,
          territoryId: dto.territoryId,
          organisations: dto.organisations.map((o) => ({ orgId: o.orgId, name: o.name, sphere: o.sphere })),
          purpose: dto.purpose,
          introducedOn: dto.introducedOn ?? at.today,
          ...(dto.gatheringId !== undefined ? { gatheringId: dto.gatheringId } : {}),
        },
      }),
      true,
    );
  }

  @Post(':id/record-meeting')
  @ApiCommand('The organisations met')
  meeting(@Param('id', IdPipe) id: string, @Body() dto: RecordMeetingDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'RecordIntroductionMeeting', data: { metOn: dto.metOn ?? at.today, ...(dto.notes !== undefined ? { notes: dto.notes } : {}) } }));
  }

  @Post(':id/record-partnership')
  @ApiCommand('A partnership was proposed after the meeting')
  partnership(@Param('id', IdPipe) id: string, @Body() dto: RecordPartnershipDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'RecordIntroductionPartnership', data: { partnershipId: dto.partnershipId, proposedOn: dto.proposedOn ?? at.today } }));
  }

  @Post(':id/close-without-follow-up')
  @ApiCommand('Close it without follow-up, with the reason')
  close(@Param('id', IdPipe) id: string, @Body() dto: CloseWithoutFollowUpDto, @CurrentPrincipal() principal: Principal, @CommandHeaders() meta: CommandMeta): Promise<CommandAccepted> {
    return this.send(id, principal, meta, (at) => ({ type: 'CloseIntroductionWithoutFollowUp', data: { reason: dto.reason, closedOn: dto.closedOn ?? at.today } }));
  }

  @Get()
  @ApiOperation({ summary: 'Find introductions by territory, status, catalyseur, organisation, gathering' })
  async list(@Query() query: ListIntroductionsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<IntroductionCard>>> {
    assertMayRead(principal, WHAT);
    return listDocs<IntroductionCard, typeof query>(this.readModels, COLLECTIONS.introductions, query, ['territory', 'status', 'catalyseur', 'org', 'gathering']);
  }

  @Get('funnel')
  @ApiOperation({ summary: 'The introduction funnel (introductions → meetings → partnerships), of the network or of a territory' })
  async funnel(@Query() query: FunnelQuery, @CurrentPrincipal() principal: Principal): Promise<IntroductionFunnel & { readonly meetingRate: number; readonly partnershipRate: number }> {
    assertMayRead(principal, WHAT);
    const scope = funnelId(query.territory);
    const funnel = (await this.readModels.getDoc<IntroductionFunnel>(COLLECTIONS.funnels, scope)) ?? { scope, introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 };
    const rate = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0);
    return { ...funnel, meetingRate: rate(funnel.met, funnel.introduced), partnershipRate: rate(funnel.ledToPartnership, funnel.introduced) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An introduction and its outcome' })
  @ApiIdParam()
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<DocView<IntroductionCard>> {
    assertMayRead(principal, WHAT);
    const doc = await readDoc<IntroductionCard>(this.readModels, COLLECTIONS.introductions, id, query.minRevision, 'introduction');
    return docView(doc);
  }
}
