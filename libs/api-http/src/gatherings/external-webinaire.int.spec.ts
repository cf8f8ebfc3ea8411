/**
 * Webinaires organised outside the network, over HTTP (real SQLite files, real projector): the CNFPT's e-communauté
 * développement local on Tuesday 3 April 2018, 12:00–14:00, beside the network's own monthly webinaire on the third
 * Thursday; an end time moved by a reschedule; then the refusals of the new fields — 400, 403, 422 — leaving the log,
 * the attendance documents and the feeds as they were.
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

interface Attendance {
  readonly date: string;
  readonly time?: string;
  readonly endTime?: string;
  readonly organiser?: { name: string; inNetwork: boolean };
  readonly organisedBy: string;
}

const CNFPT = 'webinaire-cnfpt-2018-04-03';
const cnfpt = {
  id: CNFPT,
  kind: 'webinaire',
  theme: 'Le rôle des collectivités territoriales dans le mouvement de co-construction territoriale',
  date: '2018-04-03',
  time: '12:00',
  endTime: '14:00',
  link: 'https://cnfpt-formation.adobeconnect.com/rih1bObsdwe7/',
  organiser: { name: 'e-communauté développement local du CNFPT', inNetwork: false },
};

describe('HTTP api: webinaires organised outside the network, end times', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let events: EventStore;
  let operator: string;
  let partner: string;

  beforeAll(async () => {
    api = await startApi({ now: '2018-03-06T08:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'flda' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('schedules a webinaire of an organiser outside the network on a Tuesday, with its end time; reschedules its end', async () => {
    await send(operator, '/api/gatherings', cnfpt, { status: 201 });
    const moved = await send(operator, `/api/gatherings/${CNFPT}/reschedule`, { date: '2018-04-03', endTime: '13:30', reason: 'séance raccourcie' });
    expect(await get<Attendance>(operator, `/api/gatherings/${CNFPT}?minRevision=${moved.revision}`)).toMatchObject({
      date: '2018-04-03',
      time: '12:00',
      endTime: '13:30',
      organiser: { name: 'e-communauté développement local du CNFPT', inNetwork: false },
      organisedBy: 'op-rameau',
    });
  });

  it('removes an end time with null (an absent one is kept), then both times; an end time without a start is refused', async () => {
    const id = `${CNFPT}-bis`;
    await send(operator, '/api/gatherings', { ...cnfpt, id }, { status: 201 });
    const kept = await send(operator, `/api/gatherings/${id}/reschedule`, { date: '2018-04-04', reason: 'jour changé' });
    expect(await get<Attendance>(operator, `/api/gatherings/${id}?minRevision=${kept.revision}`)).toMatchObject({
      date: '2018-04-04',
      time: '12:00',
      endTime: '14:00',
    });
    const noEnd = await send(operator, `/api/gatherings/${id}/reschedule`, { date: '2018-04-04', endTime: null, reason: 'fin libre' });
    const withoutEnd = await get<Attendance>(operator, `/api/gatherings/${id}?minRevision=${noEnd.revision}`);
    expect(withoutEnd).toMatchObject({ date: '2018-04-04', time: '12:00' });
    expect(withoutEnd.endTime).toBeUndefined();
    const endOnly = await refused(
      operator,
      'POST',
      `/api/gatherings/${id}/reschedule`,
      { date: '2018-04-04', time: null, endTime: '15:00', reason: 'x' },
      422,
      'RULE_VIOLATED',
    );
    expect(endOnly.message).toBe('an end time needs a start time');
    const none = await send(operator, `/api/gatherings/${id}/reschedule`, { date: '2018-04-04', time: null, reason: 'horaire à définir' });
    const withoutTimes = await get<Attendance>(operator, `/api/gatherings/${id}?minRevision=${none.revision}`);
    expect(withoutTimes.time).toBeUndefined();
    expect(withoutTimes.endTime).toBeUndefined();
  });

  it('refuses what breaks a rule, what is malformed, what is not one’s to do, and changes nothing', async () => {
    const stored = async (): Promise<unknown> => ({
      head: (await events.headPosition()).toString(),
      webinaire: await get<Attendance>(operator, `/api/gatherings/${CNFPT}`),
      feeds: await Promise.all(['network', 'ops'].map(async (room) => (await get<{ head: number }>(operator, `/api/feeds/${room}?limit=1`)).head)),
    });
    const before = await stored();

    const malformed = await refused(
      operator,
      'POST',
      '/api/gatherings',
      { ...cnfpt, id: 'autre', endTime: '14h', organiser: { name: 'CNFPT', inNetwork: 'non' } },
      400,
      'VALIDATION',
    );
    expect(malformed.details?.map((d) => d.field).sort()).toEqual(['endTime', 'organiser.inNetwork']);
    await refused(operator, 'POST', `/api/gatherings/${CNFPT}/reschedule`, { date: '2018-04-03', endTime: '25:00', reason: 'x' }, 400, 'VALIDATION');
    await refused(partner, 'POST', '/api/gatherings', { ...cnfpt, id: 'autre' }, 403, 'FORBIDDEN');
    // The network's own webinaire stays on the third Thursday.
    const network = await refused(
      operator,
      'POST',
      '/api/gatherings',
      { ...cnfpt, id: 'autre', organiser: { name: 'Le RAMEAU', inNetwork: true } },
      422,
      'RULE_VIOLATED',
    );
    expect(network.message).toBe('a webinaire falls on the third thursday of its month: 2018-04-19, not 2018-04-03');
    await refused(operator, 'POST', '/api/gatherings', { ...cnfpt, id: 'autre', endTime: '11:00' }, 422, 'RULE_VIOLATED');
    await refused(operator, 'POST', `/api/gatherings/${CNFPT}/reschedule`, { date: '2018-04-03', time: '14:00', reason: 'x' }, 422, 'RULE_VIOLATED');

    expect(await stored()).toEqual(before);
  });
});
