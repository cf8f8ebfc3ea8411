import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

/**
 * Erasure leaves nothing an operator cannot clean up (README, docs/adr/0006-personal-data.md): once a participant's
 * personal data are erased, cancelling their registration to a gathering and recording that they left a working
 * group, run by someone else, only END a relation with them and are recorded — so their seat is freed — with nothing
 * personal about them (a reason would be theirs: 410, nothing recorded). Registering them again or making them join
 * stays 410. The outside tester's repro: a gathering of capacity 1, px1 registered then erased, their registration
 * could never be cancelled (410) and nobody else could register (422, full).
 */
describe('an erased participant’s seat is freed: their registration cancelled, their leaving recorded (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let sealed: EventStore;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let catalyseur: string;

  const X = '/api/experimentations/agir-ensemble';
  const registration = (participantId: string, name: string) => ({ participantId, name, organisation: 'Tiers-lieu', sphere: 'association' });
  const joining = (participantId: string) => ({ groupId: 'handicap', participantId, organisation: 'Tiers-lieu', sphere: 'association' });

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    sealed = api.app.get<PersonalDataEventStore>(PERSONAL_DATA).inner;
    operator = api.token({ sub: 'op-1', role: 'operator' });
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-ardeche'], 'ardeche');
    await send(operator, '/api/gatherings', { id: 'g2', kind: 'atelier', theme: 'Atelier', date: '2026-12-20', place: 'Privas', capacity: 1 }, 201);
    await send(operator, '/api/gatherings/g2/register', registration('px1', 'Paula Xavier'));
    const launch = {
      id: 'agir-ensemble',
      title: 'Agir ensemble',
      territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
      conveners: [{ orgId: 'cc-privas', name: 'Communauté de communes', sphere: 'collectivite' }],
    };
    await send(catalyseur, '/api/experimentations', launch, 201);
    await send(catalyseur, `${X}/form-working-group`, { groupId: 'handicap', theme: 'Handicap' });
    await send(catalyseur, `${X}/join-working-group`, joining('px1'));
  });
  afterAll(async () => {
    await api.close();
  });

  it('cancels their registration and records their leaving after the erasure, freeing their seat; a reason or anything adding about them is 410', async () => {
    await refused(operator, 'POST', '/api/gatherings/g2/register', registration('px2', 'Pierre Yves'), 422, 'RULE_VIOLATED'); // full
    const erasure = await api.request('POST', '/api/people/px1/erase', { token: operator, body: { reason: 'request_of_the_person' } });
    expect(erasure.status).toBe(202);

    // A reason would be sealed under the erased person's key: refused, nothing recorded, telling to send it without.
    const head = await events.headPosition();
    const cancel = await refused(
      operator,
      'POST',
      '/api/gatherings/g2/cancel-registration',
      { participantId: 'px1', reason: 'empêchement' },
      410,
      'PERSON_ERASED',
    );
    expect(cancel.message).toBe(
      'the personal data of px1 was erased: cancel their registration without a reason (nothing personal may be recorded about them)',
    );
    const leave = await refused(
      operator,
      'POST',
      `${X}/leave-working-group`,
      { groupId: 'handicap', participantId: 'px1', reason: 'parti' },
      410,
      'PERSON_ERASED',
    );
    expect(leave.message).toBe('the personal data of px1 was erased: record their leaving without a reason (nothing personal may be recorded about them)');
    expect(await events.headPosition()).toBe(head);

    // Ending each relation, without a reason, is recorded: by a catalyseur, by an operator.
    await send(catalyseur, '/api/gatherings/g2/cancel-registration', { participantId: 'px1' });
    await send(operator, `${X}/leave-working-group`, { groupId: 'handicap', participantId: 'px1' });
    const recorded = (await sealed.readAll({ after: head })).filter((event) => event.type !== 'PersonalDataErased');
    expect(recorded.map((event) => event.type)).toEqual(['RegistrationCancelled', 'WorkingGroupLeft']);
    expect(recorded[0]?.data).toEqual({ participantId: 'px1', cancelledAt: '2026-12-04T10:00:00.000Z' });
    expect(recorded[1]?.data).toEqual({ groupId: 'handicap', participantId: 'px1', leftOn: '2026-12-04' });

    // The seat is free: someone else registers, and the gathering's page counts them alone. Adding about them again stays 410.
    const registered = await send(operator, '/api/gatherings/g2/register', registration('px2', 'Pierre Yves'));
    expect(await get(operator, `/api/gatherings/g2?minRevision=${registered.revision}`)).toMatchObject({
      registered: 1,
      cancelledRegistrations: 1,
      registrations: { px1: { cancelled: true }, px2: { cancelled: false } },
    });
    const erased = 'the personal data of px1 was erased: nothing more may be recorded about them';
    expect((await refused(operator, 'POST', '/api/gatherings/g2/register', registration('px1', 'Paula Xavier'), 410, 'PERSON_ERASED')).message).toBe(erased);
    expect((await refused(operator, 'POST', `${X}/join-working-group`, joining('px1'), 410, 'PERSON_ERASED')).message).toBe(erased);
    // Ending twice is the domain's refusal as for anyone (not 410).
    await refused(operator, 'POST', '/api/gatherings/g2/cancel-registration', { participantId: 'px1' }, 422, 'RULE_VIOLATED');
  });
});
