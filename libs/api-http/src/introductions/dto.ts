import { PartnerDto } from '../partnerships/dto';
import { PageQuery } from '../reads/query';
import { DateField, EnumField, IdField, NestedArrayField, TEXT_MAX, TextField } from '../validation/validation';

/** `POST /api/introductions`: a catalyseur puts organisations of different spheres in touch (mise en relation). */
export class IntroduceOrganisationsDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;
  @IdField(true, {
    description:
      'The catalyseur who makes it (default: you, when you are one; required for operators): a member of the network (404 when unknown, 422 when it left)',
  })
  readonly catalyseurId?: string;
  @IdField(false, { example: 'alsace' })
  readonly territoryId!: string;
  @NestedArrayField(() => PartnerDto, 2, 20)
  readonly organisations!: PartnerDto[];
  @TextField(TEXT_MAX, false, { example: 'explorer un partenariat au-delà du mécénat financier' })
  readonly purpose!: string;
  @IdField(true, { description: 'The gathering it was made at (a speed dating); 404 when no gathering has that id' })
  readonly gatheringId?: string;
  @IdField(true, { description: 'The accompaniment it comes from (an organisation a catalyseur prepared); not checked' })
  readonly accompanimentId?: string;
  @DateField(true, {
    description:
      'The day it was made, `YYYY-MM-DD`; today (the day in the network’s time zone) when absent. Neither after today, nor before its catalyseur first joined the network, nor before the gathering it names (422 RULE_VIOLATED)',
  })
  readonly introducedOn?: string;
}

/** `POST /api/introductions/{id}/record-meeting`. */
export class RecordMeetingDto {
  @DateField(true, { description: 'Today when absent' })
  readonly metOn?: string;
  @TextField(TEXT_MAX, true)
  readonly notes?: string;
}

/** `POST /api/introductions/{id}/record-partnership`: a partnership proposed after the meeting. */
export class RecordPartnershipDto {
  @IdField(false, { description: 'An existing partnership (404 otherwise)' })
  readonly partnershipId!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly proposedOn?: string;
}

/** `POST /api/introductions/{id}/close-without-follow-up`. */
export class CloseWithoutFollowUpDto {
  @TextField(TEXT_MAX)
  readonly reason!: string;
  @DateField(true, { description: 'Today when absent' })
  readonly closedOn?: string;
}

/** `GET /api/introductions?territory=&status=&catalyseur=&org=&gathering=&accompaniment=`. */
export class ListIntroductionsQuery extends PageQuery {
  @IdField(true) readonly territory?: string;
  @EnumField(['introduced', 'met', 'partnership_proposed', 'no_follow_up'], true) readonly status?: string;
  @IdField(true) readonly catalyseur?: string;
  @IdField(true) readonly org?: string;
  @IdField(true) readonly gathering?: string;
  @IdField(true) readonly accompaniment?: string;
}

/** `GET /api/introductions/funnel?territory=`. */
export class FunnelQuery {
  @IdField(true, { description: 'A territory; the whole network when absent' })
  readonly territory?: string;
}
