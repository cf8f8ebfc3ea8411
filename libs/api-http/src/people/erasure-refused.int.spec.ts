import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

/**
 * An erasure refused is refused before it begins (docs/adr/0006-personal-data.md): once begun, the person's fields
 * are unreadable and only the recorded `PersonalDataErased` lets the projector finish it. An operator asking for
 * their own erasure, or an operator whose own data are being erased asking for someone else's, left that person
 * « being erased » for ever, with no event and their data still in the read models.
 */
describe('an erasure the api refuses begins nothing', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let op1: string;
  let op3: string;

  beforeAll(async () => {
    api = await startApi();
    events = api.app.get<EventStore>(EVENT_STORE);
    op1 = api.token({ sub: 'op-1', role: 'operator' });
    op3 = api.token({ sub: 'op-3', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  const status = async (id: string): Promise<string> => (await get<{ status: string }>(op1, `/api/people/${id}`)).status;
  const erase = (token: string, id: string, code: number): Promise<unknown> =>
    api.request('POST', `/api/people/${id}/erase`, { token, body: { reason: 'request_of_the_person' } }).then((answer) => {
      expect({ id, status: answer.status }).toEqual({ id, status: code });
      return answer.body;
    });

  it('refuses an operator’s own erasure (403) and a caller being erased (410), recording nothing; another operator then erases both', async () => {
    // op-3 holds personal data (a message it posted); cat-zed too (its profile).
    await send(op3, '/api/rooms', { id: 'coordination', kind: 'theme', subject: 'oubli', title: 'Coordination', access: 'open' }, 201);
    await send(op3, '/api/rooms/coordination/post-message', { clientMsgId: 'op3-1', text: 'Bonjour à toutes et tous' });
    await send(op1, '/api/catalyseurs', { id: 'cat-zed', name: 'Zed Zorro', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }, 201);
    expect(await status('op-3')).toBe('active');
    const head = await events.headPosition();

    const own = await refused(op3, 'POST', '/api/people/op-3/erase', { reason: 'request_of_the_person' }, 403, 'FORBIDDEN');
    expect(own.message).toBe('an operator does not erase their own personal data (op-3): another operator does');
    expect(await status('op-3')).toBe('active');
    expect(await events.headPosition()).toBe(head);

    await erase(op1, 'op-3', 202);
    expect(['erasing', 'erased']).toContain(await status('op-3'));

    // op-3, whose data are being erased (or erased), may record nothing: not even someone else's erasure.
    const byErased = await refused(op3, 'POST', '/api/people/cat-zed/erase', { reason: 'objection' }, 410, 'PERSON_ERASED');
    expect(byErased.message).toContain('op-3');
    expect(await status('cat-zed')).toBe('active');
    expect((await get<{ name: string }>(op1, '/api/catalyseurs/cat-zed')).name).toBe('Zed Zorro');

    await erase(op1, 'cat-zed', 202);
    expect(['erasing', 'erased']).toContain(await status('cat-zed'));
  });
});
