import type { ValidationError } from 'class-validator';
import { AppError, type FieldError } from '@catalyse/protocol';

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

/** `exceptionFactory` of the global `ValidationPipe`: one `400 VALIDATION` with field-level details. */
export function validationException(errors: ValidationError[]): AppError {
  const details = fieldErrors(errors);
  const fields = details.map((d) => d.field);
  const summary = fields.length === 0 ? 'invalid request' : `invalid request: ${fields.join(', ')}`;
  return new AppError('VALIDATION', summary, { details });
}
