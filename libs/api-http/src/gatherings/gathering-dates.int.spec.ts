/**
 * A gathering is held, and its attendance recorded, once its date has come
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * gathering held or attended before its date with 422 RULE_VIOLATED, storing
 * nothing. Scheduling it in the future stays allowed: it is a plan. The
 * outside tester's repro (on 2026-12-04, a gathering of 2026-12-17 held and
 * attended).
 */
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const ATELIER = 'atelier-2026-12-17';
const LEGACY = 'atelier-tenu-par-un-script';

describe('HTTP api: a gathering is not held nor attended before its date (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const path = (id: string, command: string): string => `/api/gatherings/${id}/${command}`;
  const types = async (id: string): Promise<string[]> => (await events.readStream(`gathering-${id}`)).map((event) => event.type);
  const schedule = (id: string): Promise<unknown> =>
    send(
      catalyseur,
      '/api/gatherings',
      { id, kind: 'atelier', theme: 'Co-construction en territoire', date: '2026-12-17', place: 'Le Havre' },
      { status: 201 },
    );
  const register = (id: string): Promise<unknown> =>
    send(catalyseur, path(id, 'register'), { participantId: 'redha', name: 'Redha', organisation: 'PlaNet Adam', sphere: 'association' });

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-le-havre', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('schedules a gathering for a later date, refuses to hold it before that date (nothing stored), holds it and records its attendance on the day', async () => {
    await schedule(ATELIER);
    await register(ATELIER);
    const before = await types(ATELIER);

    const early = await refused(catalyseur, 'POST', path(ATELIER, 'hold'), { heldOn: '2026-12-17' }, 422, 'RULE_VIOLATED');
    expect(early.message).toBe('the date held (2026-12-17) cannot be later than today, 2026-12-04: it has not happened yet');
    const attendance = await refused(catalyseur, 'POST', path(ATELIER, 'record-attendance'), { participantIds: ['redha'] }, 422, 'RULE_VIOLATED');
    expect(attendance.message).toBe('attendance is recorded once the gathering is held');
    expect(await types(ATELIER)).toEqual(before);

    // The day of the gathering (evening in Paris): held "today", attendance recorded.
    api.clock.set('2026-12-17T19:00:00.000Z');
    await send(catalyseur, path(ATELIER, 'hold'), {});
    await send(catalyseur, path(ATELIER, 'record-attendance'), { participantIds: ['redha'] });
    expect(await types(ATELIER)).toEqual([...before, 'GatheringHeld', 'AttendanceRecorded']);
    expect((await events.readStream(`gathering-${ATELIER}`)).at(-2)?.data).toEqual({ heldOn: '2026-12-17' });
  });

  it('refuses the attendance of a gathering a script without a clock held before its date, stores nothing', async () => {
    api.clock.set('2026-12-04T10:00:00.000Z');
    await schedule(LEGACY);
    await register(LEGACY);
    const stored = await events.readStream(`gathering-${LEGACY}`);
    await events.append(
      `gathering-${LEGACY}`,
      [
        {
          id: randomUUID(),
          type: 'GatheringHeld',
          data: { heldOn: '2026-12-17' },
          metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'script', occurredAt: '2026-12-04T10:00:00.000Z', schemaVersion: 1 },
        },
      ],
      { expectedRevision: BigInt(stored.length - 1) },
    );
    const before = await types(LEGACY);
    const attendance = await refused(catalyseur, 'POST', path(LEGACY, 'record-attendance'), { participantIds: ['redha'] }, 422, 'RULE_VIOLATED');
    expect(attendance.message).toBe('the gathering (2026-12-17) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types(LEGACY)).toEqual(before);
  });
});
