import { Body, Inject, Param } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { catalyseurJoinedOn } from '../commands/referenced-days';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { CloseAccompanimentDto, HoldAccompanimentSessionDto, OpenAccompanimentDto, RecordMaturityDto } from './dto';

/**
 * Accompaniments: a catalyseur prepares an organisation for partnerships (sessions, maturity, outcome).
 * Each command dating a fact (opening, session, maturity, closing) carries `today` (`request.at.today`): the decider
 * refuses a fact dated after it (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
@ApiController('accompaniments')
export class AccompanimentCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['accompaniment', 'create'],
    'Open the accompaniment of an organisation',
    'A catalyseur opens it in its own name; an operator names the catalyseur. Only that catalyseur (or an operator) then acts on it.',
  )
  @ApiErrorResponse(404, 'NOT_FOUND: the organisation or the catalyseur does not exist; nothing is recorded')
  @ApiErrorResponse(422, 'RULE_VIOLATED: the catalyseur left the network, or the opening is dated before it joined it; nothing is recorded')
  async open(@Body() dto: OpenAccompanimentDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { principal } = request;
    const catalyseurId = dto.catalyseurId ?? (principal.role === 'catalyseur' ? principal.sub : undefined);
    if (catalyseurId === undefined) {
      throw new AppError('VALIDATION', 'an operator names the catalyseur who accompanies the organisation', {
        details: [{ field: 'catalyseurId', messages: ['catalyseurId is required'] }],
      });
    }
    await this.commands.assertReferences(request, undefined, [['organisation', dto.organisationId]]);
    await this.commands.assertMember(request, catalyseurId, 'given an accompaniment');
    // Not opened before its catalyseur joined the network (the organisation may register later: ADR 0024).
    const joinedOn = await catalyseurJoinedOn(this.commands, request, catalyseurId);
    const id = this.commands.idFor(request, 'accompaniment', dto.id);
    return this.commands.send(
      request,
      'accompaniment',
      id,
      {
        type: 'OpenAccompaniment',
        data: {
          accompanimentId: id,
          organisationId: dto.organisationId,
          catalyseurId,
          purpose: dto.purpose,
          openedOn: dto.openedOn ?? request.at.today,
          ...(joinedOn === undefined ? {} : { catalyseurJoinedOn: joinedOn }),
          today: request.at.today,
        },
      },
      { create: true },
    );
  }

  @CommandRoute(['accompaniment', 'act'], 'hold-session', 'A session held with the organisation: its topics and summary')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller, or the catalyseur who holds the accompaniment, is erased (close it instead)')
  async holdSession(
    @Param('id', IdPipe) id: string,
    @Body() dto: HoldAccompanimentSessionDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    await this.commands.assertHolderNotErased(request, id);
    return this.commands.send(request, 'accompaniment', id, {
      type: 'HoldAccompanimentSession',
      data: { heldOn: dto.heldOn ?? request.at.today, topics: dto.topics, summary: dto.summary, recordedBy: request.principal.sub, today: request.at.today },
    });
  }

  @CommandRoute(['accompaniment', 'act'], 'record-maturity', 'The organisation’s maturity and alliance strategy as the accompaniment sees it')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller, or the catalyseur who holds the accompaniment, is erased (close it instead)')
  async recordMaturity(@Param('id', IdPipe) id: string, @Body() dto: RecordMaturityDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    await this.commands.assertHolderNotErased(request, id);
    return this.commands.send(request, 'accompaniment', id, {
      type: 'RecordOrganisationMaturity',
      data: { maturity: dto.maturity, objectiveFamilies: dto.objectiveFamilies, recordedOn: dto.recordedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['accompaniment', 'act'], 'close', 'Close the accompaniment: ready, not-ready or abandoned, with the reason')
  close(@Param('id', IdPipe) id: string, @Body() dto: CloseAccompanimentDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'accompaniment', id, {
      type: 'CloseAccompaniment',
      data: { closedOn: dto.closedOn ?? request.at.today, outcome: dto.outcome, reason: dto.reason, today: request.at.today },
    });
  }
}
