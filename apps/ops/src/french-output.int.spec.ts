import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { reportFailure } from './french-output';
import { buildProgram } from './program';
import { opsInProcess, type OpsRun } from './testing/ops-in-process';

/**
 * What a French operator reads from `npm run ops -- …`: refusals and system
 * errors in French with a non-zero exit, French summaries at the end of
 * `rebuild`, `demo` and `generate` (JSON behind `--format json`), and what
 * does not exist said so rather than answered with zeros or an empty report.
 * Each command runs in process, its errors through main.ts's top-level catch.
 */
describe('ops, in French', () => {
  let root: string;
  let dataDir: string;
  const saved = Object.fromEntries(['DATA_DIR', 'JWT_SECRET', 'REDIS_URL', 'EVENT_STORE', 'TIME_ZONE'].map((name) => [name, process.env[name]]));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'catalyse-ops-french-'));
    dataDir = join(root, 'data');
    process.env['DATA_DIR'] = dataDir;
    for (const name of ['JWT_SECRET', 'REDIS_URL', 'EVENT_STORE', 'TIME_ZONE']) delete process.env[name];
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(root, { recursive: true, force: true });
  });

  const ops = (args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<OpsRun> => opsInProcess(args, { env });

  describe('on a data folder that does not exist', () => {
    it('verify refuses it and does not create it', async () => {
      const missing = join(root, 'typo');
      const run = await ops(['verify'], { DATA_DIR: missing });
      expect(run).toMatchObject({ code: 1, out: '' });
      expect(run.err).toBe(`ops : le dossier de données ${missing} n’existe pas (DATA_DIR)\n`);
      expect(existsSync(missing)).toBe(false);
    });

    it('verify refuses a path under a file (DATA_DIR=/dev/null/x), in French', async () => {
      const run = await ops(['verify'], { DATA_DIR: '/dev/null/x' });
      expect(run.code).toBe(1);
      expect(run.err).toBe('ops : le dossier de données /dev/null/x n’existe pas (DATA_DIR)\n');
    });

    it('the other reading commands refuse it too', async () => {
      const missing = join(root, 'typo');
      for (const args of [['export'], ['as-of', '--id', 'x'], ['observatory', 'partnerships'], ['person', 'p-1']]) {
        const run = await ops(args, { DATA_DIR: missing });
        expect({ args, code: run.code, err: run.err }).toEqual({ args, code: 1, err: `ops : le dossier de données ${missing} n’existe pas (DATA_DIR)\n` });
      }
      expect(existsSync(missing)).toBe(false);
    });
  });

  describe('on a data folder that is a file', () => {
    it('every command says so in the same words, exit 1, the file untouched: the writing ones (demo, generate) too', async () => {
      const file = join(root, 'not-a-folder');
      writeFileSync(file, 'à garder');
      for (const args of [['demo'], ['generate', '--partnerships', '1'], ['verify'], ['export'], ['person', 'p-1']]) {
        const run = await ops(args, { DATA_DIR: file });
        expect({ args, ...run }).toEqual({ args, code: 1, out: '', err: `ops : le dossier de données ${file} n’est pas un dossier (DATA_DIR)\n` });
      }
      expect(readFileSync(file, 'utf8')).toBe('à garder');
    });

    it('demo refuses a data folder under a file, before any work', async () => {
      const file = join(root, 'a-file-above');
      writeFileSync(file, '');
      const run = await ops(['demo'], { DATA_DIR: join(file, 'data') });
      expect(run).toEqual({ code: 1, out: '', err: `ops : impossible d’écrire ${join(file, 'data')} : un élément du chemin n’est pas un dossier\n` });
    });
  });

  describe('on an empty data folder', () => {
    beforeAll(() => {
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir);
    });

    it('verify says the log is empty, and creates no log', async () => {
      const run = await ops(['verify']);
      expect(run.code).toBe(0);
      expect(run.out).toContain('Résultat : le journal est vide.');
      expect(run.out).not.toContain('sain');
      expect(existsSync(join(dataDir, 'events.db'))).toBe(false);
      expect(JSON.parse((await ops(['verify', '--format', 'json'])).out)).toMatchObject({ events: 0, problems: [] });
    });

    it('the commands that read the log refuse a folder holding none, and create nothing there', async () => {
      for (const args of [
        ['person', 'cat-1'],
        ['erase', 'cat-1', '--reason', 'request_of_the_person'],
        ['export'],
        ['as-of', '--id', 'x'],
        ['observatory', 'partnerships'],
        ['rebuild'],
      ]) {
        const run = await ops(args);
        expect({ args, code: run.code, out: run.out, err: run.err }).toEqual({
          args,
          code: 1,
          out: '',
          err: `ops : le dossier de données ${dataDir} ne contient aucun journal d’événements (events.db) : vérifiez DATA_DIR (les services l’y créent à leur premier démarrage)\n`,
        });
      }
      expect(readdirSync(dataDir)).toEqual([]);
      // The services create the log at their first start: the commands below read an empty one.
      await SqliteEventStore.open({ file: join(dataDir, 'events.db') }).close();
    });

    it('an option of one value given twice is a usage error naming it (commander kept the last, silently)', async () => {
      expect(await ops(['token', '--sub', 'x', '--sub', 'y', '--role', 'catalyseur'])).toEqual({
        code: 2,
        out: '',
        err: 'ops : --sub est donné plusieurs fois : une seule valeur est attendue\n',
      });
      expect((await ops(['token', '--sub=x', '--role', 'operator', '--role=catalyseur'])).err).toBe(
        'ops : --role est donné plusieurs fois : une seule valeur est attendue\n',
      );
      // A list option may be repeated: `export --type A --type B` reads both.
      expect((await ops(['export', '--type', 'PartnershipProposed', '--type', 'MilestoneReached'])).code).toBe(0);
    });

    it('token refuses a partner without --org, in French, before the token service', async () => {
      const run = await ops(['token', '--sub', 'm', '--role', 'partner']);
      expect(run).toEqual({ code: 2, out: '', err: 'ops : un jeton de partenaire demande --org <organisation>\n' });
    });

    it('token refuses a subject or an organisation that is not an identifier, and needs JWT_SECRET on PostgreSQL', async () => {
      const sub = await ops(['token', '--sub', '../x y', '--role', 'catalyseur']);
      expect(sub.code).toBe(2);
      expect(sub.out).toBe('');
      expect(sub.err).toContain('attendu : un identifiant (lettres, chiffres et . _ ~ - seulement, 100 au plus, pas seulement des points)');
      expect(await ops(['token', '--sub', 'cat-1', '--role', 'catalyseur', '--org', 'flda'])).toEqual({
        code: 2,
        out: '',
        err: 'ops : --org ne s’applique qu’à un jeton de partenaire (--role partner)\n',
      });
      const org = await ops(['token', '--sub', 'marie', '--role', 'partner', '--org', 'auth0|flda']);
      expect(org.err).toContain('attendu : un identifiant');
      expect(org.out).toBe('');
      const postgres = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/catalyse' });
      expect(postgres).toMatchObject({ code: 2, out: '' });
      expect(postgres.err).toBe(
        'ops : configuration invalide : EVENT_STORE=postgres demande JWT_SECRET : le même secret de 32 caractères ou plus dans chaque service ' +
          'et dans la CLI ops (par exemple : openssl rand -base64 36), sans quoi chacun refuserait les jetons signés par un autre\n',
      );
    });

    it('token refuses a data folder that does not exist (a typo would mint under a secret no service knows)', async () => {
      const typo = join(root, 'nope-dir');
      const run = await ops(['token', '--sub', 'cat-1', '--role', 'catalyseur'], { DATA_DIR: typo });
      expect(run).toEqual({ code: 1, out: '', err: `ops : le dossier de données ${typo} n’existe pas (DATA_DIR)\n` });
      expect(existsSync(typo)).toBe(false);
      // With JWT_SECRET, the folder is not needed.
      const withSecret = await ops(['token', '--sub', 'cat-1', '--role', 'catalyseur'], {
        DATA_DIR: typo,
        JWT_SECRET: 'a-shared-secret-of-32-characters-or-more',
      });
      expect(withSecret.code).toBe(0);
      expect(existsSync(typo)).toBe(false);
    });

    it('token says until when it is valid, in French, in the network’s time zone', async () => {
      const run = await ops(['token', '--sub', 'op-1', '--role', 'operator', '--expires-in', '2h']);
      expect(run.code).toBe(0);
      expect(run.err).toMatch(
        // After the notice of the folder's new secret (the first token of this folder).
        /^ops : nouveau secret de signature créé dans .*\nops : jeton valable jusqu’au (1er|\d{1,2}) [a-zéû]+ \d{4} à \d\d:\d\d \(Europe\/Paris\) \(--expires-in pour une autre durée\)\n$/,
      );
      expect(run.err).not.toMatch(/\d{4}-\d\d-\d\dT/);
      const inUtc = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { TIME_ZONE: 'UTC' });
      expect(inUtc.err).toContain('(UTC)');
    });

    it('export refuses a file it cannot write, in French, naming it', async () => {
      const run = await ops(['export', '--format', 'csv', '--out', '/nonexistent/dir/x.csv']);
      expect(run.code).not.toBe(0);
      expect(run.err).toBe('ops : impossible d’écrire /nonexistent/dir/x.csv : le dossier n’existe pas\n');
    });

    it('export refuses --from after --to, as observatory does', async () => {
      const run = await ops(['export', '--from', '2020-01-01', '--to', '2010-01-01']);
      expect(run).toEqual({ code: 2, out: '', err: 'ops : --from est après --to\n' });
      expect((await ops(['export', '--from', '2020-01-01', '--to', '2020-01-01'])).code).toBe(0);
      expect((await ops(['export', '--from', '2020-01-01', '--to', '2020-01-01T08:00:00Z'])).code).toBe(0);
    });

    it('report refuses an --out it cannot write before asking for the report', async () => {
      const run = await ops(['report', '--id', 'flda-cg-ardeche', '--out', '/nonexistent/x.html']);
      expect(run.code).not.toBe(0);
      expect(run.err).toBe('ops : impossible d’écrire /nonexistent/x.html : le dossier n’existe pas\n');
    });

    it('as-of and observatory refuse a date in the future, exit 2, as the api does', async () => {
      const asOf = await ops(['as-of', '--id', 'flda-cg-ardeche', '--time', '2099-01-01']);
      expect(asOf).toMatchObject({ code: 2, out: '' });
      expect(asOf.err).toMatch(/^ops : --time 2099-01-01 est dans le futur : nous sommes le \S+ \S+ 20\d\d, et seul ce qui a eu lieu se lit\n$/);
      const observatory = await ops(['observatory', 'partnerships', '--as-of', '2099-01-01T00:00:00Z']);
      expect(observatory).toMatchObject({ code: 2, out: '' });
      expect(observatory.err).toContain('ops : --as-of 2099-01-01T00:00:00Z est dans le futur');
      // Today passes the check (the empty log then answers as before).
      expect((await ops(['observatory', 'partnerships', '--as-of', new Date().toISOString()])).code).toBe(0);
    });

    it('a --clock without the date it reads, and an id that is not one, are bad arguments: exit 2, nothing read', async () => {
      for (const args of [
        ['as-of', '--id', 'flda-cg-ardeche', '--clock', 'recorded'],
        ['observatory', 'partnerships', '--clock', 'recorded'],
        ['report', '--id', 'flda-cg-ardeche', '--clock', 'recorded'],
      ]) {
        const run = await ops(args);
        expect({ args, code: run.code, out: run.out }).toEqual({ args, code: 2, out: '' });
        expect(run.err).toMatch(/^ops : --clock ne s’applique qu’avec --(time|as-of) : sans date, les deux horloges lisent la même chose\n$/);
      }
      for (const args of [
        ['as-of', '--id', '../x'],
        ['observatory', 'partnerships', '--territory', '../x'],
        ['report', '--territory', '../x'],
        ['report', '--id', 'a b'],
      ]) {
        const run = await ops(args);
        expect({ args, code: run.code }).toEqual({ args, code: 2 });
        expect(run.err).toContain('attendu : un identifiant');
      }
      // ops export: a clock without a period, a prefix no stream name can have, a period from the future.
      const exportClock = await ops(['export', '--clock', 'happened']);
      expect(exportClock).toEqual({
        code: 2,
        out: '',
        err: 'ops : --clock ne s’applique qu’avec --from ou --to : sans date, les deux horloges lisent la même chose\n',
      });
      const prefix = await ops(['export', '--stream-prefix', 'a b']);
      expect(prefix.code).toBe(2);
      expect(prefix.err).toContain('attendu : le début d’un nom de flux');
      const exportFuture = await ops(['export', '--from', '2099-01-01']);
      expect(exportFuture).toMatchObject({ code: 2, out: '' });
      expect(exportFuture.err).toContain('ops : --from 2099-01-01 est dans le futur : nous sommes le ');
      expect((await ops(['export', '--stream-prefix', 'partnership-', '--stream-prefix', 'room-'])).code).toBe(0);
      const late = await ops(['observatory', 'partnerships', '--from', '2099-01-01']);
      expect(late).toEqual({
        code: 2,
        out: '',
        err: 'ops : --from est après le jour des chiffres (--as-of, ou aujourd’hui) : la période commencerait après sa fin\n',
      });
      const yearAfterCut = await ops(['report', '--year', '2015', '--as-of', '2012-12-31']);
      expect(yearAfterCut).toEqual({
        code: 2,
        out: '',
        err: 'ops : --year 2015 est après l’année de --as-of : les partenariats actifs en 2015 ne se lisent pas au 31 décembre 2012\n',
      });
      const future = await ops(['report', '--id', 'flda-cg-ardeche', '--as-of', '2099-01-01']);
      expect(future).toMatchObject({ code: 2, out: '' });
      expect(future.err).toContain('ops : --as-of 2099-01-01 est dans le futur');
    });

    it('as-of says an aggregate that does not exist does not, exit 1', async () => {
      expect(await ops(['as-of', '--id', 'nope'])).toEqual({ code: 1, out: '', err: 'ops : le partenariat nope n’existe pas\n' });
      expect(await ops(['as-of', '--kind', 'gathering', '--id', 'nope'])).toMatchObject({ code: 1, err: 'ops : la rencontre nope n’existe pas\n' });
    });

    it('a report on a subject that does not exist is refused before it is asked for, exit 1, nothing recorded', async () => {
      expect(await ops(['report', '--territory', 'nowhere'])).toEqual({ code: 1, out: '', err: 'ops : le territoire nowhere n’existe pas\n' });
      expect(await ops(['report', '--id', 'nope'])).toEqual({ code: 1, out: '', err: 'ops : le partenariat nope n’existe pas\n' });
      expect(await ops(['report', '--kind', 'experimentation', '--id', 'nope'])).toMatchObject({ code: 1, err: 'ops : l’expérimentation nope n’existe pas\n' });
      // Nothing was recorded: the log holds no event.
      const verified = await ops(['verify', '--format', 'json']);
      expect(JSON.parse(verified.out)).toMatchObject({ events: 0 });
    });

    it('observatory says a territory or a region that does not exist does not, rather than counting zeros', async () => {
      const territory = await ops(['observatory', 'partnerships', '--territory', 'nowhere']);
      expect(territory).toMatchObject({ code: 1, out: '' });
      expect(territory.err).toContain('ops : le territoire nowhere n’existe pas\n');
      const region = await ops(['observatory', 'partnerships', '--region', 'Atlantis']);
      expect(region).toMatchObject({ code: 1, out: '' });
      expect(region.err).toContain('ops : la région Atlantis n’existe pas\n');
    });
  });

  describe('generate, rebuild: a French summary, JSON on demand', () => {
    it('generate ends with a summary in French; --format json prints the report', async () => {
      const first = await ops(['generate', '--partnerships', '3']);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/^gen : \d+ commandes sur 3 flux : \d+ appliquées, 0 déjà faite\.\n$/);
      const again = await ops(['generate', '--partnerships', '3', '--format', 'json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out)).toMatchObject({ streams: 3, applied: 0, diverged: [] });
      const third = await ops(['generate', '--partnerships', '3']);
      expect(third.out).toMatch(/^gen : \d+ commandes sur 3 flux : 0 appliquée, \d+ déjà faites \(rien à écrire\)\.\n$/);
    });

    it('rebuild ends with a French summary by default, its progress starting with « préparation… »; JSON on demand', async () => {
      const text = await ops(['rebuild']);
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/^époque 2 en service \(avant : 1\) : [\d\u202f]+ événements repliés jusqu’à la position \d+, \d+ salons? remis à zéro\.\n$/);
      expect(text.err).toMatch(/^préparation… \[/);
      expect(text.err).toMatch(/époque 2 .*événements/);
      expect(text.err).not.toContain('époque ?');
      const json = await ops(['rebuild', '--format', 'json']);
      expect(JSON.parse(json.out)).toMatchObject({ epoch: 3, previousEpoch: 2 });
    });

    it('export ends quietly, exit 0, when its reader leaves (`ops export | head -1`: EPIPE)', async () => {
      let err = '';
      let lines = 0;
      // stdout as a pipe whose reader left after the first line: the next write fails with EPIPE, as Node says it.
      const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => {
        if (++lines > 1)
          process.nextTick(() => process.stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' })));
        return lines === 1;
      });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        err += String(chunk);
        return true;
      });
      process.exitCode = 0;
      try {
        await buildProgram((p) => p.exitOverride()).parseAsync(['export'], { from: 'user' });
      } catch (error) {
        reportFailure(error);
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
      }
      const code = Number(process.exitCode ?? 0);
      process.exitCode = 0;
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(lines).toBe(2);
    });

    it('export refuses an event type no aggregate records, as the API does, exit 2; a known type exports', async () => {
      const bogus = await ops(['export', '--type', 'Bogus']);
      expect(bogus).toMatchObject({ code: 2, out: '' });
      expect(bogus.err).toMatch(/^ops : --type : type d’événement inconnu « Bogus » ; types connus : .*PartnershipProposed/);
      const near = await ops(['export', '--type', 'PartnershipProposed', '--type', 'MilestoneReach']);
      expect(near).toMatchObject({ code: 2, out: '', err: expect.stringContaining('« MilestoneReach » ; vouliez-vous dire : MilestoneReached ?') });
      const known = await ops(['export', '--type', 'PartnershipProposed']);
      expect(known.code).toBe(0);
      expect(known.err).toBe('3 événements exportés\n');
    });

    it('observatory counts a region the generated history has, with French decimals in its text tables only', async () => {
      const run = await ops(['observatory', 'partnerships', '--region', 'Bretagne']);
      expect(run.code).toBe(0);
      expect(run.out).toContain('région Bretagne');
      expect(run.out).not.toMatch(/\d\.\d/);
    });

    it('observatory --format csv as a French spreadsheet reads it: a BOM, `;`, decimal commas, every region row labelled', async () => {
      const run = await ops(['observatory', 'partnerships', '--region', 'Bretagne', '--format', 'csv']);
      expect(run.code).toBe(0);
      expect(run.out.startsWith('\uFEFF')).toBe(true);
      const lines = run.out
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('tableau;groupe;mesure;valeur;clé');
      expect(lines).toContain('Partenariats par région;Bretagne;Part (%);100;Bretagne');
      // The whole generated history: shares with decimals, written with a comma.
      const all = await ops(['observatory', 'partnerships', '--format', 'csv']);
      expect(all.code).toBe(0);
      const values = all.out
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(';')[3] ?? '');
      expect(values.some((value) => /^\d+,\d+$/.test(value))).toBe(true);
      expect(values.filter((value) => /\d\.\d/.test(value))).toEqual([]);
    });
  });
});
