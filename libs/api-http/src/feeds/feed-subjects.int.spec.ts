/**
 * The feed of nothing (real HTTP): `GET /api/feeds/{kind}:{id}` about a gathering, a theme, an experimentation, an
 * organisation, a catalyseur (a portfolio), a partnership or a room that does not exist is `404 NOT_FOUND`
 * (`{kind} {id} not found`), to catalyseurs and operators alike, not an empty page read as « nothing happened yet ».
 * A territory or an organisation is found when registered, or when what happened fills its feed (a partnership in a
 * territory never registered, between organisations never registered). The same `AccessPolicy.assertCanRead` answers the hub's `room:join` (its facts from the read models):
 * it says the same. After the table (a partner 403) and the query's validation (400); before a `since` past the head (409).
 */
import { AccessPolicy } from '@catalyse/auth';
import { AppError } from '@catalyse/protocol';
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';
import type { FeedPage } from './feed-page';

const MISSING: readonly [string, string][] = [
  ['gathering:zzz', 'gathering zzz not found'],
  ['theme:zzz', 'theme zzz not found'],
  ['territory:zzz', 'territory zzz not found'],
  ['experimentation:zzz', 'experimentation zzz not found'],
  ['organisation:zzz', 'organisation zzz not found'],
  ['partnership:zzz', 'partnership zzz not found'],
  ['room:zzz', 'room zzz not found'],
];
const FOUND = [
  'gathering:rencontre-2018',
  'theme:mobilite',
  'territory:ardeche',
  'territory:grand-lyon',
  'organisation:flda',
  // The partner of a partnership, never registered itself: its feed holds the partnership's milestones.
  'organisation:asso-1',
  'experimentation:agir-ensemble',
  'room:salon-mobilite',
];

