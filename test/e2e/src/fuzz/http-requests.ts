import { BAD_TIMES, mutate, ODD_STRINGS } from './hostile';
import { type OpenApiDocument, type Parameter, type Route, sample, type World } from './openapi';
import type { Prng } from './prng';

/** Who sends a request: a role of the access table, no token, or a forged one. */
export const CALLERS = ['operator', 'catalyseur', 'partner', 'no token', 'forged token'] as const;
export type CallerName = (typeof CALLERS)[number];

/** One generated HTTP request, everything as sent. */
export interface FuzzRequest {
  readonly index: number;
  readonly route: string;
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  readonly caller: CallerName;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Ids that are not ids: too long, dots, percent-escapes, unicode, prototype keys (sent as written: already URL-safe or escaped). */
const HOSTILE_PATH_SEGMENTS = [
  'x'.repeat(101),
  '.',
  '..',
  '%2e%2e',
  '%E0%A4%A',
  '%00',
  'a%2Fb',
  '%20',
  encodeURIComponent('é'),
  encodeURIComponent('🦄'),
  '__proto__',
  'constructor',
  'prototype',
  encodeURIComponent('room:x'),
  encodeURIComponent('<script>'),
  '-',
  '~',
];

/** Query values a lenient parser would get wrong. */
const HOSTILE_QUERY_VALUES = [
  ...BAD_TIMES,
  ...ODD_STRINGS,
  '99999999999999999999',
  '9007199254740993',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  ' 1',
  'Infinity',
  'x'.repeat(5000),
];

const MALFORMED_BODIES = ['{', '{"a":}', '[1,2', '{"a":1,"a":2}', '\ufeff{}', 'null', '"x"', '42', 'true', '{"a":"\\ud800"}', '{"a":1e400}', '{}garbage', ''];

const LIMITS = { maxDepth: 3000, maxString: 70_000 };

/** One request on `route`, from a valid one mutated most of the time (deterministic for a given PRNG state). */
export function generateRequest(rng: Prng, index: number, route: Route, document: OpenApiDocument, world: World): FuzzRequest {
  const caller = pickCaller(rng);
  const parameters = route.operation.parameters ?? [];
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    pathValue(
      rng,
      parameters.find((p) => p.name === name && p.in === 'path'),
      document,
      world,
    ),
  );
  const query = queryString(
    rng,
    parameters.filter((p) => p.in === 'query'),
    document,
    world,
  );
  const headers: Record<string, string> = {};
  if (parameters.some((p) => p.name === 'Accept') && rng.chance(0.3))
    headers['accept'] = rng.pick(['text/csv', 'application/json', 'text/html', '*/*', 'text/csv;q=0']);
  if (rng.chance(0.1)) headers['if-match'] = rng.pick(['"0"', '"1"', '*', 'W/"2"', 'garbage', '"99999999999999999999"', '"-1"', '"1", "2"']);
  if (rng.chance(0.1)) headers['idempotency-key'] = rng.pick(['fz-key-1', 'fz-key-2', 'fz-key-3', 'x'.repeat(300), 'cl\u00e9']);
  const base = { index, route: `${route.method} ${route.path}`, method: route.method, url: `${path}${query}`, caller, headers };
  if (route.method !== 'POST') return base;
  const schema = route.operation.requestBody?.content?.['application/json']?.schema;
  return { ...base, ...body(rng, schema ? sample(rng, schema, document, world) : {}, headers) };
}

function pickCaller(rng: Prng): CallerName {
  const roll = rng.next();
  if (roll < 0.45) return 'operator';
  if (roll < 0.75) return 'catalyseur';
  if (roll < 0.88) return 'partner';
  return roll < 0.94 ? 'no token' : 'forged token';
}

function pathValue(rng: Prng, parameter: Parameter | undefined, document: OpenApiDocument, world: World): string {
  if (rng.chance(0.15)) return rng.pick(HOSTILE_PATH_SEGMENTS);
  const value = parameter?.schema ? sample(rng, parameter.schema, document, world) : rng.pick(world.ids);
  return encoded(String(value));
}

function queryString(rng: Prng, parameters: readonly Parameter[], document: OpenApiDocument, world: World): string {
  const pairs: [string, string][] = [];
  for (const parameter of parameters) {
    // `minRevision` waits up to 2 s for the read model: rarely, or the suite would mostly wait.
    if (!rng.chance(parameter.name === 'minRevision' ? 0.02 : 0.4)) continue;
    const value = rng.chance(0.7) && parameter.schema ? sample(rng, parameter.schema, document, world) : rng.pick(HOSTILE_QUERY_VALUES);
    if (Array.isArray(value)) for (const item of value) pairs.push([parameter.name, String(item)]);
    else pairs.push([parameter.name, String(value)]);
  }
  const roll = rng.next();
  if (roll < 0.05) pairs.push([rng.pick(['colour', '__proto__', 'constructor', 'asOf', 'x'.repeat(300)]), rng.pick(HOSTILE_QUERY_VALUES)]);
  else if (roll < 0.1 && pairs[0]) pairs.push(pairs[0]);
  else if (roll < 0.13) pairs.push([`${parameters[0]?.name ?? 'q'}[]`, 'x']);
  if (pairs.length === 0) return '';
  return `?${pairs.map(([name, value]) => `${encoded(name)}=${encoded(value)}`).join('&')}`;
}

/** Percent-encoded; a lone surrogate, which has no UTF-8, as the bytes a careless encoder writes for it. */
function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** The body: JSON of a mutated valid body mostly; sometimes malformed, or of another content type. */
function body(rng: Prng, valid: unknown, headers: Record<string, string>): { body: string } {
  const roll = rng.next();
  if (roll < 0.04) {
    headers['content-type'] = 'application/json';
    return { body: rng.pick(MALFORMED_BODIES) };
  }
  if (roll < 0.07) {
    headers['content-type'] = rng.pick([
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/xml',
      'multipart/form-data',
    ]);
    return { body: rng.pick(['a=1&b[c]=2', '<a/>', JSON.stringify(valid), '__proto__[x]=1']) };
  }
  headers['content-type'] = 'application/json';
  const payload = rng.chance(0.85) ? mutate(rng, valid, LIMITS) : valid;
  return { body: JSON.stringify(payload) ?? 'null' };
}
