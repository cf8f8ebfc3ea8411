/**
 * The OpenAPI document describes what the routes accept: a client that follows
 * it is not refused for the shape of its request. Swagger names a schema after
 * its DTO class and keeps one schema per name: two DTO classes of the same name
 * would make one route document the other's body (as `POST /api/parcours/{id}/hold-session`
 * once documented the accompaniments' session).
 */
import 'reflect-metadata';
import { Logger, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type ApiHarness, startApi } from '../test-support/api-harness';
import { buildOpenApiDocument } from './swagger';

type Schema = { $ref?: string; properties?: Record<string, unknown>; required?: string[] };

/** The swagger metadata this test reads (the keys of `@nestjs/swagger`'s DECORATORS). */
const MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
const MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_RESPONSE = 'swagger/apiResponse';
const API_PARAMETERS = 'swagger/apiParameters';

const isClass = (value: unknown): value is Type<unknown> =>
  typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)) && value !== Date;

/** A property's declared type: lazy (`() => Dto`), an array of it, or the class itself. */
function typesOf(candidate: unknown): Type<unknown>[] {
  if (Array.isArray(candidate)) return candidate.flatMap(typesOf);
  if (isClass(candidate)) return [candidate];
  if (typeof candidate === 'function' && candidate.length === 0 && !/^(?:function )?[A-Z]/.test(candidate.name)) {
    try {
      return typesOf((candidate as () => unknown)());
    } catch {
      return [];
    }
  }
  return [];
}

/**
 * Every class the document is built from: the bodies and queries of every
 * controller's routes (Nest's parameter metadata), the types swagger's own
 * decorators name (responses, parameters), and the classes of their
 * properties, recursively.
 */
function documentedClasses(harness: ApiHarness): Map<Type<unknown>, string> {
  const found = new Map<Type<unknown>, string>();
  const visit = (type: Type<unknown>, where: string): void => {
    if (found.has(type)) return;
    found.set(type, where);
    const keys: string[] = (Reflect.getMetadata(MODEL_PROPERTIES_ARRAY, type.prototype as object) as string[] | undefined) ?? [];
    for (const key of keys.map((k) => k.replace(/^:/, ''))) {
      const property = Reflect.getMetadata(MODEL_PROPERTIES, type.prototype as object, key) as { type?: unknown; items?: { type?: unknown } } | undefined;
      for (const nested of [...typesOf(property?.type), ...typesOf(property?.items?.type)]) visit(nested, `${type.name}.${key}`);
    }
  };
  for (const module of harness.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        if (method === 'constructor' || typeof prototype[method] !== 'function') continue;
        const where = `${controller.name}.${method}`;
        const params = (Reflect.getMetadata('design:paramtypes', prototype, method) as unknown[] | undefined) ?? [];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, { index: number }> | undefined) ?? {};
        for (const [key, { index }] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) continue;
          for (const type of typesOf(params[index])) visit(type, where);
        }
        const handler = prototype[method] as object;
        const responses = (Reflect.getMetadata(API_RESPONSE, handler) as Record<string, { type?: unknown }> | undefined) ?? {};
        for (const response of Object.values(responses)) for (const type of typesOf(response.type)) visit(type, where);
        const parameters = (Reflect.getMetadata(API_PARAMETERS, handler) as { type?: unknown }[] | undefined) ?? [];
        for (const parameter of parameters) for (const type of typesOf(parameter.type)) visit(type, where);
      }
    }
  }
  return found;
}

