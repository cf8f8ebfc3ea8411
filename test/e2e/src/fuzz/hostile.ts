import type { Prng } from './prng';

/**
 * What an attacker (or a careless client) sends instead of the expected
 * values, and the mutations of a valid payload that put them anywhere in it.
 * Shared by the HTTP and hub generators.
 */

/** Dates and instants that do not exist, or are not written the one way the api reads them. */
export const BAD_TIMES = [
  '2025-02-30',
  '2025-02-30T10:00:00Z',
  '2025-01-01T25:00:00Z',
  '2025-01-01T23:60:00Z',
  '2025-01-01T23:59:60Z',
  '2023-02-29',
  '2025-13-01',
  '2025-00-10',
  '0000-00-00',
  '2025-1-5',
  '2025-01-01T10:00:00',
  '2025-01-01T10:00:00+24:00',
  '2025-01-01 10:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '2025-01-01T10:00:00.1234567891Z',
  'now',
  'yesterday',
  '1735689600',
  '',
];

/** Strings that have broken parsers, loggers, CSV writers or databases elsewhere. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '🦄'.repeat(30),
  'مرحبا بالعالم',
  'e\u0301\u0301\u0301',
  '\u202etxt.exe',
  '=HYPERLINK("http://x")',
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e400',
  'true',
  'null',
];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

const ODD_NUMBERS = [0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MIN_VALUE, 4294967296, 99999999999];

/** `depth` levels of arrays or objects (JSON.stringify of 1,500 levels still fits the client's stack). */
export function deeplyNested(rng: Prng, depth: number): unknown {
  let value: unknown = rng.chance(0.5) ? [] : {};
  const asObject = rng.chance(0.5);
  for (let level = 1; level < depth; level++) value = asObject ? { a: value } : [value];
  return value;
}

/** A long string: over the body limit sometimes (then 413, or a closed socket on the hub). */
export function hugeString(rng: Prng, max: number): string {
  return rng.pick(['x', 'é', '🦄', 'ab ']).repeat(rng.int(1000, max));
}

/** One hostile value of any kind. */
export function hostileValue(rng: Prng, limits: { maxDepth: number; maxString: number }): unknown {
  switch (rng.int(0, 9)) {
    case 0:
      return deeplyNested(rng, rng.int(33, limits.maxDepth));
    case 1:
      return hugeString(rng, limits.maxString);
    case 2:
    case 3:
      return rng.pick(BAD_TIMES);
    case 4:
      return rng.pick(ODD_STRINGS);
    case 5:
      return rng.pick(ODD_NUMBERS);
    case 6:
      return rng.pick([null, true, false, {}, [], [null], [[]], { '': null }]);
    case 7:
      return withOwnKey({}, rng.pick(PROTOTYPE_KEYS), rng.pick([{ polluted: true }, 'x', null, [1]]));
    case 8:
      return Array.from({ length: rng.int(50, 3000) }, (_, i) => i);
    default:
      return deeplyNested(rng, rng.int(2, 32));
  }
}

/** Sets a key as an own, enumerable property (so `__proto__` is sent as a key, as JSON.parse makes it). */
export function withOwnKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

type Json = unknown;

/** Every place in a value where something can be put: `[parent, key]` pairs (objects and arrays). */
function slots(value: Json): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const visit = (node: Json, depth: number): void => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        visit(child, depth + 1);
      });
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      out.push([node as Record<string, unknown>, key]);
      visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return out;
}

/** The value turned into another type that a lenient parser might accept: a number as a string, an object as an array… */
function retyped(rng: Prng, value: unknown): unknown {
  if (typeof value === 'number') return rng.pick([String(value), [value], { value }, value > 0 ? -value : value + 0.5]);
  if (typeof value === 'string') return rng.pick([Number(value.length), [value], { value }, value.toUpperCase(), ` ${value} `, value + value]);
  if (typeof value === 'boolean') return rng.pick([String(value), value ? 1 : 0, [value]]);
  if (Array.isArray(value)) return rng.pick([{ ...value }, value[0] ?? null, [value], JSON.stringify(value)]);
  if (value !== null && typeof value === 'object') return rng.pick([[value], Object.values(value), JSON.stringify(value), Object.keys(value)]);
  return rng.pick([0, '', [], {}]);
}

/**
 * One to three mutations of a (valid) payload, in place where it is an object
 * or array; returns the mutated payload (the root itself may be replaced).
 */
export function mutate(rng: Prng, payload: Json, limits: { maxDepth: number; maxString: number }): Json {
  let root = payload;
  const times = rng.int(1, 3);
  for (let n = 0; n < times; n++) {
    const places = slots(root);
    const kind = rng.int(0, 9);
    if (kind === 0 || places.length === 0) {
      if (rng.chance(0.3) || root === null || typeof root !== 'object') {
        root = rng.chance(0.5) ? hostileValue(rng, limits) : retyped(rng, root);
        continue;
      }
    }
    if (kind === 1 && root !== null && typeof root === 'object' && !Array.isArray(root)) {
      // An extra field, sometimes a prototype key.
      const key = rng.chance(0.4) ? rng.pick(PROTOTYPE_KEYS) : rng.pick(['extra', 'id', 'role', 'revision', 'position', '', 'ñ', 'a.b', '$where']);
      withOwnKey(root, key, rng.chance(0.5) ? hostileValue(rng, limits) : 'x');
      continue;
    }
    if (places.length === 0) continue;
    const [parent, key] = rng.pick(places);
    const current = (parent as Record<string | number, unknown>)[key];
    switch (kind) {
      case 2:
        // A field removed (an array element set to undefined becomes null in JSON).
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, unknown>)[key as string];
        break;
      case 3:
        (parent as Record<string | number, unknown>)[key] = null;
        break;
      case 4:
      case 5:
        (parent as Record<string | number, unknown>)[key] = retyped(rng, current);
        break;
      default:
        (parent as Record<string | number, unknown>)[key] = hostileValue(rng, limits);
    }
  }
  return root;
}
