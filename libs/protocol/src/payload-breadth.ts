import { AppError, type FieldError } from './errors';

/**
 * How many properties one object of a payload may have (an HTTP body or query, a hub request, or any object inside
 * them). The widest request of the protocol has about a dozen fields; 64 leaves room for growth and for an
 * integrator's honest extra field, while a body of thousands of unknown keys (5,600 fit in 64 KB) is refused before
 * class-transformer and class-validator walk it: they spent 30 to 190 ms on each such body, and listed every key in
 * the answer.
 */
export const MAX_PAYLOAD_KEYS = 64;

/**
 * How many properties a payload may have in all, its objects together: the per-object bound alone let 90 objects of
 * 60 unknown keys each through (5,400 keys). The widest legitimate request under the 64 KB body limit is a speed
 * dating's pairs (`record-pairs`: about 1,600 pairs of 2 ids, 3,197 keys); next, a diagnostic's 500 ratings
 * (2,001 keys). 4,096 leaves a quarter above that; a `bodyLimit` raised past about 100 KB (2,500 pairs, the most
 * `record-pairs` takes: 5,001 keys) needs this raised with it.
 */
export const MAX_PAYLOAD_TOTAL_KEYS = 4096;

/** How many field errors an answer lists (`details`, and the fields its `message` names); the others are counted. */
export const MAX_REPORTED_FIELDS = 10;

/** The longest key an answer repeats (in a field's path, in its messages); a longer one is cut (a key can be as long as the body). */
const MAX_REPORTED_KEY = 120;
/** The longest message an answer repeats: far above the validators' own (the longest are about 200 characters). */
const MAX_REPORTED_MESSAGE = 1000;
/** The longest path an answer repeats whole (a path of long keys, as deep as payloads may nest). */
const MAX_REPORTED_PATH = 400;

/** `text`, cut to `max` characters (whole code points) with an ellipsis. */
export function clipped(text: string, max = MAX_REPORTED_KEY): string {
  if (text.length <= max) return text;
  return `${Array.from(text.slice(0, max + 1))
    .slice(0, max - 1)
    .join('')}…`;
}

/** A dotted path as an answer repeats it: each long key clipped, and the whole path too (32 levels at most). */
export function clippedPath(path: string): string {
  return clipped(
    path
      .split('.')
      .map((key) => clipped(key))
      .join('.'),
    MAX_REPORTED_PATH,
  );
}

/** A field error with its long keys clipped, in its path and wherever its messages repeat them (`property … should not exist`). */
function clippedFieldError(error: FieldError): FieldError {
  const long = error.field.split('.').filter((key) => key.length > MAX_REPORTED_KEY);
  if (long.length === 0) return { field: error.field, messages: error.messages.map((m) => clipped(m, MAX_REPORTED_MESSAGE)) };
  const clip = (text: string): string => long.reduce((out, key) => out.split(key).join(clipped(key)), text);
  return { field: clip(error.field), messages: error.messages.map((m) => clipped(clip(m), MAX_REPORTED_MESSAGE)) };
}

/** An object of a payload with more than the allowed number of properties, or a payload with too many in all. */
export interface TooWideObject {
  /** Dotted path of the object (`''`: the payload itself, and always so for `total`). */
  readonly field: string;
  /** The object's properties; with `total`, how many the payload had when the walk stopped (past the bound). */
  readonly keys: number;
  /** The payload's objects together have more than `maxTotalKeys` properties (each one within `maxKeys`). */
  readonly total?: true;
}

/**
 * The first object of a parsed JSON value with more than `maxKeys` own properties, or the value itself when its
 * objects together have more than `maxTotalKeys` (an array's length is no concern here: the DTOs bound their lists),
 * or `undefined`. Iterative (an explicit stack), so any depth is walked without recursion, each value visited once,
 * and a wide object refused before its values are, a wide payload before its remaining objects are.
 */
export function tooWideObject(value: unknown, maxKeys = MAX_PAYLOAD_KEYS, maxTotalKeys = MAX_PAYLOAD_TOTAL_KEYS): TooWideObject | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: { readonly node: object; readonly field: string }[] = [{ node: value, field: '' }];
  let total = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (!Array.isArray(item.node)) {
      const keys = Object.keys(item.node).length;
      if (keys > maxKeys) return { field: item.field, keys };
      total += keys;
      if (total > maxTotalKeys) return { field: '', keys: total, total: true };
    }
    for (const [key, child] of Object.entries(item.node)) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child as object, field: item.field === '' ? key : `${item.field}.${key}` });
    }
  }
  return undefined;
}

/**
 * Refuses a payload one object of which has more than `maxKeys` properties, or whose objects together have more
 * than `maxTotalKeys`, before any validator walks it: `AppError(VALIDATION)` whose message starts with `prefix`
 * (`invalid request`), naming the object (`root` names the payload itself: `(body)`, `(query)`), with one detail.
 */
export function assertPayloadBreadth(value: unknown, prefix: string, root: string, maxKeys = MAX_PAYLOAD_KEYS, maxTotalKeys = MAX_PAYLOAD_TOTAL_KEYS): void {
  const wide = tooWideObject(value, maxKeys, maxTotalKeys);
  if (wide === undefined) return;
  const field = wide.field === '' ? root : clippedPath(wide.field);
  const message = wide.total
    ? `${field} has more than ${maxTotalKeys} properties in all (its objects together), more than any request takes`
    : `${field} has ${wide.keys} properties, more than the ${maxKeys} any request takes`;
  throw new AppError('VALIDATION', `${prefix}: ${message}`, { details: [{ field, messages: [message] }] });
}

/**
 * Field errors as an answer reports them, whatever their number: the first `MAX_REPORTED_FIELDS`, with long keys
 * and messages clipped, and how many more were left out (`omitted`), so that an answer stays a few KB.
 */
export function reportedFieldErrors(details: readonly FieldError[]): { readonly details: FieldError[]; readonly omitted: number } {
  const reported = details.slice(0, MAX_REPORTED_FIELDS).map(clippedFieldError);
  return { details: reported, omitted: Math.max(0, details.length - reported.length) };
}

/** `, … and 12 more` after a list of fields, when some were left out. */
export function andMore(omitted: number): string {
  return omitted === 0 ? '' : `, … and ${omitted} more`;
}
