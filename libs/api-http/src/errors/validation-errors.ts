import type { ValidationError } from 'class-validator';
import { andMore, AppError, type FieldError, reportedFieldErrors } from '@catalyse/protocol';

/** Flattens class-validator's tree into `{field, messages}` with dotted paths (`partners.0.sphere`). */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) out.push({ field: field === '' ? '(body)' : field, messages });
    if (error.children && error.children.length > 0) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/**
 * `exceptionFactory` of the global `ValidationPipe`: one `400 VALIDATION` with field-level details, the first
 * `MAX_REPORTED_FIELDS` of them (the message counts the others), so that the answer stays small whatever was sent.
 */
export function validationException(errors: ValidationError[]): AppError {
  const { details, omitted } = reportedFieldErrors(fieldErrors(errors));
  const fields = details.map((d) => d.field);
  const summary = fields.length === 0 ? 'invalid request' : `invalid request: ${fields.join(', ')}${andMore(omitted)}`;
  return new AppError('VALIDATION', summary, { details });
}
