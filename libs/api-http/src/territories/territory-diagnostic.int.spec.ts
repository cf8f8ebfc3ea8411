/**
 * The territory diagnostic over HTTP (real SQLite files, real projector): the Centre-Val de Loire example of the tool
 * "Connaître son écosystème" — its key figures with their shares of France, indicators against the national average,
 * an action answering its shared priority (vieillissement) carried by actors of the territory — read back on the
 * profile; then every refusal of `record-key-figures`, `record-indicators` and `record-action` — 400, 403, 404, 409,
 * 422 — leaving the log, the profile and the feeds as they were.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Profile {
  readonly domains: { domain: string }[];
  readonly keyFigures?: { recordedOn: string; source?: string; figures: { key: string; value: number; shareOfFrance?: number }[] };
  readonly indicatorsAgainstNational: { name: string; gap: number; comparedToNational: string }[];
  readonly needs: { domain: string; highPriority: boolean; actionIds: string[]; actorIds: string[] }[];
}

const ID = 'centre-val-de-loire';

describe('HTTP api: the territory diagnostic — key figures, indicators, actions', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  let partner: string;
  const t = (command: string, id = ID): string => `/api/territories/${id}/${command}`;

  beforeAll(async () => {
    api = await startApi({ now: '2017-02-01T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-centre', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'uriopss-centre' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('records the key figures, the indicators and an action; the profile gives the gaps and the triptych', async () => {
    await send(
      catalyseur,
      '/api/territories',
      { id: ID, name: 'Centre-Val de Loire', typology: 'rural', level: 'regional', region: 'Centre-Val de Loire', registeredAt: '2016-09-01' },
      { status: 201 },
    );
    await send(catalyseur, t('register-actor'), { orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' });
    await send(catalyseur, t('register-actor'), { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' });
    await send(catalyseur, t('record-diagnostic'), {
      diagnosedOn: '2016-10-03',
      ratings: [
        { domain: 'vieillissement', sphere: 'association', priority: 'haute' },
        { domain: 'vieillissement', sphere: 'collectivite', priority: 'haute' },
      ],
    });
    await send(catalyseur, t('record-key-figures'), {
      recordedOn: '2016-10-03',
      source: 'Diagnostics sectoriels, Comisis 2016',
      figures: [
        { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
        { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 },
      ],
    });
    await send(catalyseur, t('record-indicators'), {
      measuredOn: '2016-10-03',
      indicators: [{ domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.6, nationalAverage: 9.3, unit: '%' }],
    });
    const acted = await send(catalyseur, t('record-action'), {
      actionId: 'maintien-a-domicile',
      title: 'Coordination du maintien à domicile',
      domains: ['vieillissement', 'isolement'],
      actorIds: ['region-cvl', 'uriopss-centre'],
      startedOn: '2017-01-09',
    });
    const { territory: profile } = await get<{ territory: Profile }>(catalyseur, `/api/territories/${ID}?minRevision=${acted.revision}`);
    expect(profile.domains).toHaveLength(16);
    expect(profile.keyFigures?.figures.map((f) => [f.key, f.value, f.shareOfFrance])).toEqual([
      ['population', 2_500_000, 4],
      ['pib', 67, 3],
    ]);
    expect(profile.indicatorsAgainstNational).toEqual([expect.objectContaining({ name: 'Part des 75 ans et plus', gap: 1.3, comparedToNational: 'above' })]);
    expect(profile.needs).toEqual([
      { domain: 'vieillissement', label: 'Vieillissement', highPriority: true, actionIds: ['maintien-a-domicile'], actorIds: ['region-cvl', 'uriopss-centre'] },
      { domain: 'isolement', label: 'Isolement', highPriority: false, actionIds: ['maintien-a-domicile'], actorIds: ['region-cvl', 'uriopss-centre'] },
    ]);
  });

  it('refuses what breaks a rule, what is malformed, what is not one’s to do, and changes nothing', async () => {
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      profile: await get<Profile>(operator, `/api/territories/${ID}`),
      feed: (await get<{ head: number }>(operator, `/api/feeds/territory:${ID}?limit=1`)).head,
    });
    const before = await stored();

    // 400: each field named
    const figures = await refused(
      catalyseur,
      'POST',
      t('record-key-figures'),
      { figures: [{ key: 'pib', label: 'PIB', value: 'beaucoup', shareOfFrance: 130 }] },
      400,
      'VALIDATION',
    );
    expect(figures.details?.map((d) => d.field).sort()).toEqual(['figures.0.shareOfFrance', 'figures.0.value']);
    const indicators = await refused(
      catalyseur,
      'POST',
      t('record-indicators'),
      { indicators: [{ domain: 'emploi', name: 'Chômage', value: 9 }] },
      400,
      'VALIDATION',
    );
    expect(indicators.details?.map((d) => d.field)).toEqual(['indicators.0.nationalAverage']);
    const action = await refused(catalyseur, 'POST', t('record-action'), { title: 'x', domains: [], actorIds: ['bad id'] }, 400, 'VALIDATION');
    expect(action.details?.map((d) => d.field).sort()).toEqual(['actionId', 'actorIds']);
    // 403: partners do not keep the territories
    await refused(partner, 'POST', t('record-key-figures'), { figures: [] }, 403, 'FORBIDDEN');
    await refused(partner, 'POST', t('record-indicators'), {}, 403, 'FORBIDDEN');
    await refused(partner, 'POST', t('record-action'), {}, 403, 'FORBIDDEN');
    // 404: no such territory
    await refused(catalyseur, 'POST', t('record-key-figures', 'inconnu'), { figures: [{ key: 'pib', label: 'PIB', value: 1 }] }, 404, 'NOT_FOUND');
    await refused(
      catalyseur,
      'POST',
      t('record-indicators', 'inconnu'),
      { indicators: [{ domain: 'emploi', name: 'C', value: 1, nationalAverage: 1 }] },
      404,
      'NOT_FOUND',
    );
    await refused(
      catalyseur,
      'POST',
      t('record-action', 'inconnu'),
      { actionId: 'a', title: 'A', domains: ['emploi'], actorIds: ['region-cvl'] },
      404,
      'NOT_FOUND',
    );
    // 409: the same action twice
    await refused(
      catalyseur,
      'POST',
      t('record-action'),
      { actionId: 'maintien-a-domicile', title: 'A', domains: ['emploi'], actorIds: ['region-cvl'] },
      409,
      'CONFLICT',
    );
    // 422: earlier than the current ones, an unknown domain, an organisation that is not an actor
    await refused(
      catalyseur,
      'POST',
      t('record-key-figures'),
      { recordedOn: '2016-09-15', figures: [{ key: 'pib', label: 'PIB', value: 1 }] },
      422,
      'RULE_VIOLATED',
    );
    await refused(
      catalyseur,
      'POST',
      t('record-indicators'),
      { indicators: [{ domain: 'tourisme', name: 'Nuitées', value: 1, nationalAverage: 1 }] },
      422,
      'RULE_VIOLATED',
    );
    const notAnActor = await refused(
      catalyseur,
      'POST',
      t('record-action'),
      { actionId: 'b', title: 'B', domains: ['emploi'], actorIds: ['essilor'] },
      422,
      'RULE_VIOLATED',
    );
    expect(notAnActor.message).toBe('organisation "essilor" is not an actor of this territory');

    expect(await stored()).toEqual(before);
  });
});
