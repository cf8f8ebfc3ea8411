/**
 * The names every JavaScript object has (`constructor`, `toString`, `__proto__`…), and `prototype`. Ids and keys
 * sent by clients become keys of objects in the read models and the deciders' states, where one of these names
 * would read the inherited member instead of an absent entry (`priorities.constructor` is `Object`), and writing
 * through it would change `Object` itself. Never an id (`ROOM_ID_PATTERN`), never a key of a request.
 * Written out rather than read from `Object.prototype`, so that browsers and Node agree.
 */
export const PROTOTYPE_KEYS: readonly string[] = [
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'prototype',
  'toLocaleString',
  'toString',
  'valueOf',
];

const PROTOTYPE_KEY_SET: ReadonlySet<string> = new Set(PROTOTYPE_KEYS);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEY_SET.has(key);
}

/**
 * The dotted path of the first prototype key of a parsed JSON value (own keys at any depth; an array's indexes
 * are no keys), or `undefined`. Its depth must be bounded already (`assertPayloadDepth`).
 */
export function prototypeKeyIn(value: unknown, parent = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const array = Array.isArray(value);
  for (const [key, child] of Object.entries(value)) {
    const field = parent === '' ? key : `${parent}.${key}`;
    if (!array && PROTOTYPE_KEY_SET.has(key)) return field;
    const found = prototypeKeyIn(child, field);
    if (found !== undefined) return found;
  }
  return undefined;
}
