import { Body, Inject, Param } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { catalyseurJoinedOn, gatheringDate } from '../commands/referenced-days';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { CloseWithoutFollowUpDto, IntroduceOrganisationsDto, RecordMeetingDto, RecordPartnershipDto } from './dto';

/**
 * Introductions (mises en relation) between organisations of different spheres, and what came of them. Each
 * command dating a fact carries `today` (the request's day in the network's time zone): the decider refuses a fact
 * dated after it (422 RULE_VIOLATED), docs/adr/0014-as-of-and-the-observatory.md, amended.
 */
@ApiController('introductions')
export class IntroductionCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(['introduction', 'create'], 'Introduce organisations of different spheres to each other')
  @ApiErrorResponse(404, 'NOT_FOUND: the catalyseur (who never joined the network) or the gathering it names does not exist; nothing is recorded')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller, or the catalyseur who makes it, is erased or being erased; nothing is recorded')
  @ApiErrorResponse(
    422,
    'RULE_VIOLATED: the catalyseur left the network, or it is dated before the gathering it names or before its catalyseur joined the network, or after today; nothing is recorded',
  )
  async introduce(@Body() dto: IntroduceOrganisationsDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { principal } = request;
    const catalyseurId = dto.catalyseurId ?? (principal.role === 'catalyseur' ? principal.sub : undefined);
    if (catalyseurId === undefined) {
      throw new AppError('VALIDATION', 'an operator names the catalyseur who makes the introduction', {
        details: [{ field: 'catalyseurId', messages: ['catalyseurId is required'] }],
      });
    }
    await this.commands.assertReferences(request, undefined, [['gathering', dto.gatheringId]]);
    await this.commands.assertMember(request, catalyseurId, 'credited with an introduction');
    // Not dated before the gathering it names nor before its catalyseur joined the network: the decider compares.
    const [gatheringOn, joinedOn] = await Promise.all([
      gatheringDate(this.commands, dto.gatheringId),
      catalyseurJoinedOn(this.commands, request, catalyseurId),
    ]);
    const id = this.commands.idFor(request, 'introduction', dto.id);
    return this.commands.send(
      request,
      'introduction',
      id,
      {
        type: 'IntroduceOrganisations',
        data: present({
          introductionId: id,
          catalyseurId,
          territoryId: dto.territoryId,
          organisations: dto.organisations.map((o) => ({ orgId: o.orgId, name: o.name, sphere: o.sphere })),
          purpose: dto.purpose,
          introducedOn: dto.introducedOn ?? request.at.today,
          gatheringId: dto.gatheringId,
          accompanimentId: dto.accompanimentId,
          gatheringDate: gatheringOn,
          catalyseurJoinedOn: joinedOn,
          today: request.at.today,
        }),
      },
      { create: true },
    );
  }

  @CommandRoute(['introduction', 'act'], 'record-meeting', 'The organisations met')
  meeting(@Param('id', IdPipe) id: string, @Body() dto: RecordMeetingDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'introduction', id, {
      type: 'RecordIntroductionMeeting',
      data: present({ metOn: dto.metOn ?? request.at.today, notes: dto.notes, today: request.at.today }),
    });
  }

  @CommandRoute(['introduction', 'act'], 'record-partnership', 'A partnership was proposed after the meeting')
  @ApiErrorResponse(404, 'NOT_FOUND: the introduction, or the partnership it names, does not exist; nothing is recorded')
  async partnership(@Param('id', IdPipe) id: string, @Body() dto: RecordPartnershipDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    await this.commands.assertReferences(request, ['introduction', id], [['partnership', dto.partnershipId]]);
    return this.commands.send(request, 'introduction', id, {
      type: 'RecordIntroductionPartnership',
      data: { partnershipId: dto.partnershipId, proposedOn: dto.proposedOn ?? request.at.today, today: request.at.today },
    });
  }

  @CommandRoute(['introduction', 'act'], 'close-without-follow-up', 'Close it without follow-up, with the reason')
  close(@Param('id', IdPipe) id: string, @Body() dto: CloseWithoutFollowUpDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'introduction', id, {
      type: 'CloseIntroductionWithoutFollowUp',
      data: { reason: dto.reason, closedOn: dto.closedOn ?? request.at.today, today: request.at.today },
    });
  }
}
