import { Body, Inject, Param } from '@nestjs/common';
import type { CommandAccepted } from '../commands/accepted';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiErrorResponse, CommandRoute, CreateRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { pastOrNow } from '../validation/instant';
import { assertSomeField } from '../validation/some-field';
import { JoinNetworkDto, LeaveNetworkDto, UpdateProfileDto } from './dto';

/** A catalyseur's profile: joining the network, updating it, leaving. A catalyseur manages its own; operators anyone's. */
@ApiController('catalyseurs')
export class CatalyseurCommandsController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @CreateRoute(
    ['catalyseur', 'join'],
    'Join the network',
    'A catalyseur joins as itself (id = its token subject, the default); an operator registers anyone. Joined now, or at the past `joinedAt` given (a catalyseur recorded after the fact): they cannot leave before that day.',
  )
  join(@Body() dto: JoinNetworkDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const { principal } = request;
    const id = principal.role === 'catalyseur' ? (dto.id ?? principal.sub) : this.commands.idFor(request, 'catalyseur', dto.id);
    const joinedAt = pastOrNow(dto.joinedAt, 'joinedAt', request.at);
    return this.commands.send(
      request,
      'catalyseur',
      id,
      {
        type: 'JoinNetwork',
        data: { catalyseurId: id, name: dto.name, sphere: dto.sphere, territory: dto.territory, skills: dto.skills, joinedAt },
      },
      { create: true },
    );
  }

  @CommandRoute(['catalyseur', 'act'], 'update-profile', 'Update a profile (the fields given)')
  updateProfile(@Param('id', IdPipe) id: string, @Body() dto: UpdateProfileDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    const changes = assertSomeField(present({ name: dto.name, sphere: dto.sphere, territory: dto.territory, skills: dto.skills }), [
      'name',
      'sphere',
      'territory',
      'skills',
    ]);
    return this.commands.send(request, 'catalyseur', id, { type: 'UpdateProfile', data: changes });
  }

  @CommandRoute(['catalyseur', 'act'], 'leave-network', 'Leave the network')
  @ApiErrorResponse(
    410,
    'PERSON_ERASED: the caller is erased, or a reason is given for a catalyseur whose personal data are erased (an operator records the departure without one)',
  )
  async leaveNetwork(@Param('id', IdPipe) id: string, @Body() dto: LeaveNetworkDto, @CommandRequest() request: CommandRequest): Promise<CommandAccepted> {
    // An operator records an erased catalyseur's departure all the same, without a reason: it would be theirs.
    await this.commands.assertNothingPersonalAbout(request, id, 'reason', dto.reason, 'record their departure');
    return this.commands.send(request, 'catalyseur', id, { type: 'LeaveNetwork', data: present({ reason: dto.reason, leftAt: request.at.iso }) });
  }
}
