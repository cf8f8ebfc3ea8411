/**
 * Organisations over HTTP (real SQLite files, real projector, real HTTP): FLDA
 * registered with its SIREN, renamed and moved to another size band, its
 * alliance strategy recorded; read live, as of a date, and in the list by
 * territory and kind. Refusals are 4xx with a code and change nothing stored;
 * a partner reads its own organisation only.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Page {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: string;
  readonly size: string;
  readonly territoryId: string;
  readonly registryNumber?: string;
  readonly registry?: string;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly strategy?: { maturity: string; objectiveFamilies: string[]; recordedOn: string };
  readonly revision: number;
  readonly position: number;
  readonly cut?: Record<string, unknown>;
}
interface List {
  readonly items: Page[];
  readonly total: number;
}

const FLDA = 'flda';
const FLDA_BODY = {
  id: FLDA,
  name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
  kind: 'fondation',
  size: 'pme',
  territory: 'ardeche',
  registryNumber: '775672272',
};

describe('HTTP api: organisations, their profile and alliance strategy', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let fldaPartner: string;
  let otherPartner: string;

  beforeAll(async () => {
    api = await startApi({ now: '2014-03-01T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    fldaPartner = api.token({ sub: 'marie', role: 'partner', org: FLDA });
    otherPartner = api.token({ sub: 'eve', role: 'partner', org: 'cg-ardeche' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('FLDA: registered, renamed, its strategy recorded; the page follows each write, and is read as it was', async () => {
    const created = await send(catalyseur, '/api/organisations', { ...FLDA_BODY, registeredAt: '2014-01-06' }, 201);
    expect(created).toMatchObject({ id: FLDA, revision: 0, position: expect.any(Number) });
    const renamed = await send(operator, `/api/organisations/${FLDA}/update-profile`, { name: 'FLDA', size: 'eti' });
    expect(renamed.revision).toBe(1);
    const strategy = await send(catalyseur, `/api/organisations/${FLDA}/record-strategy`, {
      maturity: 'engagee',
      objectiveFamilies: ['parties_prenantes', 'innovation'],
    });
    const page = await get<Page>(catalyseur, `/api/organisations/${FLDA}?minRevision=${strategy.revision}`);
    expect(page).toMatchObject({
      organisationId: FLDA,
      name: 'FLDA',
      kind: 'fondation',
      size: 'eti',
      territoryId: 'ardeche',
      registryNumber: '775672272',
      registry: 'siren',
      registeredAt: '2014-01-06',
      strategy: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01' },
      revision: 2,
      position: strategy.position,
    });
    expect(page.updatedAt).toBe('2014-03-01T08:00:00.000Z');

    // As it was the day it was registered (by the dates the events carry): its first name, no strategy yet.
    const asOf = await get<Page>(catalyseur, `/api/organisations/${FLDA}?asOf=2014-01-06`);
    expect(asOf).toMatchObject({ name: FLDA_BODY.name, size: 'pme', cut: { time: '2014-01-06', clock: 'happened' } });
    expect(asOf).not.toHaveProperty('strategy');

    // The partner of the organisation reads it.
    expect((await get<Page>(fldaPartner, `/api/organisations/${FLDA}`)).name).toBe('FLDA');
  });

  it('lists the organisations by territory and kind, paged', async () => {
    const association = await send(
      operator,
      '/api/organisations',
      { id: 'csc-privas', name: 'Centre social de Privas', kind: 'association', size: 'tpe', territory: 'ardeche', registryNumber: 'W073001234' },
      201,
    );
    const elsewhere = await send(
      operator,
      '/api/organisations',
      { id: 'mairie-lyon', name: 'Ville de Lyon', kind: 'collectivite', size: 'grande', territory: 'lyon' },
      201,
    );
    await api.projected(Math.max(association.position, elsewhere.position));
    const ardeche = await get<List>(catalyseur, '/api/organisations?territory=ardeche');
    expect(ardeche.items.map((o) => o.organisationId).sort()).toEqual(['csc-privas', FLDA]);
    expect(ardeche.total).toBe(2);
    const associations = await get<List>(operator, '/api/organisations?territory=ardeche&kind=association');
    expect(associations.items.map((o) => [o.organisationId, o.registry])).toEqual([['csc-privas', 'rna']]);
    expect((await get<List>(operator, '/api/organisations?maturity=engagee&objective=innovation')).items.map((o) => o.organisationId)).toEqual([FLDA]);
    expect((await get<List>(operator, '/api/organisations?kind=entreprise')).items).toEqual([]);
  });

  it('refuses, and stores nothing: a duplicate id (409), a bad SIREN or RNA number or an empty update (400), a rule broken (422), an unknown one (404)', async () => {
    const before = await events.readStream(`organisation-${FLDA}`);
    await refused(operator, 'POST', '/api/organisations', FLDA_BODY, 409, 'CONFLICT');
    for (const registryNumber of ['775672273', '77567227', '775 672 272', 'w073001234', 42]) {
      const body = await refused(operator, 'POST', '/api/organisations', { ...FLDA_BODY, id: 'autre', registryNumber }, 400, 'VALIDATION');
      expect(body.details?.map((d) => d.field)).toEqual(['registryNumber']);
    }
    await refused(operator, 'POST', `/api/organisations/${FLDA}/update-profile`, { registryNumber: '356000001' }, 400, 'VALIDATION');
    await refused(operator, 'POST', '/api/organisations', { ...FLDA_BODY, id: 'autre', kind: 'universite' }, 400, 'VALIDATION');
    await refused(operator, 'POST', `/api/organisations/${FLDA}/update-profile`, {}, 400, 'VALIDATION');
    const earlier = await refused(
      catalyseur,
      'POST',
      `/api/organisations/${FLDA}/record-strategy`,
      { maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2014-01-05' },
      422,
      'RULE_VIOLATED',
    );
    expect(earlier.message).toContain('the registration of the organisation');
    await refused(
      catalyseur,
      'POST',
      `/api/organisations/${FLDA}/record-strategy`,
      { maturity: 'engagee', objectiveFamilies: ['innovation', 'innovation'] },
      400,
      'VALIDATION',
    );
    await refused(
      catalyseur,
      'POST',
      '/api/organisations/inconnue/record-strategy',
      { maturity: 'engagee', objectiveFamilies: ['innovation'] },
      404,
      'NOT_FOUND',
    );
    await refused(catalyseur, 'GET', '/api/organisations/inconnue', undefined, 404, 'NOT_FOUND');
    expect(await events.readStream(`organisation-${FLDA}`)).toEqual(before);
    expect(await events.readStream('organisation-autre')).toEqual([]);
  });

  it('a partner reads its own organisation only, acts on none and does not list them (403)', async () => {
    await refused(otherPartner, 'GET', `/api/organisations/${FLDA}`, undefined, 403, 'FORBIDDEN');
    await refused(fldaPartner, 'GET', '/api/organisations/csc-privas', undefined, 403, 'FORBIDDEN');
    await refused(fldaPartner, 'GET', '/api/organisations?territory=ardeche', undefined, 403, 'FORBIDDEN');
    await refused(fldaPartner, 'POST', `/api/organisations/${FLDA}/update-profile`, { name: 'Autre nom' }, 403, 'FORBIDDEN');
    await refused(fldaPartner, 'POST', '/api/organisations', { ...FLDA_BODY, id: 'flda-2' }, 403, 'FORBIDDEN');
    expect((await get<Page>(catalyseur, `/api/organisations/${FLDA}`)).name).toBe('FLDA');
  });
});
