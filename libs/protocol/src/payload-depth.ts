import { AppError } from './errors';
import { clippedPath } from './payload-breadth';

/**
 * How deep a JSON payload may nest (an HTTP body, a hub request): the payload
 * itself is level 1, each object or array inside it one level more. The
 * deepest payload of the protocol nests 3 levels; 32 leaves room for any
 * integrator's honest mistake while keeping validators, which recurse, far
 * from the end of the stack (a 2.6 KB body of 1,300 nested arrays used to
 * overflow it).
 */
export const MAX_PAYLOAD_DEPTH = 32;

/**
 * Where a parsed JSON value nests deeper than `maxDepth` (at least 1): the
 * top-level field the too-deep part is in (an index in an array), or
 * `undefined` when it is within the limit. Iterative
 * (an explicit stack), so any depth is measured without recursion; each value
 * is visited once.
 */
export function tooDeepField(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): string | undefined {
  if (!isContainer(value)) return undefined;
  const stack: { readonly node: object; readonly depth: number; readonly field: string }[] = [{ node: value, depth: 1, field: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.depth > maxDepth) return item.field;
    // Own enumerable entries, as JSON.parse makes them (a `__proto__` key included); an array's are its indexes.
    for (const [key, child] of Object.entries(item.node)) {
      if (isContainer(child)) stack.push({ node: child, depth: item.depth + 1, field: item.depth === 1 ? key : item.field });
    }
  }
  return undefined;
}

/**
 * Refuses a payload nested deeper than `MAX_PAYLOAD_DEPTH`, before any
 * validator walks it: `AppError(VALIDATION)` naming the top-level field, as
 * the HTTP edge (`400 VALIDATION`) and the hub's acks answer it.
 */
export function assertPayloadDepth(value: unknown, what: string, maxDepth = MAX_PAYLOAD_DEPTH): void {
  const found = tooDeepField(value, maxDepth);
  if (found === undefined) return;
  // A key can be as long as the payload: never repeated whole.
  const field = clippedPath(found);
  throw new AppError('VALIDATION', `${what} is nested deeper than ${maxDepth} levels (in ${field})`, {
    details: [{ field, messages: [`${field} is nested deeper than ${maxDepth} levels`] }],
  });
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
