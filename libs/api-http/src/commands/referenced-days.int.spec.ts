/**
 * The day a catalyseur joined the network, as the api gives it to the deciders (`catalyseurJoinedOn`), from streams
 * written by hand (real SQLite, real HTTP): a catalyseur who left and joined again is dated from its first joining (a
 * fact of its first membership is accepted, one before it still refused), and a `joinedAt` that is neither a date nor
 * an instant is not compared (the fact is recorded) rather than a 500.
 */
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const PROFILE = { name: 'Cat', sphere: 'association', territory: 'ardeche', skills: ['accompagnement_partenariat'] };

describe('HTTP api: the day a catalyseur joined the network, from its stream', () => {
  let api: ApiHarness;
  let events: EventStore;
  let operator: string;
  const { send, refused } = httpSteps(() => api);

  const written = (type: string, data: Record<string, unknown>) => ({
    id: randomUUID(),
    type,
    data,
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'script', occurredAt: '2026-12-04T10:00:00.000Z', schemaVersion: 1 },
  });
  const open = (catalyseurId: string, id: string, openedOn: string) => ({ id, organisationId: 'flda', purpose: 'préparer', openedOn, catalyseurId });
  const typesOf = async (stream: string): Promise<string[]> => (await events.readStream(stream)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    await send(operator, '/api/organisations', { id: 'flda', name: 'FLDA', kind: 'fondation', size: 'pme', territory: 'ardeche' }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('dates a catalyseur who left and joined again from its first joining', async () => {
    await events.append(
      'catalyseur-cat-back',
      [
        written('CatalyseurJoined', { catalyseurId: 'cat-back', ...PROFILE, joinedAt: '2010-03-01' }),
        written('CatalyseurLeft', { leftAt: '2015-01-01T00:00:00.000Z' }),
        written('CatalyseurJoined', { catalyseurId: 'cat-back', ...PROFILE, joinedAt: '2020-06-01T08:00:00.000Z' }),
      ],
      { expectedRevision: 'no_stream' },
    );
    const catalyseur = api.token({ sub: 'cat-back', role: 'catalyseur' });
    // A fact of its first membership: the re-join's day (2020-06-01) refused it.
    await send(catalyseur, '/api/accompaniments', open('cat-back', 'acc-first', '2012-05-10'), 201);
    expect(await typesOf('accompaniment-acc-first')).toEqual(['AccompanimentOpened']);
    // Before its first joining: still refused, naming that day.
    const before = await refused(catalyseur, 'POST', '/api/accompaniments', open('cat-back', 'acc-early', '2009-12-31'), 422, 'RULE_VIOLATED');
    expect(before.message).toBe(
      'the opening of the accompaniment (2009-12-31) cannot be earlier than the day catalyseur "cat-back" joined the network (2010-03-01)',
    );
    expect(await typesOf('accompaniment-acc-early')).toEqual([]);
  });

  it('does not compare with a joining time that is neither a date nor an instant: the fact is recorded, no 500', async () => {
    await events.append('catalyseur-cat-odd', [written('CatalyseurJoined', { catalyseurId: 'cat-odd', ...PROFILE, joinedAt: 'inconnu' })], {
      expectedRevision: 'no_stream',
    });
    const catalyseur = api.token({ sub: 'cat-odd', role: 'catalyseur' });
    await send(catalyseur, '/api/accompaniments', open('cat-odd', 'acc-odd', '2012-05-10'), 201);
    expect(await typesOf('accompaniment-acc-odd')).toEqual(['AccompanimentOpened']);
  });
});