describe('the OpenAPI document (real api, real HTTP)', () => {
  let api: ApiHarness;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    api = await startApi();
    doc = (await api.request<OpenAPIObject>('GET', '/api/docs-json')).body;
  });

  afterAll(async () => {
    await api?.close();
  });

  const bodyOf = (path: string): Schema => {
    const ref = (doc.paths[path]?.post?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']?.schema
      ?.$ref;
    if (ref === undefined) throw new Error(`${path} documents no JSON body`);
    const schema = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] as Schema | undefined;
    if (schema === undefined) throw new Error(`${path}: ${ref} is not in the document`);
    return { ...schema, $ref: ref };
  };

  it('documents each hold-session route with its own body', () => {
    const parcours = bodyOf('/api/parcours/{id}/hold-session');
    const accompaniment = bodyOf('/api/accompaniments/{id}/hold-session');
    expect(parcours.$ref).not.toBe(accompaniment.$ref);
    expect(Object.keys(parcours.properties ?? {}).sort()).toEqual(['heldOn', 'sessionNumber', 'territoriesPresent', 'theme']);
    expect(parcours.required).toEqual(expect.arrayContaining(['sessionNumber', 'theme', 'territoriesPresent']));
    expect(Object.keys(accompaniment.properties ?? {}).sort()).toEqual(['heldOn', 'summary', 'topics']);
  });

  it('accepts the body its document gives for the parcours’ session (no 400 for following the docs)', async () => {
    const token = api.token({ sub: 'op-1', role: 'operator' });
    const open = await api.request<{ id: string }>('POST', '/api/parcours', {
      token,
      body: { title: 'Parcours d’expérience', startMonth: '2018-04', durationMonths: 9, openedOn: '2018-03-01' },
    });
    expect(open.status).toBe(201);
    const id = open.body.id;
    for (const territoryId of ['t-1', 't-2']) {
      const enrolled = await api.request('POST', `/api/parcours/${id}/enrol-territory`, {
        token,
        body: { territoryId, name: territoryId, enrolledOn: '2018-03-10' },
      });
      expect(enrolled.status).toBe(200);
    }
    expect((await api.request('POST', `/api/parcours/${id}/start`, { token, body: { startedOn: '2018-04-01' } })).status).toBe(200);
    const documented = bodyOf('/api/parcours/{id}/hold-session').properties ?? {};
    const body = { sessionNumber: 1, theme: 'Lancement', territoriesPresent: ['t-1', 't-2'], heldOn: '2018-04-05' };
    expect(Object.keys(body).every((k) => k in documented)).toBe(true);
    const held = await api.request('POST', `/api/parcours/${id}/hold-session`, { token, body });
    expect({ status: held.status, body: held.body }).toMatchObject({ status: 200 });
  });

  it('states the bounds the validators enforce: the erasure’s ticket, a gathering’s link, an indicator’s value and target, a result indicator’s value', () => {
    const property = (path: string, name: string): Record<string, unknown> => (bodyOf(path).properties?.[name] ?? {}) as Record<string, unknown>;
    const reference = property('/api/people/{id}/erase', 'reference');
    expect(reference).toMatchObject({ maxLength: 64, pattern: expect.any(String) as string });
    const ticket = new RegExp(String(reference['pattern']));
    expect(['RGPD-2026-042', 'a'.repeat(64)].map((r) => ticket.test(r))).toEqual([true, true]);
    expect(['a'.repeat(65), 'Mme Dupont', ''].map((r) => ticket.test(r))).toEqual([false, false, false]);
    expect(property('/api/gatherings', 'link')).toMatchObject({ maxLength: 500 });
    for (const name of ['value', 'target']) {
      expect(property('/api/partnerships/{id}/record-indicator', name)).toMatchObject({ minimum: -1e15, maximum: 1e15 });
    }
    // An experimentation's result indicators, nested in its evaluation's body.
    const indicators = property('/api/experimentations/{id}/evaluate-results', 'indicators') as { items?: { $ref?: string } };
    expect(indicators.items?.$ref).toBe('#/components/schemas/ResultIndicatorDto');
    const indicator = doc.components?.schemas?.['ResultIndicatorDto'] as Schema | undefined;
    expect(indicator?.properties?.['value']).toMatchObject({ minimum: -1e15, maximum: 1e15 });
  });

  it('is built from DTO classes of distinct names', () => {
    const byName = new Map<string, string[]>();
    for (const [type, where] of documentedClasses(api)) byName.set(type.name, [...(byName.get(type.name) ?? []), `${type.name} (${where})`]);
    // The walk finds the bodies, the classes nested in them and the responses (a guard against a walk that finds nothing).
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['HoldParcoursSessionDto', 'HoldAccompanimentSessionDto', 'PilotOutcomeDto', 'ErrorBodyDto']));
    expect(byName.size).toBeGreaterThan(50);
    expect([...byName.values()].filter((classes) => classes.length > 1)).toEqual([]);
  });

  /** The statuses a route documents (`'200'`, `'404'`…). */
  const documented = (method: 'get' | 'post', path: string): string[] => {
    const operation = doc.paths[path]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
    return Object.keys(operation.responses ?? {});
  };

  it('documents a 2xx answer for every route (a read documents its 200)', () => {
    const missing = Object.entries(doc.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const).flatMap((method) => {
        const operation = item[method];
        return operation && !Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2')) ? [`${method.toUpperCase()} ${path}`] : [];
      }),
    );
    expect(missing).toEqual([]);
    expect(documented('get', '/api/reports/{id}')).toContain('200');
  });

  it('documents every status the routes answer (each one observed here over HTTP)', async () => {
    const operator = api.token({ sub: 'op-1', role: 'operator' });
    const zeph = api.token({ sub: 'zeph-docs', role: 'catalyseur' });
    const partner = api.token({ sub: 'alice-docs', role: 'partner', org: 'asso-docs' });
    const erase = { reason: 'request_of_the_person' };
    const joined = await api.request('POST', '/api/catalyseurs', {
      token: zeph,
      body: { name: 'Zéphyrine', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] },
    });
    expect(joined.status).toBe(201);
    const proposed = await api.request('POST', '/api/partnerships', {
      token: operator,
      body: {
        id: 'p-docs',
        title: 'Mobilité partagée',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
        partners: [
          { orgId: 'asso-docs', name: 'Mobilité Ardèche', sphere: 'association' },
          { orgId: 'ent-docs', name: 'Transports SA', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
    });
    expect(proposed.status).toBe(201);
    const introduction = {
      catalyseurId: 'zeph-docs',
      territoryId: 'ardeche',
      organisations: [
        { orgId: 'asso-docs', name: 'Mobilité Ardèche', sphere: 'association' },
        { orgId: 'ent-docs', name: 'Transports SA', sphere: 'entreprise' },
      ],
      purpose: 'explorer un partenariat',
    };
    const cases: [
      method: 'get' | 'post',
      template: string,
      path: string,
      options: { token: string; body?: unknown; raw?: string; headers?: Record<string, string> },
      status: number,
    ][] = [
      ['get', '/api/reports/{id}', '/api/reports/nope', { token: operator }, 404],
      ['post', '/api/reports', '/api/reports', { token: operator, body: { kind: 'territory', id: 'nowhere-zz' } }, 404],
      [
        'post',
        '/api/reports',
        '/api/reports',
        { token: operator, raw: 'kind=partnership&id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
      ],
      ['post', '/api/reports', '/api/reports', { token: operator, raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }, 415],
      // Any body over 64 KB, on any route taking one, refused as it is read.
      ['post', '/api/reports', '/api/reports', { token: operator, body: { kind: 'territory', id: 'x'.repeat(70 * 1024) } }, 413],
      ['post', '/api/partnerships', '/api/partnerships', { token: partner, body: { title: 'x'.repeat(70 * 1024) } }, 413],
      // A feed of a partnership that does not exist, asked by a catalyseur or a partner.
      ['get', '/api/feeds/{roomKey}', '/api/feeds/partnership:nowhere-zz', { token: zeph }, 404],
      ['get', '/api/feeds/{roomKey}', '/api/feeds/partnership:nowhere-zz', { token: partner }, 404],
      ['post', '/api/people/{id}/erase', '/api/people/nobody-here/erase', { token: operator, body: erase }, 404],
      ['post', '/api/people/{id}/erase', '/api/people/zeph-docs/erase', { token: operator, body: erase }, 202],
      ['post', '/api/people/{id}/erase', '/api/people/zeph-docs/erase', { token: operator, body: erase }, 409],
      // A catalyseur erased (or being erased) named by an operator: `assertMember` refuses it.
      ['post', '/api/introductions', '/api/introductions', { token: operator, body: introduction }, 410],
      [
        'post',
        '/api/partnerships/{id}/assign-catalyseur',
        '/api/partnerships/p-docs/assign-catalyseur',
        { token: operator, body: { catalyseurId: 'zeph-docs' } },
        410,
      ],
      ['get', '/api/people/{id}', '/api/people/nobody-here', { token: operator }, 200],
      ['get', '/api/observatory/{section}', '/api/observatory/nope', { token: operator }, 404],
      ['get', '/api/observatory/{section}/{table}', '/api/observatory/nope/by_mode', { token: operator }, 404],
      ['get', '/api/observatory/{section}/{table}', '/api/observatory/partnerships/nope', { token: operator }, 404],
      ['post', '/api/operations/rebuilds', '/api/operations/rebuilds', { token: operator, body: { batchSize: '10' } }, 400],
    ];
    for (const [method, template, path, options, status] of cases) {
      const answer = await api.request(method.toUpperCase(), path, options);
      expect([method, path, answer.status]).toEqual([method, path, status]);
      expect([method, template, documented(method, template)]).toEqual([method, template, expect.arrayContaining([String(status)])]);
    }
  });

  it('documents 413 PAYLOAD_TOO_LARGE on every route taking a body', () => {
    const withBody = Object.entries(doc.paths).flatMap(([path, item]) =>
      (['post', 'put', 'patch', 'delete'] as const).flatMap((method) => (item[method]?.requestBody ? [`${method.toUpperCase()} ${path}`] : [])),
    );
    expect(withBody.length).toBeGreaterThan(50);
    const missing = withBody.filter((route) => {
      const [method = '', path = ''] = route.split(' ');
      return !documented(method.toLowerCase() as 'post', path).includes('413');
    });
    expect(missing).toEqual([]);
  });

  it('says what GET /api/people/{id} answers for an unknown id: 200 `unknown`, documented so, and no 404', async () => {
    const answer = await api.request<{ status: string }>('GET', '/api/people/nobody-at-all', { token: api.token({ sub: 'op-1', role: 'operator' }) });
    expect([answer.status, answer.body.status]).toEqual([200, 'unknown']);
    expect(documented('get', '/api/people/{id}')).not.toContain('404');
    expect(JSON.stringify(doc.paths['/api/people/{id}']?.get?.responses?.['200'])).toContain('unknown');
  });

  it('files every error body under application/json, on download routes too (they produce zip, csv or html when they succeed)', () => {
    const misfiled: string[] = [];
    let errors = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, { content?: object }> }>)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400 || response.content === undefined) continue;
          errors += 1;
          if (Object.keys(response.content).join() !== 'application/json') misfiled.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
    expect(misfiled).toEqual([]);
  });

  it('lists every error code of the taxonomy, 415 included', () => {
    expect(doc.info.description).toContain('UNSUPPORTED_MEDIA_TYPE 415');
    expect(doc.info.description).toContain('PERSON_ERASED 410');
  });

  it('is generated without swagger’s duplicate-DTO warning', () => {
    const warn = jest.spyOn(Logger, 'warn').mockImplementation(() => undefined);
    try {
      buildOpenApiDocument(api.app);
      const warnings = warn.mock.calls.map((call) => String(call[0]));
      expect(warnings.filter((w) => w.includes('Duplicate DTO'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
