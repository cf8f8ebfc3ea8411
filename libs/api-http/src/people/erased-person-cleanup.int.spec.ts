import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Table {
  readonly name: string;
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * Erasure leaves nothing an operator cannot clean up (README, docs/adr/0006-personal-data.md): once a catalyseur's
 * personal data are erased, the commands that END a relation with them, run by someone else, are recorded — their
 * release from a partnership, their leaving the network recorded by an operator, their removal from a room, the
 * closing of their accompaniment — with nothing personal about them (a reason would be theirs: 410, nothing
 * recorded). Everything that adds about them stays 410, a session or a maturity on their accompaniment included.
 * The outside tester's repro: after `ops erase cat-claire`, « Accompagné par : [effacé] (cat-claire) » for ever.
 */
describe('an erased catalyseur is detached from everything, with nothing personal recorded (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let sealed: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let bruno: string;

  const PARTNERSHIP = {
    id: 'lien-bois',
    title: 'Filière bois',
    territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
    partners: [
      { orgId: 'org-t', name: 'Tiers-lieu', sphere: 'association' },
      { orgId: 'ent-1', name: 'Scierie SA', sphere: 'entreprise' },
    ],
    modes: ['mecenat'],
  };

  const members = async (): Promise<unknown> => {
    const answer = await get<{ tables: readonly Table[] }>(operator, '/api/observatory/catalyseurs');
    return answer.tables.find((table) => table.name === 'by_status')?.rows.find((row) => row['status'] === 'member')?.['count'];
  };

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    sealed = api.app.get<PersonalDataEventStore>(PERSONAL_DATA).inner;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    bruno = api.token({ sub: 'cat-bruno', role: 'catalyseur' });
    await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-claire', name: 'Claire Dubois', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
      201,
    );
    await joinCatalyseurs(api, ['cat-bruno'], 'ardeche');
    await send(operator, '/api/organisations', { id: 'org-t', name: 'Tiers-lieu', kind: 'association', size: 'tpe', territory: 'ardeche' }, 201);
    await send(operator, '/api/partnerships', PARTNERSHIP, 201);
    await send(operator, '/api/partnerships/lien-bois/assign-catalyseur', { catalyseurId: 'cat-claire' });
    await send(operator, '/api/partnerships/lien-bois/assign-catalyseur', { catalyseurId: 'cat-bruno' });
    await send(operator, '/api/rooms', { id: 'salon-bois', kind: 'theme', subject: 'bois', title: 'Salon du bois', access: 'members' }, 201);
    await send(operator, '/api/rooms/salon-bois/add-member', { memberId: 'cat-claire' });
    await send(operator, '/api/accompaniments', { id: 'acc-claire', organisationId: 'org-t', catalyseurId: 'cat-claire', purpose: 'Préparer' }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('releases, records the departure, removes and closes after the erasure; a reason or anything adding about them is 410', async () => {
    await api.projected(await events.headPosition());
    expect(await members()).toBe(2);
    const erasure = await api.request('POST', '/api/people/cat-claire/erase', { token: operator, body: { reason: 'request_of_the_person' } });
    expect(erasure.status).toBe(202);

    // A reason would be sealed under the erased person's key: refused, nothing recorded, telling to send it without.
    const head = await events.headPosition();
    const release = await refused(
      operator,
      'POST',
      '/api/partnerships/lien-bois/release-catalyseur',
      { catalyseurId: 'cat-claire', reason: 'a quitté la région' },
      410,
      'PERSON_ERASED',
    );
    expect(release.message).toBe('the personal data of cat-claire was erased: release them without a reason (nothing personal may be recorded about them)');
    const leave = await refused(operator, 'POST', '/api/catalyseurs/cat-claire/leave-network', { reason: 'déménagement' }, 410, 'PERSON_ERASED');
    expect(leave.message).toBe(
      'the personal data of cat-claire was erased: record their departure without a reason (nothing personal may be recorded about them)',
    );
    // Adding about them stays refused: assigning them again, adding them to a room, a session or a maturity on their accompaniment.
    const erased = 'the personal data of cat-claire was erased: nothing more may be recorded about them';
    for (const [path, body] of [
      ['/api/partnerships/lien-bois/assign-catalyseur', { catalyseurId: 'cat-claire' }],
      ['/api/accompaniments/acc-claire/hold-session', { topics: ['gouvernance'], summary: 'Point d’étape' }],
      ['/api/accompaniments/acc-claire/record-maturity', { maturity: 'engagee', objectiveFamilies: ['innovation'] }],
      ['/api/accompaniments', { id: 'acc-2', organisationId: 'org-t', catalyseurId: 'cat-claire', purpose: 'Préparer' }],
    ] as const) {
      expect((await refused(operator, 'POST', path, body, 410, 'PERSON_ERASED')).message).toBe(erased);
    }
    expect(await events.headPosition()).toBe(head);

    // Ending each relation, without a reason, is recorded: by the operator, and by the other catalyseur of the partnership.
    await send(bruno, '/api/partnerships/lien-bois/release-catalyseur', { catalyseurId: 'cat-claire' });
    await send(operator, '/api/catalyseurs/cat-claire/leave-network', {});
    await send(operator, '/api/rooms/salon-bois/remove-member', { memberId: 'cat-claire' });
    await send(operator, '/api/accompaniments/acc-claire/close', { outcome: 'abandoned', reason: 'le catalyseur est parti' });

    // Nothing personal about them in what was recorded: no reason, no field sealed under any key.
    const recorded = (await sealed.readAll({ after: head })).filter((event) => event.type !== 'PersonalDataErased');
    expect(recorded.map((event) => event.type)).toEqual(['CatalyseurReleased', 'CatalyseurLeft', 'MemberRemoved', 'AccompanimentClosed']);
    for (const event of recorded) {
      expect(event.data).not.toHaveProperty('$personal');
      expect(JSON.stringify(event.data)).not.toContain('reason":null');
    }
    expect(recorded[0]?.data).toEqual({ catalyseurId: 'cat-claire', releasedOn: '2026-12-04' });
    expect(recorded[1]?.data).toEqual({ leftAt: '2026-12-04T10:00:00.000Z' });

    // The read models follow: the board and the portfolio no longer list them, the observatory counts one member less.
    await api.projected(await events.headPosition());
    expect(await get<{ catalyseurs: string[] }>(operator, '/api/partnerships/lien-bois')).toMatchObject({ catalyseurs: ['cat-bruno'] });
    const portfolio = await get<{ partnerships: unknown[]; pastPartnerships: unknown[]; organisations: unknown[] }>(
      operator,
      '/api/catalyseurs/cat-claire/portfolio',
    );
    expect(portfolio.partnerships).toEqual([]);
    expect(portfolio.organisations).toEqual([]);
    expect(portfolio.pastPartnerships).toHaveLength(1);
    expect(await members()).toBe(1);
    expect(await get(operator, '/api/people/cat-claire')).toMatchObject({ status: expect.stringMatching(/^eras(ing|ed)$/) });

    // Ending twice is the domain's refusal as for anyone (not 410): they are no longer assigned. Adding them back is 410.
    await refused(operator, 'POST', '/api/partnerships/lien-bois/release-catalyseur', { catalyseurId: 'cat-claire' }, 422, 'RULE_VIOLATED');
    expect((await refused(operator, 'POST', '/api/rooms/salon-bois/add-member', { memberId: 'cat-claire' }, 410, 'PERSON_ERASED')).message).toBe(erased);
  });
});
