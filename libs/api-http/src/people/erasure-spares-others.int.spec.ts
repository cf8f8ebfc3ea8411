import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, eraseAndWait, httpSteps, startApi } from '../test-support/api-harness';

const ERASED = '[effacé]';

/**
 * An erasure removes the person's data and nothing of anyone else's (docs/adr/0006-personal-data.md, amendment of
 * 2026-12-05). The outside testers' cases: a catalyseur named « Lyon » erased rewrote « Lyonnaise des Eaux »,
 * « Marc Lyonnet » and « Métropole de Lyon » for good, in the read models and in the log; « Camille Martin » erased
 * turned « Camille Martinez » into « [effacé]ez »; a catalyseur named « e » wedged the projector (the tombstone holds
 * an « e »), so nothing recorded afterwards was read any more. A name is found as whole words only; a name of one word
 * is a whole value beside the person's id only.
 */
describe('an erasure spares other people’s and organisations’ data (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  const { send, get } = httpSteps(() => api);
  let operator: string;

  const join = (id: string, name: string): Promise<unknown> =>
    send(operator, '/api/catalyseurs', { id, name, sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }, 201);
  const erase = (person: string): Promise<void> => eraseAndWait(api, operator, person);
  const exported = async (): Promise<string> => {
    const answer = await fetch(`${api.url}/api/exports/events`, { headers: { authorization: `Bearer ${operator}` } });
    expect(answer.status).toBe(200);
    return answer.text();
  };
  let roomId = '';
  const PARTNERSHIP = {
    id: 'p-un',
    title: 'Eau partagée',
    territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
    partners: [
      { orgId: 'asso-eau', name: 'Eau Vive', sphere: 'association' },
      { orgId: 'ent-eau', name: 'Eaux SA', sphere: 'entreprise' },
    ],
    modes: ['mecenat'],
  };
  const texts = async (): Promise<string[]> =>
    (await get<{ entries: { data: { text?: string } }[] }>(operator, `/api/rooms/${roomId}/feed`)).entries.flatMap((e) => (e.data.text ? [e.data.text] : []));
  const nameOf = async (id: string): Promise<string> => (await get<{ name: string }>(operator, `/api/catalyseurs/${id}`)).name;

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-05T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await join('cat-lyon', 'Lyon');
    await join('cat-marc', 'Marc Lyonnet');
    await join('cat-camille', 'Camille Martin');
    await join('cat-martinez', 'Camille Martinez');
    await join('cat-compose', 'Camille Martin-Dupont');
    await join('cat-e', 'e');
    await send(
      operator,
      '/api/organisations',
      { id: 'lyonnaise', name: 'Lyonnaise des Eaux', kind: 'entreprise', size: 'grande', territory: 'grand-lyon' },
      201,
    );
    const room = await send(operator, '/api/rooms', { kind: 'theme', subject: 'eau', title: 'Métropole de Lyon', access: 'open' }, 201);
    await send(operator, `/api/rooms/${room.id}/post-message`, { clientMsgId: 'm-1', text: 'Vu avec Camille Martin et Camille Martinez à Lyon' });
    // The third outside pass: a name equal to an id, inside a longer name, equal to an organisation's, holding the tombstone.
    await join('cat-h', 'Hélène Vidal');
    await join('cat-p1', 'p-un');
    await join('cat-anne', 'Anne Marie Martin');
    await join('cat-marie', 'Marie Martin');
    await join('cat-sg', 'Silver Geek');
    await join('cat-tomb', '[effacé] x');
    const helene = api.token({ sub: 'cat-h', role: 'catalyseur' });
    await send(helene, '/api/partnerships', PARTNERSHIP, 201);
    await send(helene, '/api/partnerships/p-un/assign-catalyseur', { catalyseurId: 'cat-p1' });
    await send(operator, '/api/organisations', { id: 'silver-geek', name: 'Silver Geek', kind: 'association', size: 'tpe', territory: 'grand-lyon' }, 201);
    await send(operator, `/api/rooms/${room.id}/post-message`, { clientMsgId: 'm-2', text: 'Merci Silver Geek pour l’atelier' });
    await send(operator, `/api/rooms/${room.id}/post-message`, { clientMsgId: 'm-3', text: `[effacé]${' x'.repeat(40)}` });
    roomId = room.id;
    await api.projected(await events.headPosition());
  });
  afterAll(async () => {
    await api.close();
  });

  it('a one-word name: the person’s own card reads [effacé]; the same word in others’ names and texts stays, in the read models and the log', async () => {
    await erase('cat-lyon');
    expect(await nameOf('cat-lyon')).toBe(ERASED);
    expect(await nameOf('cat-marc')).toBe('Marc Lyonnet');
    expect((await get<{ name: string }>(operator, '/api/organisations/lyonnaise')).name).toBe('Lyonnaise des Eaux');
    const log = await exported();
    for (const kept of ['Marc Lyonnet', 'Lyonnaise des Eaux', 'Métropole de Lyon', 'Camille Martinez à Lyon']) expect(log).toContain(kept);
  });

  it('a name of two words: whole words only (« Camille Martinez », « Camille Martin-Dupont » stay), in the read models and the log', async () => {
    await erase('cat-camille');
    expect(await nameOf('cat-camille')).toBe(ERASED);
    expect(await nameOf('cat-martinez')).toBe('Camille Martinez');
    expect(await nameOf('cat-compose')).toBe('Camille Martin-Dupont');
    const log = await exported();
    expect(log).toContain(`Vu avec ${ERASED} et Camille Martinez à Lyon`);
    expect(log).not.toContain('Camille Martin ');
  });

  it('a name the tombstone holds (« e »): erased, and the projector goes on (a command after it is read)', async () => {
    await erase('cat-e');
    expect(await nameOf('cat-e')).toBe(ERASED);
    const after = await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-apres', name: 'Après Tout', sphere: 'association', territory: 'grand-lyon', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
      201,
    );
    await api.projected(after.position);
    expect(await nameOf('cat-apres')).toBe('Après Tout');
  });

  it('a name equal to an id (« p-un »): the partnership p-un keeps its id and who accompanies it', async () => {
    await erase('cat-p1');
    expect(await nameOf('cat-p1')).toBe(ERASED);
    expect(await get(operator, '/api/partnerships/p-un')).toMatchObject({ id: 'p-un', catalyseurs: ['cat-h', 'cat-p1'] });
    const listed = await get<{ items: { id: string }[] }>(operator, '/api/partnerships?catalyseur=cat-h');
    expect(listed.items.map((p) => p.id)).toEqual(['p-un']);
  });

  it('a name inside another person’s longer name (« Marie Martin » in « Anne Marie Martin »): the other person’s name stays, in the log too', async () => {
    await erase('cat-marie');
    expect(await nameOf('cat-marie')).toBe(ERASED);
    expect(await nameOf('cat-anne')).toBe('Anne Marie Martin');
    expect(await exported()).toContain('"name":"Anne Marie Martin"');
  });

  it('a name equal to an organisation’s (« Silver Geek »): the organisation keeps its name; a message thanking the person is redacted', async () => {
    await erase('cat-sg');
    expect((await get<{ name: string }>(operator, '/api/organisations/silver-geek')).name).toBe('Silver Geek');
    expect(await exported()).toContain('"name":"Silver Geek"');
    expect(await texts()).toContain(`Merci ${ERASED} pour l’atelier`);
  });

  it('a name holding the tombstone (« [effacé] x ») in a text that rebuilds it: erased, and the projector goes on', async () => {
    await erase('cat-tomb');
    expect(await nameOf('cat-tomb')).toBe(ERASED);
    const after = await send(operator, `/api/rooms/${roomId}/post-message`, { clientMsgId: 'm-4', text: 'Après l’effacement' });
    await api.projected(after.position);
    expect(await texts()).toContain('Après l’effacement');
  });
});
