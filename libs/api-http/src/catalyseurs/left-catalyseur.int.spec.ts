import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

/**
 * A catalyseur who left the network has no access any more (docs/adr/0025-who-accompanies-a-partnership.md): their
 * token may still be valid and they stay assigned to their partnerships until released, but every route but their
 * own profile and portfolio answers 403 FORBIDDEN, at once (the write side's facts, not the projector's). Before,
 * they went on steering their partnerships and posting.
 */
describe('a catalyseur who left the network (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let leaving: string;
  let staying: string;
  const PARTNERSHIP = {
    id: 'p-depart',
    title: 'Mobilité partagée',
    territory: { id: 'drome', name: 'Drôme', scale: 'local' },
    partners: [
      { orgId: 'asso-m', name: 'Mobilité Drôme', sphere: 'association' },
      { orgId: 'ent-m', name: 'Transports SA', sphere: 'entreprise' },
    ],
    modes: ['mecenat'],
  };

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-05T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    leaving = api.token({ sub: 'cat-leo', role: 'catalyseur' });
    staying = api.token({ sub: 'cat-sam', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-leo', 'cat-sam'], 'drome');
    await send(leaving, '/api/partnerships', PARTNERSHIP, 201);
    await send(leaving, '/api/partnerships/p-depart/assign-catalyseur', { catalyseurId: 'cat-sam' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('before leaving, steers the partnership', async () => {
    await send(leaving, '/api/partnerships/p-depart/plan-milestone', { milestoneId: 'm-1', title: 'Premier trajet', dueDate: '2027-01-15' });
  });

  it('once left, is refused 403 on every command and read but their own profile and portfolio; nothing is written', async () => {
    await send(leaving, '/api/catalyseurs/cat-leo/leave-network', { reason: 'nouveau poste' });
    const head = await events.headPosition();
    const ended = 'catalyseur cat-leo left the network: their access ended';
    const commands: [string, unknown][] = [
      ['/api/partnerships/p-depart/plan-milestone', { milestoneId: 'm-2', title: 'Bilan', dueDate: '2027-02-01' }],
      ['/api/partnerships', { ...PARTNERSHIP, id: 'p-apres' }],
      ['/api/catalyseurs/cat-leo/update-profile', { skills: ['mise_en_relation'] }],
    ];
    for (const [path, body] of commands) expect((await refused(leaving, 'POST', path, body, 403, 'FORBIDDEN')).message).toBe(ended);
    for (const path of ['/api/partnerships/p-depart', '/api/catalyseurs', '/api/catalyseurs/cat-sam', '/api/feeds/partnership:p-depart']) {
      expect((await refused(leaving, 'GET', path, undefined, 403, 'FORBIDDEN')).message).toBe(ended);
    }
    expect(await events.headPosition()).toBe(head);
    expect(await get(leaving, '/api/catalyseurs/cat-leo')).toMatchObject({ id: 'cat-leo', status: 'left' });
    expect(await get(leaving, '/api/catalyseurs/cat-leo/portfolio')).toMatchObject({ catalyseurId: 'cat-leo' });
    expect(await get(leaving, '/api/feeds/portfolio:cat-leo')).toMatchObject({ room: 'portfolio:cat-leo' });
    expect((await refused(leaving, 'GET', '/api/feeds/portfolio:cat-sam', undefined, 403, 'FORBIDDEN')).message).toBe(ended);
  });

  it('stays assigned until released: the catalyseur who stayed and operators go on, and release them', async () => {
    await send(staying, '/api/partnerships/p-depart/plan-milestone', { milestoneId: 'm-3', title: 'Relais', dueDate: '2027-03-01' });
    await send(staying, '/api/partnerships/p-depart/release-catalyseur', { catalyseurId: 'cat-leo', reason: 'a quitté le réseau' });
    expect(await get(operator, '/api/partnerships/p-depart')).toMatchObject({ catalyseurs: ['cat-sam'] });
  });
});
