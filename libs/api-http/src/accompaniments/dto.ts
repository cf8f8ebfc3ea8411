import {
  ACCOMPANIMENT_OUTCOMES,
  type AccompanimentOutcome,
  ALLIANCE_MATURITIES,
  type AllianceMaturity,
  OBJECTIVE_FAMILIES,
  type ObjectiveFamily,
  SESSION_TOPIC_MAX_LENGTH,
  SESSION_TOPICS_MAX,
} from '@catalyse/domain';
import { PageQuery } from '../reads/query';
import { DateField, EnumArrayField, EnumField, IdField, TEXT_MAX, TextArrayField, TextField } from '../validation/validation';

/** `POST /api/accompaniments`: a catalyseur starts accompanying an organisation (préparer les partenaires). */
export class OpenAccompanimentDto {
  @IdField(true, { description: 'Chosen by the client; a UUID when absent' })
  readonly id?: string;
  @IdField(false, { example: 'csc-privas', description: 'The organisation accompanied: its id (the partners’ `orgId`), registered (404 otherwise)' })
  readonly organisationId!: string;
  @IdField(true, {
    description:
      'The catalyseur who accompanies it (default: you, when you are one; required for operators): a member of the network (404 when unknown, 422 when it left)',
  })
  readonly catalyseurId?: string;
  @TextField(TEXT_MAX, false, { example: 'préparer le centre social à un premier partenariat avec une entreprise du territoire' })
  readonly purpose!: string;
  @DateField(true, {
    description:
      'The day it opened, `YYYY-MM-DD`; today (the day in the network’s time zone) when absent. Neither after today nor before its catalyseur first joined the network (422 RULE_VIOLATED)',
  })
  readonly openedOn?: string;
}

/** `POST /api/accompaniments/{id}/hold-session`: a session held with the organisation. */
export class HoldAccompanimentSessionDto {
  @DateField(true, { description: 'Today when absent; not before the opening nor after today (422)' })
  readonly heldOn?: string;
  @TextArrayField(SESSION_TOPICS_MAX, SESSION_TOPIC_MAX_LENGTH, false, {
    example: ['gouvernance', 'mécénat de compétences'],
    description: 'At least one, each once',
  })
  readonly topics!: string[];
  @TextField(TEXT_MAX, false, { description: 'What came of it: personal data of the person who records it (erased with them)' })
  readonly summary!: string;
}

/** `POST /api/accompaniments/{id}/record-maturity`: the organisation's maturity and alliance strategy as the accompaniment sees it. */
export class RecordMaturityDto {
  @EnumField(ALLIANCE_MATURITIES)
  readonly maturity!: AllianceMaturity;
  @EnumArrayField(OBJECTIVE_FAMILIES, 1)
  readonly objectiveFamilies!: ObjectiveFamily[];
  @DateField(true, { description: 'Today when absent; the same date corrects the current one, an earlier one or one after today is refused (422)' })
  readonly recordedOn?: string;
}

/** `POST /api/accompaniments/{id}/close`. */
export class CloseAccompanimentDto {
  @EnumField(ACCOMPANIMENT_OUTCOMES, false, { description: 'ready: ready for partnerships; not-ready; abandoned' })
  readonly outcome!: AccompanimentOutcome;
  @TextField(TEXT_MAX)
  readonly reason!: string;
  @DateField(true, { description: 'Today when absent; not before the last session nor the last maturity, nor after today (422)' })
  readonly closedOn?: string;
}

/** `GET /api/accompaniments?organisation=&catalyseur=&status=&outcome=`. */
export class ListAccompanimentsQuery extends PageQuery {
  @IdField(true) readonly organisation?: string;
  @IdField(true) readonly catalyseur?: string;
  @EnumField(['open', 'closed'], true) readonly status?: string;
  @EnumField(ACCOMPANIMENT_OUTCOMES, true) readonly outcome?: AccompanimentOutcome;
}
