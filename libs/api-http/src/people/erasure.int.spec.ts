import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import { type ReportDocument, type ReportFormat, renderReport } from '@catalyse/reports';
import { type ApiHarness, eraseAndWait, httpSteps, startApi } from '../test-support/api-harness';

/**
 * An erasure over HTTP (docs/adr/0006-personal-data.md): the person's own
 * fields, and their name wherever someone else wrote it inside a text (a room
 * message, a milestone's title, a committee's decision, a drop's reason), read
 * `[effacé]` in the feeds, the boards, the kept reports and the read models'
 * bytes; the log itself is not rewritten (the ADR's limits).
 */
describe('erasing a person: their name goes from every read model, feed and kept report, whoever wrote it', () => {
  const NAME = 'Zoé Testeuse';
  const ERASED = '[effacé]';
  let api: ApiHarness;
  let reports: SqliteReportStore;
  const { send, get } = httpSteps(() => api);
  let operator: string;
  let bob: string;
  let partner: string;
  let other: string;
  let partnershipId: string;

  beforeAll(async () => {
    reports = SqliteReportStore.open({ file: ':memory:' });
    api = await startApi({ reports });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    bob = api.token({ sub: 'cat-bob', role: 'catalyseur' });
    partner = api.token({ sub: 'marie', role: 'partner', org: 'asso-1' });
    other = api.token({ sub: 'paul', role: 'partner', org: 'ent-1' });
  });
  afterAll(async () => {
    await api.close();
    await reports.close();
  });

  const feedTexts = async (): Promise<unknown[]> =>
    (await get<{ entries: { data: { text?: string } }[] }>(bob, '/api/rooms/labo/feed?since=0')).entries.map((e) => e.data.text).filter((t) => t !== undefined);

  it('writes the name as the person’s own and inside other people’s texts', async () => {
    await send(operator, '/api/catalyseurs', { id: 'cat-zoe', name: NAME, sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }, 201);
    await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-bob', name: 'Bob Martin', sphere: 'entreprise', territory: 'ardeche', skills: ['mise_en_relation'] },
      201,
    );
    await send(bob, '/api/rooms', { id: 'labo', kind: 'theme', subject: 'oubli', title: 'Labo', access: 'open' }, 201);
    await send(bob, '/api/rooms/labo/post-message', { clientMsgId: 'b-1', text: `Merci ${NAME} pour hier` });
    await send(bob, '/api/rooms/labo/post-message', { clientMsgId: 'b-2', text: 'Bienvenue à toutes et tous' });

    partnershipId = (
      await send(
        partner,
        '/api/partnerships',
        {
          title: 'Insertion par le numérique',
          territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
          partners: [
            { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
            { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
          ],
          modes: ['mecenat'],
        },
        201,
      )
    ).id;
    const p = `/api/partnerships/${partnershipId}`;
    await send(bob, `${p}/assign-catalyseur`, { catalyseurId: 'cat-bob' });
    await send(partner, `${p}/agree-objectives`, { orgId: 'asso-1', objectives: ['innovation'] });
    await send(other, `${p}/agree-objectives`, { orgId: 'ent-1', objectives: ['economique'] });
    await send(bob, `${p}/plan-milestone`, { milestoneId: 'm1', title: `Atelier animé par ${NAME}`, dueDate: '2025-03-01' });
    await send(bob, `${p}/plan-milestone`, { milestoneId: 'm2', title: 'Bilan', dueDate: '2025-04-01' });
    api.clock.set('2025-01-20T10:00:00.000Z');
    await send(bob, `${p}/start-pilotage`, {});
    await send(bob, `${p}/hold-steering-committee`, { attendees: ['asso-1', 'ent-1'], decisions: [`confier l’atelier à ${NAME}`, 'associer la mairie'] });
    const last = await send(bob, `${p}/drop-milestone`, { milestoneId: 'm2', reason: `${NAME} quitte le projet` });
    await api.projected(last.position);

    expect(await feedTexts()).toEqual([`Merci ${NAME} pour hier`, 'Bienvenue à toutes et tous']);
    expect(JSON.stringify(await get(bob, p))).toContain(NAME);

    // A kept report in every format, the name inside its texts.
    const document: ReportDocument = {
      title: 'Rapport du partenariat',
      facts: [],
      sections: [
        {
          title: 'Jalons',
          tables: [
            {
              columns: ['Jalon', 'Raison'],
              rows: [
                [`Atelier animé par ${NAME}`, null],
                ['Bilan', `${NAME} quitte le projet`],
              ],
            },
          ],
        },
      ],
    };
    const report = {
      kind: 'partnership',
      subject: partnershipId,
      generatedAt: '2025-01-20T10:00:00.000Z',
      data: { title: `Atelier animé par ${NAME}` },
      document,
    };
    for (const format of ['json', 'csv', 'html'] as const satisfies readonly ReportFormat[]) {
      await reports.put({
        reportId: 'r-1',
        item: partnershipId,
        format,
        fileName: `rapport.${format}`,
        contentType: 'text/plain',
        content: renderReport(format, report),
        createdAt: '2025-01-20T10:00:00.000Z',
      });
    }
  });

  it('after the erasure, the name reads [effacé] in the feed, the board, the directory, the kept reports and the read models’ bytes', async () => {
    await eraseAndWait(api, operator, 'cat-zoe');

    expect((await get<{ name: string }>(operator, '/api/catalyseurs/cat-zoe')).name).toBe(ERASED);
    expect(await feedTexts()).toEqual([`Merci ${ERASED} pour hier`, 'Bienvenue à toutes et tous']);
    const board = await get<{ milestones: { title: string; dropReason?: string }[] }>(bob, `/api/partnerships/${partnershipId}`);
    expect(JSON.stringify(board)).not.toContain('Testeuse');
    expect(board.milestones.map((m) => m.title)).toEqual([`Atelier animé par ${ERASED}`, 'Bilan']);
    expect(JSON.stringify(board)).toContain(`confier l’atelier à ${ERASED}`);
    expect(JSON.stringify(board)).toContain(`${ERASED} quitte le projet`);

    for (const format of ['json', 'csv', 'html'] as const) {
      const kept = await reports.get('r-1', partnershipId, format);
      expect(kept?.content).toContain(`Atelier animé par ${ERASED}`);
      expect(kept?.content).not.toContain('Testeuse');
    }

    // The read models' file and its WAL: compacted after the erasure.
    const files = readdirSync(api.dir).filter((f) => f.startsWith('read-models.db'));
    expect(files).toContain('read-models.db');
    for (const file of files) expect(readFileSync(join(api.dir, file)).includes(Buffer.from('Testeuse', 'utf8'))).toBe(false);
  });
});
