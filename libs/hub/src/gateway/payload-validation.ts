import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppError, type FieldError, type HubRequestEvent, type RequestOf } from '@catalyse/protocol';
import { PAYLOADS } from './payloads';

type PayloadClass<T> = new () => T;

/** Flattens class-validator's tree into `{field, messages}` with dotted paths (`since.seq`). */
function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) out.push({ field, messages });
    if (error.children && error.children.length > 0) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** Checks the payload of a client → server event against the event's payload class (see `PAYLOADS`). */
export function validateRequest<E extends HubRequestEvent>(event: E, payload: unknown): RequestOf<E> {
  return validatePayload(event, PAYLOADS[event], payload);
}

/**
 * Checks a socket payload against its class: an object, the right fields, no
 * unknown field. Throws `AppError(VALIDATION)` with field-level details.
 */
export function validatePayload<T extends object>(event: string, type: PayloadClass<T>, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('VALIDATION', `${event} expects an object payload`);
  }
  const instance = plainToInstance(type, payload, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const details = fieldErrors(errors);
    const summary = details.map((d) => `${d.field}: ${d.messages.join(', ')}`).join('; ');
    throw new AppError('VALIDATION', `invalid ${event} payload: ${summary}`, { details });
  }
  return instance;
}
