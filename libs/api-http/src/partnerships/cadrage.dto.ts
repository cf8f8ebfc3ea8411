import { OBJECTIVE_FAMILIES, type ObjectiveFamily } from '@catalyse/domain';
import { DateField, EnumArrayField, IdField, TextField, TITLE_MAX } from '../shared/validation';

/** `POST /api/partnerships/{id}/agree-objectives` (a partner agrees for its own organisation). */
export class AgreeObjectivesDto {
  @IdField(false, { description: 'The organisation agreeing' })
  readonly orgId!: string;
  @EnumArrayField(OBJECTIVE_FAMILIES, 1)
  readonly objectives!: ObjectiveFamily[];
}

/** `POST /api/partnerships/{id}/plan-milestone`. */
export class PlanMilestoneDto {
  @IdField(true, { description: 'A UUID when absent' })
  readonly milestoneId?: string;
  @TextField(TITLE_MAX, false, { example: 'Premier atelier commun' })
  readonly title!: string;
  @DateField()
  readonly dueDate!: string;
}

/** `POST /api/partnerships/{id}/start-pilotage`. */
export class StartPilotageDto {
  @DateField(true, { description: 'Today when absent' })
  readonly startedOn?: string;
}