describe('the feed of something that does not exist (HTTP, and the hub’s policy)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  let partner: string;
  const { send } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    partner = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    await joinCatalyseurs(api, ['cat-1']);
    await send(
      operator,
      '/api/territories',
      { id: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes' },
      201,
    );
    await send(operator, '/api/organisations', { id: 'flda', name: 'FLDA', kind: 'fondation', size: 'pme', territory: 'ardeche' }, 201);
    await send(
      catalyseur,
      '/api/gatherings',
      { id: 'rencontre-2018', kind: 'atelier', theme: 'Achats responsables', date: '2025-05-15', place: 'Privas' },
      201,
    );
    await send(catalyseur, '/api/rooms', { id: 'salon-mobilite', kind: 'theme', subject: 'mobilite', title: 'Mobilité', access: 'open' }, 201);
    await send(
      catalyseur,
      '/api/experimentations',
      {
        id: 'agir-ensemble',
        title: 'Agir ensemble',
        territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
        conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' }],
      },
      201,
    );
    // A territory only this partnership names (never registered): its feed holds the partnership's entries.
    const last = await send(
      catalyseur,
      '/api/partnerships',
      {
        title: 'Insertion',
        territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
          { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    await api.projected(last.position);
  });
  afterAll(async () => {
    await api.close();
  });

  const read = async (token: string, path: string) => {
    const answer = await api.request<ErrorBody>('GET', path, { token });
    return [answer.status, answer.body.code, answer.body.message];
  };

  it('a theme only a members-only room is about is not told to anyone (404 as a theme of nothing), members included', async () => {
    await send(catalyseur, '/api/rooms', { id: 'salon-secret', kind: 'theme', subject: 'secret', title: 'Secret', access: 'members' }, 201);
    const opened = await send(catalyseur, '/api/rooms', { id: 'salon-public', kind: 'theme', subject: 'public', title: 'Public', access: 'open' }, 201);
    await api.projected(opened.position);
    for (const token of [catalyseur, api.token({ sub: 'cat-2', role: 'catalyseur' }), operator]) {
      expect(await read(token, '/api/feeds/theme:secret')).toEqual([404, 'NOT_FOUND', 'theme secret not found']);
      expect((await api.request('GET', '/api/feeds/theme:public', { token })).status).toBe(200);
    }
  });

  it('404 NOT_FOUND for catalyseurs and operators, `{kind} {id} not found`; what exists is read', async () => {
    for (const token of [catalyseur, operator]) {
      for (const [key, message] of MISSING) {
        expect([key, ...(await read(token, `/api/feeds/${key}`))]).toEqual([key, 404, 'NOT_FOUND', message]);
      }
      for (const key of FOUND) {
        const answer = await api.request<FeedPage>('GET', `/api/feeds/${key}`, { token });
        expect([key, answer.status, answer.body.room]).toEqual([key, 200, key]);
      }
    }
    expect(await read(operator, '/api/feeds/portfolio:zzz')).toEqual([404, 'NOT_FOUND', 'catalyseur zzz not found']);
    expect((await api.request('GET', '/api/feeds/portfolio:cat-1', { token: operator })).status).toBe(200);
    expect((await api.request<FeedPage>('GET', '/api/feeds/territory:grand-lyon', { token: catalyseur })).body.entries.length).toBeGreaterThan(0);
  });

  it('reads at once what was just recorded, though only the read models know of it (waiting for the projector as the hub does)', async () => {
    // The projector a moment behind (stopped while the commands are recorded, started again once the reads wait).
    await api.projector.stop();
    const resume = (): void => void new Promise((resolve) => setTimeout(resolve, 300)).then(() => api.projector.start());
    await send(catalyseur, '/api/rooms', { id: 'salon-velo', kind: 'theme', subject: 'velo', title: 'Vélo', access: 'open' }, 201);
    resume();
    expect((await api.request<FeedPage>('GET', '/api/feeds/theme:velo', { token: catalyseur })).status).toBe(200);
    await api.projector.stop();
    await send(
      catalyseur,
      '/api/partnerships',
      {
        title: 'Réemploi',
        territory: { id: 'val-de-saone', name: 'Val de Saône', scale: 'local' },
        partners: [
          { orgId: 'asso-2', name: 'Asso 2', sphere: 'association' },
          { orgId: 'ent-2', name: 'Ent 2', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    resume();
    for (const key of ['territory:val-de-saone', 'organisation:asso-2']) {
      const answer = await api.request<FeedPage>('GET', `/api/feeds/${key}`, { token: operator });
      expect([key, answer.status, (answer.body.entries?.length ?? 0) > 0]).toEqual([key, 200, true]);
    }
  });

  it('after the table (403) and the query’s validation (400); before a since past the head (never a 409 about nothing)', async () => {
    expect(await read(partner, '/api/feeds/gathering:zzz')).toEqual([403, 'FORBIDDEN', 'the gathering rooms are for catalyseurs']);
    expect((await read(catalyseur, '/api/feeds/gathering:zzz?limit=abc'))[0]).toBe(400);
    expect(await read(catalyseur, '/api/feeds/gathering:zzz?since=5')).toEqual([404, 'NOT_FOUND', 'gathering zzz not found']);
    expect(await read(operator, '/api/feeds/territory:zzz?since=5')).toEqual([404, 'NOT_FOUND', 'territory zzz not found']);
  });

  it('the hub’s policy (the read models’ facts) answers its joins alike', async () => {
    const hub = api.app.get(AccessPolicy);
    const outcome = async (principal: Parameters<AccessPolicy['assertCanRead']>[0], key: string): Promise<string> => {
      try {
        await hub.assertCanRead(principal, key);
        return 'allowed';
      } catch (error) {
        return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    for (const principal of [
      { sub: 'cat-1', role: 'catalyseur' as const },
      { sub: 'op-1', role: 'operator' as const },
    ]) {
      for (const [key, message] of MISSING) expect([key, await outcome(principal, key)]).toEqual([key, `NOT_FOUND: ${message}`]);
      for (const key of FOUND) expect([key, await outcome(principal, key)]).toEqual([key, 'allowed']);
    }
  });
});
