/**
 * How much a partnership holds at most over HTTP (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the outside
 * tester's catalyseur held 330 steering committees of about 60 KB each on its own partnership, each one rewriting the
 * whole board (244 ms at the 300th, an 18 MB board, every other request slowed). The committee beyond the bound is
 * refused with 422 RULE_VIOLATED naming it, and nothing is stored; a committee's decisions are bounded in number and
 * length by the body's validation (400 VALIDATION).
 */
import { randomUUID } from 'node:crypto';
import { COMMITTEE_DECISIONS_MAX, DECISION_MAX_LENGTH, STEERING_COMMITTEES_MAX } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const ID = 'bornes';
const PATH = `/api/partnerships/${ID}`;
const COMMITTEE = { attendees: ['flda'], decisions: ['poursuivre les ateliers'], heldOn: '2025-01-10' };

describe('HTTP api: a partnership holds a bounded number of steering committees (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const stream = async (): Promise<number> => (await events.readStream(`partnership-${ID}`)).length;

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-03T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-1']);
    const partners = [
      { orgId: 'flda', name: 'FLDA', sphere: 'association' },
      { orgId: 'cg07', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' },
    ];
    const territory = { id: 'ardeche', name: 'Ardèche', scale: 'departemental' };
    await send(catalyseur, '/api/partnerships', { id: ID, title: 'Ateliers', territory, partners, modes: ['mecenat'], proposedAt: '2020-01-01' }, 201);
    await send(catalyseur, `${PATH}/agree-objectives`, { orgId: 'flda', objectives: ['parties_prenantes'] });
    await send(catalyseur, `${PATH}/agree-objectives`, { orgId: 'cg07', objectives: ['innovation'] });
    await send(catalyseur, `${PATH}/plan-milestone`, { milestoneId: 'm1', title: 'Premier atelier', dueDate: '2024-09-01' });
    await send(catalyseur, `${PATH}/start-pilotage`, { startedOn: '2024-06-01' });
  });
  afterAll(async () => {
    await api.close();
  });

  it(`holds the ${STEERING_COMMITTEES_MAX}th committee, refuses the next with 422 and stores nothing`, async () => {
    // The committees held before, as a loading script would store them (one append: the bound, not the HTTP path, is under test).
    const revision = BigInt((await stream()) - 1);
    const metadata = { correlationId: randomUUID(), causationId: randomUUID(), actor: 'script', occurredAt: '2026-12-03T10:00:00.000Z', schemaVersion: 1 };
    const held = Array.from({ length: STEERING_COMMITTEES_MAX - 1 }, (_unused, i) => ({
      id: randomUUID(),
      type: 'SteeringCommitteeHeld',
      data: { committeeId: `copil-${i}`, heldOn: '2025-01-01', attendees: ['flda'], decisions: ['poursuivre'] },
      metadata,
    }));
    await events.append(`partnership-${ID}`, held, { expectedRevision: revision });

    await send(catalyseur, `${PATH}/hold-steering-committee`, { ...COMMITTEE, committeeId: 'copil-last' });
    const before = await stream();
    const beyond = await refused(catalyseur, 'POST', `${PATH}/hold-steering-committee`, { ...COMMITTEE, committeeId: 'copil-beyond' }, 422, 'RULE_VIOLATED');
    expect(beyond.message).toBe(`a partnership cannot hold more steering committees (at most ${STEERING_COMMITTEES_MAX})`);
    expect(await stream()).toBe(before);
  });

  it(`refuses a committee of more than ${COMMITTEE_DECISIONS_MAX} decisions or a decision longer than ${DECISION_MAX_LENGTH} characters (400)`, async () => {
    const many = await api.request<ErrorBody>('POST', `${PATH}/hold-steering-committee`, {
      token: catalyseur,
      body: { ...COMMITTEE, decisions: Array.from({ length: COMMITTEE_DECISIONS_MAX + 1 }, (_unused, i) => `décision ${i}`) },
    });
    expect([many.status, many.body.code, many.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: 'decisions', messages: [`decisions must contain no more than ${COMMITTEE_DECISIONS_MAX} elements`] }],
    ]);
    const long = await api.request<ErrorBody>('POST', `${PATH}/hold-steering-committee`, {
      token: catalyseur,
      body: { ...COMMITTEE, decisions: ['x'.repeat(DECISION_MAX_LENGTH + 1)] },
    });
    expect([long.status, long.body.code]).toEqual([400, 'VALIDATION']);
  });
});
