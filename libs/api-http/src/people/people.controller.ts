import { isDomainError } from '@catalyse/domain';
import { Body, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import { PERSONAL_DATA, type PersonalDataEventStore, type SubjectRecord } from '@catalyse/personal-data';
import { AppError } from '@catalyse/protocol';
import { Access } from '../access/access.decorator';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiErrorResponse, ApiIdParam, ReadRoute } from '../openapi/decorators';
import { ApiReadSide } from '../reads/read-side';
import { IdPipe } from '../validation/id.pipe';
import { ApiErasureWatch } from './erasure-watch';
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
    @Inject(ApiErasureWatch) private readonly erasures: ApiErasureWatch,
    @Inject(ApiReadSide) private readonly readSide: ApiReadSide,
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
      '(their name also inside other people’s texts) from every read model, room feed (clients get a `PersonalDataRedacted` entry) and kept ' +
      'report, and destroys the key: `GET /api/people/{id}` says `erased`. The 202 waits (up to 10 s) for the read models to have lost the ' +
      'former values (the projector reached the erasure’s own `position`, whatever else is written meanwhile), so the reads that follow it ' +
      'show none; a projector stopped or far behind gets the 202 after those 10 s, the values then removed when it catches up. Their name inside what others wrote is rewritten in the log ' +
      'too on SQLite and PostgreSQL, so as-of reads, exports and rebuilds read `[effacé]` there as well (KurrentDB cannot rewrite its log: ' +
      'there the name stays in those texts; docs/adr/0006). ' +
      '404 when nothing personal is recorded about this id; 409 when already erased; 403 for an operator’s own data (another operator ' +
      'erases them); 410 when the caller’s own data are erased or being erased. Nothing is recorded when it is refused.',
  })
  @ApiAcceptedResponse({ type: ErasureAccepted })
  @ApiErrorResponse(404, 'NOT_FOUND: nothing personal is recorded about this id')
  @ApiErrorResponse(409, 'CONFLICT: the erasure was already asked (being erased, or erased)')
  @ApiErrorResponse(403, 'FORBIDDEN: an operator’s own personal data are erased by another operator')
  @ApiErrorResponse(410, 'PERSON_ERASED: the caller’s own personal data are erased or being erased')
  async erase(@Param('id', IdPipe) id: string, @Body() dto: ErasePersonDto, @CommandRequest() request: CommandRequest): Promise<ErasureAcceptedSchema> {
    // Everything that refuses the command is asked before the erasure begins: once begun (the person's fields
    // unreadable at once), only the recorded `PersonalDataErased` lets the projector finish it and destroy the key.
    // A caller refused afterwards (erased, or erasing: their own data) left a person « being erased » for ever.
    if (request.principal.sub === id) {
      throw new AppError('FORBIDDEN', `an operator does not erase their own personal data (${id}): another operator does`);
    }
    await this.commands.assertPrincipal(request);
    const before = await this.personal.keys.record(id);
    if (before.status === 'unknown') throw new AppError('NOT_FOUND', `nothing personal is recorded about ${id}`);
    await this.personal.keys.beginErasure(id, request.at.iso);
    // The states this process folded forgotten now (her fields held in clear), and again once the projector has
    // rewritten the log's texts naming her; the other processes see her `PersonalDataErased` (`ErasureWatch`).
    this.erasures.erasing(id);
    const accepted = await this.commands
      .send(
        request,
        'person',
        id,
        {
          type: 'ErasePersonalData',
          data: present({ subject: id, reason: dto.reason, reference: dto.reference, requestedBy: request.principal.sub, erasedAt: request.at.iso }),
        },
        { create: true },
      )
      .catch(async (error: unknown) => {
        // Asked before: said as the erasure stands (under way until the projector destroys the key), not « erased ».
        if ((error instanceof AppError || isDomainError(error)) && error.code === 'CONFLICT')
          throw new AppError('CONFLICT', alreadyAsked(await this.personal.keys.record(id), id));
        throw error;
      })
      // Recorded, it stays watched until the projector completes it; failed, the reads stop asking about it.
      .finally(() => this.erasures.settled(id));
    // « At once in every answer »: the log's readers (exports, as-of reads) read tombstones since `beginErasure`, the
    // read models hold her values until the projector has folded her `PersonalDataErased` (its batch redacts them and
    // moves the checkpoint in one transaction). The 202 waits for the projector to reach that event's own position
    // (not the log's head, which other writes keep moving), bounded: a projector stopped or far behind gets the 202
    // after `ERASURE_READ_SIDE_WAIT_MS`, and an app closing at once (ADR 0006, amendment « at once in the read models »).
    await this.readSide.reached(BigInt(accepted.position), ERASURE_READ_SIDE_WAIT_MS);
    return { ...view(await this.personal.keys.record(id)), position: Number(accepted.position), href: `/api/people/${encodeURIComponent(id)}` };
  }

  /**
   * An id nothing is recorded about answers 200 `unknown`, not 404: the operator's question (« what do you hold
   * about this person? ») has an answer, « nothing », which is what an erasure request or a subject's access request
   * needs to be told; a 404 would read as a wrong address. Only the erasure, which needs something to erase, says 404.
   */
  @ReadRoute(['person', 'read'], ':id', 'Whether a person’s personal data are held, being erased or erased (operators)', {
    type: PersonSchema,
    ok: '`unknown` when nothing personal is recorded about this id (never a 404), else `active`, `erasing` or `erased`',
    notFound: false,
  })
  async get(@Param('id', IdPipe) id: string): Promise<PersonSchema> {
    return view(await this.personal.keys.record(id));
  }
}

/** How long the 202 of an erasure waits at most for the read models to have lost the person's values. */
export const ERASURE_READ_SIDE_WAIT_MS = 10_000;

/** The conflict of a second erasure, worded as the erasure stands. */
export function alreadyAsked(record: SubjectRecord, id: string): string {
  if (record.status === 'erased') return `the personal data of ${id} were already erased${record.erasedAt ? ` on ${record.erasedAt}` : ''}`;
  return `the erasure of the personal data of ${id} was already asked${record.erasureAskedAt ? ` on ${record.erasureAskedAt}` : ''}; it is under way`;
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
