import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface EventPage {
  items: { type: string; data: Record<string, unknown> }[];
}

/*
 * The day of a proposal is the network's (TIME_ZONE), not the UTC instant's: at 18:00 on 4 December in Pago Pago
 * (UTC−11) it is already 5 December in UTC. The outside tester's repro: the proposing catalyseur was assigned
 * « tomorrow », and starting pilotage today was refused as « earlier than the partnership, proposed on 2026-12-05 ».
 */
describe('HTTP api: a partnership proposed in the evening west of UTC is of the network’s day (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  const { send, get } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-05T05:00:00.000Z', api: { timeZone: 'Pacific/Pago_Pago' } });
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-1']);
  });
  afterAll(async () => {
    await api.close();
  });

  it('is proposed, and its catalyseur assigned, on the network’s day; pilotage starts that day', async () => {
    await send(
      catalyseur,
      '/api/partnerships',
      {
        id: 'pago',
        title: 'Ateliers du soir',
        territory: { id: 'tutuila', name: 'Tutuila', scale: 'local' },
        partners: [
          { orgId: 'asso-a', name: 'Association A', sphere: 'association' },
          { orgId: 'ent-b', name: 'Entreprise B', sphere: 'entreprise' },
        ],
        modes: ['innovation_societale'],
      },
      201,
    );
    const events = (await get<EventPage>(catalyseur, '/api/partnerships/pago/events?limit=50')).items;
    expect(events.find((e) => e.type === 'PartnershipProposed')?.data).toMatchObject({ proposedAt: '2026-12-05T05:00:00.000Z', proposedOn: '2026-12-04' });
    expect(events.find((e) => e.type === 'CatalyseurAssigned')?.data).toEqual({ catalyseurId: 'cat-1', assignedOn: '2026-12-04' });

    await send(catalyseur, '/api/partnerships/pago/agree-objectives', { orgId: 'asso-a', objectives: ['parties_prenantes'] });
    await send(catalyseur, '/api/partnerships/pago/agree-objectives', { orgId: 'ent-b', objectives: ['innovation'] });
    await send(catalyseur, '/api/partnerships/pago/plan-milestone', { milestoneId: 'm1', title: 'Premier atelier', dueDate: '2027-01-15' });
    // Today in Pago Pago, the default date of the start.
    const started = await send(catalyseur, '/api/partnerships/pago/start-pilotage', {});
    expect(started.revision).toBeGreaterThan(0);
    const after = (await get<EventPage>(catalyseur, '/api/partnerships/pago/events?limit=50')).items;
    expect(after.find((e) => e.type === 'PilotageStarted')?.data).toMatchObject({ startedOn: '2026-12-04' });
  });

  it('takes the network’s day of a proposal time given as an instant, or the date given', async () => {
    const partners = [
      { orgId: 'asso-a', name: 'Association A', sphere: 'association' },
      { orgId: 'ent-b', name: 'Entreprise B', sphere: 'entreprise' },
    ];
    const propose = async (id: string, proposedAt: string): Promise<Record<string, unknown> | undefined> => {
      const body = { id, title: 'Ateliers', territory: { id: 'tutuila', name: 'Tutuila', scale: 'local' }, partners, modes: ['mecenat'], proposedAt };
      await send(catalyseur, '/api/partnerships', body, 201);
      return (await get<EventPage>(catalyseur, `/api/partnerships/${id}/events?limit=5`)).items.find((e) => e.type === 'PartnershipProposed')?.data;
    };
    // 17:00 on 4 December in Pago Pago is 04:00 on the 5th in UTC.
    expect(await propose('pago-instant', '2026-12-04T17:00:00-11:00')).toMatchObject({ proposedAt: '2026-12-05T04:00:00.000Z', proposedOn: '2026-12-04' });
    expect(await propose('pago-date', '2026-11-30')).toMatchObject({ proposedAt: '2026-11-30', proposedOn: '2026-11-30' });
  });

  it('schedules a gathering for today, and dates an organisation’s strategy and a territory’s diagnostic today, the network’s day', async () => {
    // 05:00 UTC on 5 December: their scheduling and registrations are of the 4th in Pago Pago, not the 5th.
    await send(catalyseur, '/api/gatherings', { id: 'atelier-soir', kind: 'atelier', theme: 'Atelier du soir', date: '2026-12-04', place: 'Pago Pago' }, 201);
    const [scheduled] = await api.app.get<EventStore>(EVENT_STORE).readStream('gathering-atelier-soir');
    expect(scheduled?.data).toMatchObject({ date: '2026-12-04', scheduledAt: '2026-12-05T05:00:00.000Z', scheduledOn: '2026-12-04' });
    await send(catalyseur, '/api/gatherings/atelier-soir/hold', {});

    await send(catalyseur, '/api/organisations', { id: 'asso-pago', name: 'Association Pago', kind: 'association', size: 'tpe', territory: 'tutuila' }, 201);
    await send(catalyseur, '/api/organisations/asso-pago/record-strategy', {
      maturity: 'engagee',
      objectiveFamilies: ['innovation'],
      recordedOn: '2026-12-04',
    });

    const operator = api.token({ sub: 'op-1', role: 'operator' });
    await send(operator, '/api/territories', { id: 'tutuila', name: 'Tutuila', typology: 'rural', level: 'departemental', region: 'Samoa' }, 201);
    await send(operator, '/api/territories/tutuila/record-diagnostic', {
      ratings: [{ domain: 'vieillissement', sphere: 'association', priority: 'haute' }],
      diagnosedOn: '2026-12-04',
    });
  });
});
