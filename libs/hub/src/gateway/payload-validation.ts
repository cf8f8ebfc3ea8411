import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppError, assertPayloadDepth, type FieldError, type HubRequestEvent, prototypeKeyIn, type RequestOf } from '@catalyse/protocol';
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

/**
 * A payload is a JSON object: not null, a string, a number, an array, nor the
 * Buffer socket.io makes of binary data (a Buffer, an ArrayBuffer, a typed
 * array sent by the client), whose bytes class-validator cannot name a field of.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Checks the payload of a client → server event against the event's payload class (see `PAYLOADS`). */
export function validateRequest<E extends HubRequestEvent>(event: E, payload: unknown): RequestOf<E> {
  return validatePayload(event, PAYLOADS[event], payload);
}

/**
 * Checks a socket payload against its class: an object nested at most
 * `MAX_PAYLOAD_DEPTH` levels, the right fields, no unknown field (a
 * prototype key, `__proto__`, `constructor`, `toString`… (`PROTOTYPE_KEYS`), at any level
 * included). Throws `AppError(VALIDATION)` with field-level details.
 */
export function validatePayload<T extends object>(event: string, type: PayloadClass<T>, payload: unknown): T {
  if (!isPlainObject(payload)) throw new AppError('VALIDATION', `${event} expects one object as its payload, then the ack (no other argument)`);
  // Before class-transformer and class-validator, which recurse: a deep payload must not reach the end of the stack.
  assertPayloadDepth(payload, `${event} payload`);
  const prototypeKey = prototypeKeyIn(payload);
  if (prototypeKey !== undefined) {
    const message = `property ${prototypeKey.split('.').at(-1) ?? prototypeKey} should not exist`;
    throw new AppError('VALIDATION', `invalid ${event} payload: ${prototypeKey}: ${message}`, { details: [{ field: prototypeKey, messages: [message] }] });
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
