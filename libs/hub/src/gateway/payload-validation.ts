import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  andMore,
  AppError,
  assertPayloadBreadth,
  clippedPath,
  assertPayloadDepth,
  type FieldError,
  type HubRequestEvent,
  prototypeKeyIn,
  type RequestOf,
  reportedFieldErrors,
} from '@catalyse/protocol';
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
 * `MAX_PAYLOAD_DEPTH` levels of at most `MAX_PAYLOAD_KEYS` properties each, the right fields, no unknown field (a
 * prototype key, `__proto__`, `constructor`, `toString`… (`PROTOTYPE_KEYS`), at any level
 * included). Throws `AppError(VALIDATION)` with field-level details.
 */
export function validatePayload<T extends object>(event: string, type: PayloadClass<T>, payload: unknown): T {
  if (!isPlainObject(payload)) throw new AppError('VALIDATION', `${event} expects one object as its payload, then the ack (no other argument)`);
  // Before class-transformer and class-validator, which recurse: a deep payload must not reach the end of the stack.
  // Nor thousands of keys (first: the cheapest walk of a wide payload): the validators' work grows with them (30 to
  // 190 ms for 5,600 unknown keys), and so did the ack.
  assertPayloadBreadth(payload, `invalid ${event} payload`, '(payload)');
  assertPayloadDepth(payload, `${event} payload`);
  const foundKey = prototypeKeyIn(payload);
  if (foundKey !== undefined) {
    // Its path can hold keys as long as the payload: never repeated whole.
    const prototypeKey = clippedPath(foundKey);
    const message = `property ${foundKey.split('.').at(-1) ?? foundKey} should not exist`;
    throw new AppError('VALIDATION', `invalid ${event} payload: ${prototypeKey}: ${message}`, { details: [{ field: prototypeKey, messages: [message] }] });
  }
  const instance = plainToInstance(type, payload, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    // The first few fields only (the message counts the others): the ack stays small whatever was sent.
    const { details, omitted } = reportedFieldErrors(fieldErrors(errors));
    const summary = details.map((d) => `${d.field}: ${d.messages.join(', ')}`).join('; ');
    throw new AppError('VALIDATION', `invalid ${event} payload: ${summary}${andMore(omitted)}`, { details });
  }
  return instance;
}
