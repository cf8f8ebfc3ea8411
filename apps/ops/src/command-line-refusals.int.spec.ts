import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REBUILD_BATCH_SIZE_MAX } from '@catalyse/operations';
import Database from 'better-sqlite3';
import { loadConfig, openProjectionStore, READ_MODELS_FILE } from '@catalyse/runtime';
import { opsInProcess, type OpsRun, useDemoFolder } from './testing/ops-in-process';
import { REBUILD_BUSY, REBUILD_STOPPING, rebuildStopped, rebuildStoppedAtOnce } from './rebuild-command';

/**
 * A command line that makes no sense is refused before any work, exit 2 (README, « Operator CLI »): `report`
 * options that do not apply to what is asked (nothing built, nothing recorded), and numbers above the bounds the
 * api refuses with 400 for the same fields. Each command runs in process, on the demo network, its errors through
 * main.ts's top-level catch.
 */
describe('ops refuses, before any work, a command line that makes no sense', () => {
  const folder = useDemoFolder('catalyse-ops-refusals-');

  const ops = (args: readonly string[]): Promise<OpsRun> => opsInProcess(args);

  /** How many events the log holds: a refusal before the work records none (no `ReportRequested`). */
  const logged = async (): Promise<number> => (JSON.parse((await ops(['verify', '--format', 'json'])).out) as { events: number }).events;

  describe('report', () => {
    it('refuses --item without a batch, exit 2: no report built, none stored, nothing recorded', async () => {
      const before = await logged();
      const run = await ops(['report', '--kind', 'partnership', '--id', 'flda-cg-ardeche', '--item', 'x']);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: 'ops : --item ne s’applique qu’à un lot (--territory / --year) : il choisit le partenariat du lot dont écrire le rapport ; un rapport --id s’écrit sans lui\n',
      });
      expect(await logged()).toBe(before);
      expect(existsSync(join(folder.dataDir, 'reports.sqlite'))).toBe(false);
    });

    it('refuses, exit 2, what --out-dir makes meaningless: --out, --item, --format', async () => {
      const before = await logged();
      const outDir = join(folder.root, 'all');
      for (const [args, err] of [
        [['--id', 'flda-cg-ardeche', '--out', join(folder.root, 'x.html')], 'donnez --out (un fichier) ou --out-dir (tous les fichiers), pas les deux'],
        [['--territory', 'ardeche', '--item', 'flda-cg-ardeche'], '--out-dir écrit déjà le rapport de chaque partenariat du lot : --item ne s’y ajoute pas'],
        [['--id', 'flda-cg-ardeche', '--format', 'csv'], '--out-dir écrit déjà chaque format (json, csv, html) : --format ne s’y ajoute pas'],
      ] as const) {
        const run = await ops(['report', ...args, '--out-dir', outDir]);
        expect({ args, ...run }).toEqual({ args, code: 2, out: '', err: `ops : ${err}\n` });
      }
      expect(existsSync(outDir)).toBe(false);
      expect(existsSync(join(folder.root, 'x.html'))).toBe(false);
      expect(await logged()).toBe(before);
    });

    it('refuses an --out-dir it cannot create before asking for the report, exit 1, nothing recorded', async () => {
      const before = await logged();
      const file = join(folder.root, 'a-file');
      writeFileSync(file, '');
      const under = await ops(['report', '--id', 'flda-cg-ardeche', '--out-dir', join(file, 'reports')]);
      expect(under).toEqual({ code: 1, out: '', err: `ops : impossible d’écrire ${join(file, 'reports')} : un élément du chemin n’est pas un dossier\n` });
      const itself = await ops(['report', '--id', 'flda-cg-ardeche', '--out-dir', file]);
      expect(itself).toEqual({ code: 1, out: '', err: `ops : impossible d’écrire ${file} : ce n’est pas un dossier\n` });
      // Where permissions say yes but no folder can be made (root, /proc): Node's recursive mkdir spun there for ever.
      const proc = join('/proc', 'catalyse-nope', 'reports');
      const procfs = await ops(['report', '--id', 'flda-cg-ardeche', '--out-dir', proc]);
      expect(procfs).toEqual({ code: 1, out: '', err: `ops : impossible d’écrire ${proc} : le dossier n’existe pas\n` });
      expect(await logged()).toBe(before);
    });

    it('refuses a batch’s --item that is none of its partnerships before building it, exit 1; writes one that is', async () => {
      const before = await logged();
      const stranger = await ops(['report', '--territory', 'ardeche', '--item', 'nope']);
      expect(stranger.code).toBe(1);
      expect(stranger.out).toBe('');
      expect(stranger.err).toMatch(/^ops : le partenariat nope n’est pas dans ce lot \(\d+ partenariats?\)\n$/);
      expect(await logged()).toBe(before);

      const member = await ops(['report', '--territory', 'ardeche', '--item', 'flda-cg-ardeche', '--format', 'json']);
      expect({ code: member.code, err: member.err }).toMatchObject({ code: 0 });
      expect(JSON.parse(member.out)).toMatchObject({ kind: 'partnership', subject: 'flda-cg-ardeche' });
      // --out-dir alone writes every file of the batch.
      const outDir = join(folder.root, 'batch', 'files');
      const all = await ops(['report', '--territory', 'ardeche', '--out-dir', outDir]);
      expect({ code: all.code, err: all.err }).toMatchObject({ code: 0 });
      expect(readdirSync(outDir)).toEqual(expect.arrayContaining(['rapport-partenariat-flda-cg-ardeche.html']));
    }, 60_000);

    it('gives two reports asked within the same second two ids (the CLI runs as pid 1 in many containers)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const run = await ops(['report', '--id', 'flda-cg-ardeche', '--format', 'json']);
        expect({ code: run.code, err: run.err }).toMatchObject({ code: 0 });
        ids.push(/rapport (ops-\d{14}-[0-9a-f]{8}) demandé/.exec(run.err)?.[1] ?? run.err);
      }
      expect(new Set(ids).size).toBe(3);
    }, 60_000);

    it('refuses a --year outside the years POST /api/reports takes, exit 2', async () => {
      for (const year of ['1899', '3000', '12012']) {
        const run = await ops(['report', '--year', year]);
        expect({ year, code: run.code, out: run.out }).toEqual({ year, code: 2, out: '' });
        expect(run.err).toContain('attendu : une année de 1900 à 2999');
      }
    });
  });

  describe('rebuild while another runs', () => {
    it('is refused in French, exit 1, saying what to do; runs once the other’s lease is released', async () => {
      // Another rebuild (the api's job, a second `ops rebuild`) holds the lease on the same read models.
      const store = await openProjectionStore(loadConfig(), 'write');
      try {
        expect(await store.claimLease('main:rebuild', 'api/job-1', 60_000)).toBe(true);
        const busy = await ops(['rebuild']);
        expect({ code: busy.code, out: busy.out }).toEqual({ code: 1, out: '' });
        expect(busy.err).toContain(`ops : ${REBUILD_BUSY}\n`);
        expect(REBUILD_BUSY).toMatch(/^une autre reconstruction des modèles de lecture est en cours .* relancez ops rebuild/);
        expect(busy.err).not.toContain('erreur inattendue');
      } finally {
        await store.releaseLease('main:rebuild', 'api/job-1');
        await store.close();
      }
      expect((await ops(['rebuild'])).code).toBe(0);
    });

    it('stopped by Ctrl-C, ends between two batches and lets go of its lease at once: exit 130, the next one runs', async () => {
      const running = ops(['rebuild', '--batch-size', '1']);
      // As the terminal sends it: the process's SIGINT listeners hear it (none: nothing would happen in process).
      setTimeout(() => process.emit('SIGINT'), 300);
      const stopped = await running;
      expect({ code: stopped.code, out: stopped.out }).toEqual({ code: 130, out: '' });
      expect(stopped.err).toContain(`ops : ${rebuildStopped('SIGINT')}\n`);
      expect(process.listenerCount('SIGINT')).toBe(0);
      const store = await openProjectionStore(loadConfig(), 'write');
      try {
        // Not held for the lease's 30 s by a rebuild that no longer runs.
        expect(await store.claimLease('main:rebuild', 'api/job-2', 60_000)).toBe(true);
        await store.releaseLease('main:rebuild', 'api/job-2');
      } finally {
        await store.close();
      }
      expect((await ops(['rebuild'])).code).toBe(0);
    });

    it('stuck inside a batch (the write lock held elsewhere), a second Ctrl-C exits at once: 130, said in French', async () => {
      const exits: unknown[] = [];
      const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
        exits.push(code);
        return undefined as never;
      });
      const other = new Database(join(folder.dataDir, READ_MODELS_FILE));
      try {
        let ended = false;
        const running = ops(['rebuild', '--batch-size', '1']).finally(() => (ended = true));
        // Once it runs (its listeners are on), another process takes the write lock: its next batch waits for it (5 s).
        while (process.listenerCount('SIGINT') === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        other.exec('BEGIN IMMEDIATE');
        await new Promise((resolve) => setTimeout(resolve, 200));
        process.emit('SIGINT');
        await new Promise((resolve) => setTimeout(resolve, 300));
        // The first one waits for the end of the batch, which waits for the lock.
        expect({ ended, exits }).toEqual({ ended: false, exits: [] });
        process.emit('SIGINT');
        expect(exits).toEqual([130]);
        other.exec('COMMIT');
        const stopped = await running;
        expect(stopped.err).toContain(`ops : ${REBUILD_STOPPING}\n`);
        expect(stopped.err).toContain(`ops : ${rebuildStoppedAtOnce('SIGINT')}\n`);
        expect(process.listenerCount('SIGINT')).toBe(0);
      } finally {
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
        exit.mockRestore();
      }
      expect((await ops(['rebuild'])).code).toBe(0);
    });
  });

  describe('numbers above the api’s bounds', () => {
    it('rebuild refuses a --batch-size above the api’s batchSize bound, exit 2, and takes the bound itself', async () => {
      for (const size of ['1000000000', String(REBUILD_BATCH_SIZE_MAX + 1), '0']) {
        const run = await ops(['rebuild', '--batch-size', size]);
        expect({ size, code: run.code, out: run.out }).toEqual({ size, code: 2, out: '' });
        expect(run.err).toContain('attendu : un entier de 1 à 10\u202f000');
        expect(run.err).not.toContain('préparation');
      }
      const bound = await ops(['rebuild', '--batch-size', String(REBUILD_BATCH_SIZE_MAX), '--format', 'json']);
      expect(bound.code).toBe(0);
      expect(JSON.parse(bound.out)).toMatchObject({ epoch: expect.any(Number), previousEpoch: expect.any(Number) });
    }, 60_000);

    it('generate refuses --partnerships above 2 000 000 (the documents’ national scale is 1.2 million), exit 2, nothing written', async () => {
      const before = await logged();
      for (const n of ['99999999999', '2000001', '0']) {
        const run = await ops(['generate', '--partnerships', n]);
        expect({ n, code: run.code, out: run.out }).toEqual({ n, code: 2, out: '' });
        expect(run.err).toContain('attendu : un entier de 1 à 2\u202f000\u202f000 ; l’échelle nationale des documents est de 1,2 million de partenariats');
      }
      expect(await logged()).toBe(before);
    });

    it('as-of --position and export --after refuse a position above the api’s bound on position and after, exit 2', async () => {
      const above = String(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
      for (const args of [
        ['as-of', '--id', 'flda-cg-ardeche', '--position', above],
        ['export', '--after', above],
      ]) {
        const run = await ops(args);
        expect({ args, code: run.code, out: run.out }).toEqual({ args, code: 2, out: '' });
        expect(run.err).toContain('attendu : un entier positif ou nul, 9\u202f007\u202f199\u202f254\u202f740\u202f991 au plus');
      }
      expect((await ops(['as-of', '--id', 'flda-cg-ardeche', '--position', String(Number.MAX_SAFE_INTEGER)])).code).toBe(0);
    });
  });
});
