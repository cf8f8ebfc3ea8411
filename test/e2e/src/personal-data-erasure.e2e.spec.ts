/**
 * The right to be forgotten, from the outside: a recognisable name is written
 * through every path that takes personal data (a catalyseur's profile, its
 * update, a departure's reason, a gathering's registration and a cancelled one's reason, messages posted
 * over HTTP and through the hub), then an operator erases the person. Their
 * fields read `[effacé]` everywhere (cards, feeds, as-of reads, exports), a live
 * client of the room receives the redaction as an entry, commands about them
 * are refused (410 PERSON_ERASED), a rebuild keeps it so, and after the
 * projector's compaction the name is found in no byte of the data files (SQLite
 * and its WAL) nor in a dump of the PostgreSQL database.
 *
 * Then a second person's name written by someone else inside their texts (a
 * message, a milestone's title, a committee's decision, a drop's reason) and in
 * a kept report: after their erasure it reads `[effacé]` in the feed, the board
 * and every format of the report, and, the log's texts being rewritten at the
 * erasure (ADR 0006, step 4), in as-of reads, exports and a rebuild too; it is in
 * no byte of the data files (the log included) nor of the dump.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pgDump } from '@catalyse/test-servers';
import {
  expectStatus,
  HttpClient,
  HubClient,
  mintToken,
  type RunningPostgres,
  type RunningService,
  startPostgres,
  startService,
  tempDataDir,
} from '@catalyse/testing';

jest.setTimeout(300_000);

const FIRST = 'Zéphyrine';
const LAST = 'Quatrebarbes';
const NAME = `${FIRST} ${LAST}`;
const ERASED = '[effacé]';
/** A second person, whose name others write inside their texts. */
const OTHER = 'Philomène Tartempion';
const OTHER_LAST = 'Tartempion';
const ROOM = 'room:labo-oubli';
const PERSON = 'zeph-1';
const SECRET = { JWT_SECRET: 'a-secret-for-the-erasure-test-0123456789abcdef' };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every byte of every file of the data folder (SQLite databases with their WAL and shm, secrets…). */
function dataBytes(dir: string): { file: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { file, bytes: readFileSync(file) };
    });
}

/** A response's body as text, whatever it parsed as (an NDJSON export of one line parses as JSON). */
const textOf = (response: { status: number; body: unknown }): string => {
  expect(response.status).toBe(200);
  return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
};

const holding = (files: { file: string; bytes: Buffer }[], text: string): string[] =>
  files.filter(({ bytes }) => bytes.includes(Buffer.from(text, 'utf8'))).map(({ file }) => file);

/** The tables of a plain `pg_dump` whose rows hold `text` (`(schema)` when it is outside any table's data). */
function tablesHolding(dump: string, text: string): string[] {
  const found = new Set<string>();
  let table: string | undefined;
  for (const line of dump.split('\n')) {
    const copy = /^COPY ([^ ]+) /.exec(line);
    if (copy) {
      table = copy[1];
      continue;
    }
    if (line === '\\.') {
      table = undefined;
      continue;
    }
    if (line.includes(text)) found.add(table ?? '(schema)');
  }
  return [...found].sort();
}

interface Engine {
  readonly name: string;
  env(): Record<string, string>;
  /** What the database server holds, as text (PostgreSQL), beside the data folder. */
  dump?(): string;
}

