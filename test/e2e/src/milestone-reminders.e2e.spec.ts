/**
 * The reminder job in the all-in-one (in-process runner): a milestone falling
 * due within the window gets one `MilestoneDueSoon` entry in its partnership's
 * feed, and still exactly one after the process restarted and scanned again.
 */
import { calendarDateOf } from '@catalyse/domain';
import { expectStatus, HttpClient, mintToken, type RunningService, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(120_000);

const inDays = (days: number): string => calendarDateOf(new Date(Date.now() + days * 86_400_000), 'Europe/Paris');

describe('milestone reminders', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    data.remove();
  });

  it('puts one reminder in the partnership’s feed, once, across a restart', async () => {
    const env = { REMINDER_SCAN_MS: '200', REMINDER_WINDOW_DAYS: '7' };
    service = await startService('all-in-one', { dataDir: data.dir, env });
    const token = await mintToken(data.dir, { sub: 'cat-grand-est', role: 'catalyseur' }, env);
    let http = new HttpClient(service.url, token);
    // A catalyseur proposes as a member of the network (it accompanies what it proposes): it joins first.
    expectStatus(
      await http.post('/api/catalyseurs', {
        name: 'Catalyseur Grand Est',
        sphere: 'association',
        territory: 'grand-est',
        skills: ['accompagnement_partenariat'],
      }),
      201,
    );
    expectStatus(
      await http.post('/api/partnerships', {
        id: 'tremplin-numerique',
        title: 'Tremplin numérique',
        territory: { id: 'grand-est', name: 'Grand Est', scale: 'regional' },
        partners: [
          { orgId: 'tremplin', name: 'Association Tremplin', sphere: 'association' },
          { orgId: 'orange', name: 'Orange', sphere: 'entreprise' },
        ],
        modes: ['innovation_societale'],
      }),
      201,
    );
    for (const [milestoneId, dueDate] of [
      ['ateliers', inDays(3)],
      ['bilan', inDays(40)],
    ] as const) {
      expectStatus(await http.post('/api/partnerships/tremplin-numerique/plan-milestone', { milestoneId, title: `Jalon ${milestoneId}`, dueDate }), 200);
    }

    const reminders = async (): Promise<{ data: { milestoneId: string; daysLeft: number } }[]> => {
      const page = expectStatus(
        await http.get<{ entries: { kind: string; data: { milestoneId: string; daysLeft: number } }[] }>('/api/feeds/partnership:tremplin-numerique?since=0'),
        200,
      );
      return page.entries.filter((entry) => entry.kind === 'MilestoneDueSoon');
    };
    const deadline = Date.now() + 20_000;
    while ((await reminders()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await reminders()).map((entry) => entry.data)).toEqual([expect.objectContaining({ milestoneId: 'ateliers', daysLeft: 3 })]);

    await service.stop();
    service = await startService('all-in-one', { dataDir: data.dir, env });
    http = new HttpClient(service.url, token);
    await new Promise((r) => setTimeout(r, 1500)); // several scans after the restart
    expect(await reminders()).toHaveLength(1);
    const board = expectStatus(await http.get<{ milestones: { milestoneId: string; remindedOn?: string }[] }>('/api/partnerships/tremplin-numerique'), 200);
    expect(board.milestones.find((m) => m.milestoneId === 'ateliers')?.remindedOn).toBe(inDays(0));
    expect(board.milestones.find((m) => m.milestoneId === 'bilan')).not.toHaveProperty('remindedOn');
  });
});
