import type { Prng } from './prng';

/** The parts of the api's OpenAPI document the generators read. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly allOf?: readonly Schema[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly example?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: Schema;
}
export interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> };
}
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

/** Every operation of the document. */
export function routesOf(document: OpenApiDocument): Route[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** What the generators know of the world the suite made: ids that exist (and some that do not), room keys. */
export interface World {
  readonly ids: readonly string[];
  readonly roomKeys: readonly string[];
}

const ID_PATTERN = '^[A-Za-z0-9._~-]{1,100}$';
const TIME_OF_DAY_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const DATE_OR_INSTANT = /^\^\\d\{4\}-/;

/** A real date between 2010 and 2025 (never after the request: creations may be dated in the past only). */
export function validDate(rng: Prng): string {
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${rng.int(2010, 2025)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function validInstant(rng: Prng): string {
  const time = `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  return `${validDate(rng)}T${time}${rng.pick(['Z', '+01:00', '-05:30', '.123Z'])}`;
}

/** A value the schema allows (the domain may still refuse it: a 422, or a 404 for an id that does not exist). */
export function sample(rng: Prng, schema: Schema, document: OpenApiDocument, world: World, depth = 0): unknown {
  if (schema.$ref) return sample(rng, resolve(schema.$ref, document), document, world, depth);
  if (schema.allOf?.[0]) return sample(rng, schema.allOf[0], document, world, depth);
  if (schema.enum && schema.enum.length > 0) return rng.pick(schema.enum);
  switch (schema.type) {
    case 'object':
      return sampleObject(rng, schema, document, world, depth);
    case 'array':
      return sampleArray(rng, schema, document, world, depth);
    case 'integer':
      return sampleInteger(rng, schema);
    case 'number':
      return rng.chance(0.5) ? rng.int(0, 100) : Math.round(rng.next() * 10_000) / 100;
    case 'boolean':
      return rng.chance(0.5);
    default:
      if (schema.properties) return sampleObject(rng, schema, document, world, depth);
      return sampleString(rng, schema, world);
  }
}

function resolve(ref: string, document: OpenApiDocument): Schema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = document.components.schemas[name];
  if (!schema) throw new Error(`unknown schema ${ref}`);
  return schema;
}

function sampleObject(rng: Prng, schema: Schema, document: OpenApiDocument, world: World, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(name) || (depth < 4 && rng.chance(0.5))) out[name] = sample(rng, property, document, world, depth + 1);
  }
  return out;
}

function sampleArray(rng: Prng, schema: Schema, document: OpenApiDocument, world: World, depth: number): unknown[] {
  const items = schema.items ?? {};
  const min = schema.minItems ?? 0;
  const count = rng.int(min, Math.min(schema.maxItems ?? min + 3, min + 3));
  if (items.enum && schema.uniqueItems) return [...new Set(Array.from({ length: count }, () => rng.pick(items.enum ?? [])))];
  return Array.from({ length: count }, () => sample(rng, items, document, world, depth + 1));
}

function sampleInteger(rng: Prng, schema: Schema): number {
  if (typeof schema.example === 'number' && rng.chance(0.5)) return schema.example;
  const min = schema.minimum ?? 0;
  return rng.int(min, Math.min(schema.maximum ?? min + 10, min + 10));
}

function sampleString(rng: Prng, schema: Schema, world: World): string {
  if (schema.pattern === ID_PATTERN) return rng.pick(world.ids);
  if (schema.pattern === TIME_OF_DAY_PATTERN) return `${String(rng.int(0, 23)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}`;
  if (schema.pattern && DATE_OR_INSTANT.test(schema.pattern)) return rng.chance(0.6) ? validDate(rng) : validInstant(rng);
  if (schema.pattern?.startsWith('^(network|ops')) return rng.pick(world.roomKeys);
  if (schema.format === 'date') return validDate(rng);
  if (typeof schema.example === 'string' && rng.chance(0.5)) return schema.example;
  return rng.pick(['Atelier commun', 'Comité de pilotage', 'Évaluation à mi-parcours', 'Rencontre des catalyseurs', 'x']);
}
