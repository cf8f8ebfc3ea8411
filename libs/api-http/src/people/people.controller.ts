import type { CommandHandler } from '@catalyse/commands';
import { Body, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import { PERSONAL_DATA, type PersonalDataEventStore, type SubjectRecord } from '@catalyse/personal-data';
import { AppError } from '@catalyse/protocol';
import { Access } from '../access/access.decorator';
import { CommandRequest } from '../commands/command-request';
import { API_COMMAND_HANDLER, Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiIdParam, ReadRoute } from '../openapi/decorators';
import { IdPipe } from '../validation/id.pipe';
import { ErasePersonDto, type ErasureAcceptedSchema, ErasureAcceptedSchema as ErasureAccepted, PersonSchema } from './dto';

/**
 * Personal data of a person (a catalyseur, a participant, a message's author),
 * by their id: operators erase it (crypto-shredding, docs/adr/0006) and follow
 * the erasure until the key is destroyed.
 */
@ApiController('people')
export class PeopleController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalDataEventStore,
    @Inject(API_COMMAND_HANDLER) private readonly handler: CommandHandler,
  ) {}

  @Post(':id/erase')
  @HttpCode(HttpStatus.ACCEPTED)
  @Access('person', 'act')
  @ApiIdParam()
  @ApiOperation({
    summary: 'Erase a person’s personal data (operators)',
    description:
      'Makes the person’s fields unreadable at once (they read `[effacé]` in every answer, as-of read and export), records `PersonalDataErased` ' +
      '(no personal data in it), and refuses any later command about them (410 PERSON_ERASED). The projector then removes the former values ' +
      'from every read model and room feed (clients get a `PersonalDataRedacted` entry) and destroys the key: `GET /api/people/{id}` says `erased`. ' +
      '404 when nothing personal is recorded about this id; 409 when already erased.',
  })
  @ApiAcceptedResponse({ type: ErasureAccepted })
  async erase(@Param('id', IdPipe) id: string, @Body() dto: ErasePersonDto, @CommandRequest() request: CommandRequest): Promise<ErasureAcceptedSchema> {
    const before = await this.personal.keys.record(id);
    if (before.status === 'unknown') throw new AppError('NOT_FOUND', `nothing personal is recorded about ${id}`);
    const streams = await this.personal.keys.streamsOf(id);
    await this.personal.keys.beginErasure(id, request.at.iso);
    this.handler.forget(streams);
    const accepted = await this.commands.send(
      request,
      'person',
      id,
      {
        type: 'ErasePersonalData',
        data: present({ subject: id, reason: dto.reason, reference: dto.reference, requestedBy: request.principal.sub, erasedAt: request.at.iso }),
      },
      { create: true },
    );
    return { ...view(await this.personal.keys.record(id)), position: Number(accepted.position), href: `/api/people/${encodeURIComponent(id)}` };
  }

  @ReadRoute(['person', 'read'], ':id', 'Whether a person’s personal data are held, being erased or erased (operators)', { type: PersonSchema })
  async get(@Param('id', IdPipe) id: string): Promise<PersonSchema> {
    return view(await this.personal.keys.record(id));
  }
}

function view(record: SubjectRecord): PersonSchema {
  return {
    subject: record.subject,
    status: record.status,
    ...(record.erasureAskedAt ? { erasureAskedAt: record.erasureAskedAt } : {}),
    ...(record.erasedAt ? { erasedAt: record.erasedAt } : {}),
    streams: record.streams,
  };
}
