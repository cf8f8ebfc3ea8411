import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { dayOf, pastOrNow } from '../validation/instant';
import { assertSomeField } from '../validation/some-field';
import { RecordAllianceStrategyDto, RegisterOrganisationDto, UpdateOrganisationProfileDto } from './dto';

/**
 * Organisations of the network: their profile (kind, size band, territory, SIREN or RNA number) and alliance strategy.
 * Recording the strategy carries `today` (`request.at.today`): the decider refuses a strategy dated after it
 * (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
@ApiController('organisations')
export class OrganisationCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['organisation', 'create'],
    'Register an organisation',
    'Registered now, or at the past `registeredAt` given (an organisation recorded after the fact): its strategy is not dated before that day.',
  )
  register(@Body() dto: RegisterOrganisationDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { id, name, kind, size, territory, registryNumber } = dto;
    const registeredAt = pastOrNow(dto.registeredAt, 'registeredAt', request.at);
    return this.commands.send(
      request,
      'organisation',
      id,
      {
        type: 'RegisterOrganisation',
        data: present({
          organisationId: id,
          name,
          kind,
          size,
          territoryId: territory,
          registryNumber,
          registeredAt,
          registeredOn: dayOf(registeredAt, request.at),
        }),
      },
      { create: true },
    );
  }

  @CommandRoute(
    ['organisation', 'act'],
    'update-profile',
    'Rename an organisation or update its profile (the fields given; an update that changes nothing writes nothing)',
  )
  updateProfile(
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateOrganisationProfileDto,
    @CommandRequest() request: CommandRequest,
  ): Promise<CommandAccepted> {
    const { name, kind, size, territory, registryNumber } = dto;
    // As a catalyseur's profile: an update of nothing (`{}`, or only nulls) is a body's fault (400), not the rule's (422).
    const changes = assertSomeField(present({ name, kind, size, territoryId: territory, registryNumber }), [
      'name',
      'kind',
      'size',
      'territory',
      'registryNumber',
    ]);
    return this.commands.send(request, 'organisation', id, { type: 'UpdateOrganisationProfile', data: changes });
  }

  @CommandRoute(['organisation', 'act'], 'record-strategy', 'Record the alliance strategy of an organisation: its maturity and objective families')
  recordStrategy(@Param('id', IdPipe) id: string, @Body() dto: RecordAllianceStrategyDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    return this.commands.send(request, 'organisation', id, {
      type: 'RecordAllianceStrategy',
      data: { maturity: dto.maturity, objectiveFamilies: dto.objectiveFamilies, recordedOn: dto.recordedOn ?? request.at.today, today: request.at.today },
    });
  }
}