function erasureScenario(engine: Engine): void {
  describe(`erasure of a person's data (${engine.name})`, () => {
    const data = tempDataDir();
    let service: RunningService | undefined;
    let live: HubClient | undefined;
    let zephHub: HubClient | undefined;

    afterAll(async () => {
      live?.close();
      zephHub?.close();
      await service?.stop();
      data.remove();
    });

    it('writes the name through every path, erases it, and finds it nowhere afterwards', async () => {
      const env = { ...SECRET, ...engine.env() };
      service = await startService('all-in-one', { dataDir: data.dir, env });
      const token = (sub: string, role: 'catalyseur' | 'operator') => mintToken(data.dir, { sub, role }, env);
      const zeph = new HttpClient(service.url, await token(PERSON, 'catalyseur'));
      const bob = new HttpClient(service.url, await token('bob-1', 'catalyseur'));
      const ops = new HttpClient(service.url, await token('op-1', 'operator'));

      // ── everything a person leaves behind ──
      expectStatus(await zeph.post('/api/catalyseurs', { name: NAME, sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }), 201);
      expectStatus(await zeph.post(`/api/catalyseurs/${PERSON}/update-profile`, { name: `${NAME}-Lenoir` }), 200);
      expectStatus(
        await bob.post('/api/gatherings', {
          id: 'rencontre-oubli',
          kind: 'webinaire',
          theme: 'Oubli',
          date: '2030-03-21',
          link: 'https://visio.example.org/oubli',
        }),
        201,
      );
      expectStatus(
        await bob.post('/api/gatherings/rencontre-oubli/register', {
          participantId: PERSON,
          name: NAME,
          organisation: 'Association des Oubliés',
          sphere: 'association',
        }),
        200,
      );
      expectStatus(
        await bob.post('/api/gatherings', {
          id: 'rencontre-annulee',
          kind: 'webinaire',
          theme: 'Annulée',
          date: '2030-03-21',
          link: 'https://visio.example.org/annulee',
        }),
        201,
      );
      expectStatus(
        await bob.post('/api/gatherings/rencontre-annulee/register', {
          participantId: PERSON,
          name: NAME,
          organisation: 'Association des Oubliés',
          sphere: 'association',
        }),
        200,
      );
      expectStatus(
        await bob.post('/api/gatherings/rencontre-annulee/cancel-registration', { participantId: PERSON, reason: `${NAME} est retenue ailleurs` }),
        200,
      );
      expectStatus(await bob.post('/api/rooms', { id: 'labo-oubli', kind: 'theme', subject: 'oubli', title: 'Labo de l’oubli', access: 'open' }), 201);
      await until(
        () => bob.get('/api/rooms/labo-oubli/feed?since=0'),
        (r) => r.status === 200,
        'the room’s feed',
      );

      live = await HubClient.connect(service.url, await token('bob-1', 'catalyseur'));
      await live.join(ROOM);
      zephHub = await HubClient.connect(service.url, await token(PERSON, 'catalyseur'));
      await zephHub.join(ROOM);
      expectStatus(await zeph.post('/api/rooms/labo-oubli/post-message', { clientMsgId: 'z-1', text: `Bonjour, ici ${NAME}` }), 200);
      await zephHub.post(ROOM, `${FIRST} propose un atelier`);
      expectStatus(await bob.post('/api/rooms/labo-oubli/post-message', { clientMsgId: 'b-1', text: 'Bienvenue à toutes et tous' }), 200);
      expectStatus(await zeph.post(`/api/catalyseurs/${PERSON}/leave-network`, { reason: `${NAME} part en Bretagne` }), 200);
      await live.waitUntil(() => live?.held(ROOM).length === 4, 'four entries in the room');
      const card = await until(
        () => ops.get<{ name: string }>(`/api/catalyseurs/${PERSON}`),
        (r) => r.status === 200 && r.body.name.includes(LAST),
        'the card',
      );
      expect(card.body.name).toBe(`${NAME}-Lenoir`);
      const exported = await ops.request<string>('GET', '/api/exports/events');
      expect(textOf(exported)).toContain(LAST);

      // ── refusals first: only operators, a reason from the list, a known person ──
      expect(expectStatus(await bob.post(`/api/people/${PERSON}/erase`, { reason: 'request_of_the_person' }), 403)).toMatchObject({ code: 'FORBIDDEN' });
      expect(expectStatus(await ops.post(`/api/people/${PERSON}/erase`, { reason: 'parce que' }), 400)).toMatchObject({ code: 'VALIDATION' });
      expect(expectStatus(await ops.post(`/api/people/${PERSON}/erase`, { reason: 'request_of_the_person', reference: NAME }), 400)).toMatchObject({
        code: 'VALIDATION',
      });
      expect(expectStatus(await ops.post('/api/people/nobody-here/erase', { reason: 'request_of_the_person' }), 404)).toMatchObject({ code: 'NOT_FOUND' });
      expect(expectStatus(await ops.get(`/api/people/${PERSON}`), 200)).toMatchObject({ subject: PERSON, status: 'active' });

      // ── the erasure ──
      const accepted = expectStatus(
        await ops.post<{ status: string; href: string }>(`/api/people/${PERSON}/erase`, { reason: 'request_of_the_person', reference: 'RGPD-2026-042' }),
        202,
      );
      expect(accepted.href).toBe(`/api/people/${PERSON}`);
      await until(
        () => ops.get<{ status: string }>(accepted.href),
        (r) => r.body.status === 'erased',
        'the key destroyed',
      );
      expect(expectStatus(await ops.post(`/api/people/${PERSON}/erase`, { reason: 'request_of_the_person' }), 409)).toMatchObject({ code: 'CONFLICT' });

      // Cards, feeds, as-of reads and exports read the tombstone.
      const erasedCard = expectStatus(await ops.get<{ name: string; skills: string[] }>(`/api/catalyseurs/${PERSON}`), 200);
      expect(erasedCard).toMatchObject({ name: ERASED, skills: ['mise_en_relation'] });
      const asOf = expectStatus(
        await ops.get<{ doc?: { name: string } }>(`/api/catalyseurs/${PERSON}?asOf=${encodeURIComponent(new Date().toISOString())}`),
        200,
      );
      expect(JSON.stringify(asOf)).not.toContain(LAST);
      const feed = expectStatus(await bob.get<{ entries: { kind: string; data: { text?: string } }[] }>('/api/rooms/labo-oubli/feed?since=0'), 200);
      expect(feed.entries.map((e) => e.data.text)).toEqual([undefined, ERASED, ERASED, 'Bienvenue à toutes et tous', undefined]);
      expect(feed.entries.at(-1)?.kind).toBe('PersonalDataRedacted');
      const gathering = expectStatus(await bob.get('/api/gatherings/rencontre-oubli'), 200);
      expect(JSON.stringify(gathering)).not.toContain(LAST);
      const after = await ops.request<string>('GET', '/api/exports/events');
      expect(textOf(after)).not.toContain(LAST);
      expect(textOf(after)).toContain('PersonalDataErased');

      // The live client got the redaction as an entry and holds the tombstones.
      await live.waitUntil(() => live?.held(ROOM).at(-1)?.kind === 'PersonalDataRedacted', 'the redaction entry');
      expect(live.held(ROOM).map((e) => (e.data as { text?: string }).text)).toEqual([undefined, ERASED, ERASED, 'Bienvenue à toutes et tous', undefined]);

      // Nothing more about them: over HTTP and through the hub (they left the network: their access ended first; a
      // caller erased who had not left is refused 410 PERSON_ERASED, libs/api-http's erased-person specs).
      expect(expectStatus(await zeph.post('/api/rooms/labo-oubli/post-message', { clientMsgId: 'z-9', text: 'encore moi' }), 403)).toMatchObject({
        code: 'FORBIDDEN',
        message: `catalyseur ${PERSON} left the network: their access ended`,
      });
      expectStatus(
        await bob.post('/api/gatherings', { id: 'rencontre-2', kind: 'webinaire', theme: 'Après', date: '2030-04-18', link: 'https://visio.example.org/2' }),
        201,
      );
      const again = { participantId: PERSON, name: NAME, organisation: 'Association des Oubliés', sphere: 'association' };
      expect(expectStatus(await bob.post('/api/gatherings/rencontre-2/register', again), 410)).toMatchObject({ code: 'PERSON_ERASED' });
      await expect(zephHub.post(ROOM, 'encore moi')).rejects.toThrow(/refused: FORBIDDEN catalyseur .* left the network: their access ended/);

      // A rebuild from the log keeps it erased.
      const rebuild = expectStatus(await ops.post<{ status: string }>('/api/operations/rebuilds', {}), 202);
      await until(
        () => ops.get<{ status: string }>(rebuild.status),
        (r) => r.body.status === 'completed',
        'the rebuild',
      );
      expect(expectStatus(await ops.get<{ name: string }>(`/api/catalyseurs/${PERSON}`), 200).name).toBe(ERASED);
      const rebuilt = expectStatus(await bob.get<{ entries: { data: { text?: string } }[] }>('/api/rooms/labo-oubli/feed?since=0'), 200);
      expect(JSON.stringify(rebuilt)).not.toContain(LAST);

      // ── a name inside someone else's texts, and in a kept report ──
      const other = 'philo-1';
      expectStatus(
        await ops.post('/api/catalyseurs', { id: other, name: OTHER, sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }),
        201,
      );
      expectStatus(await bob.post('/api/rooms/labo-oubli/post-message', { clientMsgId: 'b-2', text: `Merci ${OTHER} pour hier` }), 200);
      const asso = new HttpClient(service.url, await mintToken(data.dir, { sub: 'marie', role: 'partner', org: 'asso-oubli' }, env));
      const entreprise = new HttpClient(service.url, await mintToken(data.dir, { sub: 'paul', role: 'partner', org: 'ent-oubli' }, env));
      const proposed = expectStatus(
        await asso.post<{ id: string }>('/api/partnerships', {
          title: 'Mémoire partagée',
          territory: { id: 'ardeche', name: 'Ardèche', scale: 'local' },
          partners: [
            { orgId: 'asso-oubli', name: 'Association des Oubliés', sphere: 'association' },
            { orgId: 'ent-oubli', name: 'Souvenirs SA', sphere: 'entreprise' },
          ],
          modes: ['mecenat'],
        }),
        201,
      );
      const partnership = `/api/partnerships/${proposed.id}`;
      // A partnership is given to a catalyseur of the network only: bob-1 joins first.
      expectStatus(await bob.post('/api/catalyseurs', { name: 'Bob Relais', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }), 201);
      expectStatus(await bob.post(`${partnership}/assign-catalyseur`, { catalyseurId: 'bob-1' }), 200);
      expectStatus(await asso.post(`${partnership}/agree-objectives`, { orgId: 'asso-oubli', objectives: ['innovation'] }), 200);
      expectStatus(await entreprise.post(`${partnership}/agree-objectives`, { orgId: 'ent-oubli', objectives: ['economique'] }), 200);
      expectStatus(await bob.post(`${partnership}/plan-milestone`, { milestoneId: 'm1', title: `Atelier animé par ${OTHER}`, dueDate: '2030-03-01' }), 200);
      expectStatus(await bob.post(`${partnership}/plan-milestone`, { milestoneId: 'm2', title: 'Bilan', dueDate: '2030-04-01' }), 200);
      expectStatus(await bob.post(`${partnership}/start-pilotage`, {}), 200);
      expectStatus(
        await bob.post(`${partnership}/hold-steering-committee`, { attendees: ['asso-oubli', 'ent-oubli'], decisions: [`confier l’atelier à ${OTHER}`] }),
        200,
      );
      expectStatus(await bob.post(`${partnership}/drop-milestone`, { milestoneId: 'm2', reason: `${OTHER} quitte le projet` }), 200);
      await until(
        () => bob.get<{ milestones: { status: string }[] }>(partnership),
        (r) => r.status === 200 && r.body.milestones.some((m) => m.status === 'dropped'),
        'the board',
      );
      const report = expectStatus(await ops.post<{ id: string }>('/api/reports', { kind: 'partnership', id: proposed.id }), 202);
      await until(
        () => ops.get<{ status: string }>(`/api/reports/${report.id}`),
        (r) => r.body.status === 'completed',
        'the report',
      );
      const formats = ['json', 'csv', 'html'] as const;
      const downloads = async (): Promise<string[]> =>
        Promise.all(formats.map(async (format) => textOf(await ops.request<string>('GET', `/api/reports/${report.id}/download?format=${format}`))));
      for (const content of await downloads()) expect(content).toContain(OTHER_LAST);

      expectStatus(await ops.post(`/api/people/${other}/erase`, { reason: 'request_of_the_person' }), 202);
      await until(
        () => ops.get<{ status: string }>(`/api/people/${other}`),
        (r) => r.body.status === 'erased',
        'the second key destroyed',
      );
      expect(expectStatus(await ops.get<{ name: string }>(`/api/catalyseurs/${other}`), 200).name).toBe(ERASED);
      const feedAfter = expectStatus(await bob.get<{ entries: { data: { text?: string } }[] }>('/api/rooms/labo-oubli/feed?since=0'), 200);
      expect(feedAfter.entries.map((e) => e.data.text)).toContain(`Merci ${ERASED} pour hier`);
      expect(JSON.stringify(feedAfter)).not.toContain(OTHER_LAST);
      const boardAfter = expectStatus(await bob.get<{ milestones: { title: string }[] }>(partnership), 200);
      expect(boardAfter.milestones.map((m) => m.title)).toEqual([`Atelier animé par ${ERASED}`, 'Bilan']);
      expect(JSON.stringify(boardAfter)).toContain(`confier l’atelier à ${ERASED}`);
      expect(JSON.stringify(boardAfter)).toContain(`${ERASED} quitte le projet`);
      expect(JSON.stringify(boardAfter)).not.toContain(OTHER_LAST);
      for (const content of await downloads()) {
        expect(content).toContain(`Atelier animé par ${ERASED}`);
        expect(content).not.toContain(OTHER_LAST);
      }
      // The log's texts were rewritten (ADR 0006, step 4): exports, as-of reads and a rebuild read the tombstone too.
      const exportedAfter = textOf(await ops.request<string>('GET', '/api/exports/events'));
      expect(exportedAfter).not.toContain(OTHER_LAST);
      for (const text of [`Merci ${ERASED} pour hier`, `Atelier animé par ${ERASED}`, `confier l’atelier à ${ERASED}`, `${ERASED} quitte le projet`]) {
        expect(exportedAfter).toContain(text);
      }
      const boardAsOf = expectStatus(
        await bob.get<{ milestones: { title: string }[] }>(`${partnership}?asOf=${encodeURIComponent(new Date().toISOString())}`),
        200,
      );
      expect(boardAsOf.milestones.map((m) => m.title)).toEqual([`Atelier animé par ${ERASED}`, 'Bilan']);
      expect(JSON.stringify(boardAsOf)).not.toContain(OTHER_LAST);
      const rebuildAfter = expectStatus(await ops.post<{ status: string }>('/api/operations/rebuilds', {}), 202);
      await until(
        () => ops.get<{ status: string }>(rebuildAfter.status),
        (r) => r.body.status === 'completed',
        'the second rebuild',
      );
      const boardRebuilt = expectStatus(await bob.get<{ milestones: { title: string }[] }>(partnership), 200);
      expect(boardRebuilt.milestones.map((m) => m.title)).toEqual([`Atelier animé par ${ERASED}`, 'Bilan']);
      expect(JSON.stringify(boardRebuilt)).toContain(`confier l’atelier à ${ERASED}`);
      expect(JSON.stringify(boardRebuilt)).not.toContain(OTHER_LAST);
      const feedRebuilt = expectStatus(await bob.get<{ entries: { data: { text?: string } }[] }>('/api/rooms/labo-oubli/feed?since=0'), 200);
      expect(feedRebuilt.entries.map((e) => e.data.text)).toContain(`Merci ${ERASED} pour hier`);
      expect(JSON.stringify(feedRebuilt)).not.toContain(OTHER_LAST);

      // ── the bytes ──
      await service.stop();
      service = undefined;
      const files = dataBytes(data.dir);
      if (!engine.dump)
        expect(files.map(({ file }) => file.slice(data.dir.length + 1)).sort()).toEqual(expect.arrayContaining(['events.db', 'keys.sqlite', 'read-models.db']));
      expect(holding(files, LAST)).toEqual([]);
      expect(holding(files, FIRST)).toEqual([]);
      // The second name: nowhere either, the log (events.db and its WAL) included: the texts others wrote were rewritten.
      expect(holding(files, OTHER_LAST)).toEqual([]);
      if (engine.dump) {
        const dump = engine.dump();
        expect(dump).toContain('PersonalDataErased');
        expect(dump).not.toContain(LAST);
        expect(dump).not.toContain(FIRST);
        expect(tablesHolding(dump, OTHER_LAST)).toEqual([]);
      }
    });
  });
}

erasureScenario({ name: 'SQLite, embedded', env: () => ({}) });

describe('on PostgreSQL', () => {
  let postgres: RunningPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  erasureScenario({
    name: 'PostgreSQL',
    env: () => ({ EVENT_STORE: 'postgres', DATABASE_URL: (postgres as RunningPostgres).url }),
    dump: () => pgDump((postgres as RunningPostgres).url),
  });
});
