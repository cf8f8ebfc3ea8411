import { InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, reach } from '@catalyse/runtime';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { endOnOutputError, exitCodeOf, frenchDateTime, frenchErrorMessage, OpsRefusal } from './french-output';
import { OBSERVATORY_SECTIONS } from '@catalyse/observatory';
import { COUNTED_GENDERS, counted, render } from './observatory-command';
import { loadSummary } from './program';
import { rebuildSummary } from './rebuild-command';

/** A system error as Node raises it. */
const systemError = (code: string, syscall: string, path: string): Error =>
  Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path, errno: -2 });

describe('the CLI’s errors, in French', () => {
  it('says the common system errors in French, naming their path', () => {
    expect(frenchErrorMessage(systemError('ENOTDIR', 'mkdir', '/dev/null/x'))).toBe(
      'impossible de créer le dossier /dev/null/x : un élément du chemin n’est pas un dossier',
    );
    expect(frenchErrorMessage(systemError('ENOENT', 'open', '/x/y.csv'))).toBe('impossible d’ouvrir /x/y.csv : ce fichier ou ce dossier n’existe pas');
    expect(frenchErrorMessage(systemError('EACCES', 'open', '/root/x'))).toBe('impossible d’ouvrir /root/x : permission refusée');
    expect(frenchErrorMessage(systemError('EISDIR', 'open', '/tmp'))).toBe('impossible d’ouvrir /tmp : c’est un dossier');
    expect(frenchErrorMessage(systemError('ENOSPC', 'write', '/data/events.db'))).toBe('impossible d’écrire /data/events.db : plus de place sur le disque');
    expect(frenchErrorMessage(systemError('EROFS', 'mkdir', '/ro/data'))).toBe(
      'impossible de créer le dossier /ro/data : le système de fichiers est en lecture seule',
    );
    expect(frenchErrorMessage(systemError('EEXIST', 'mkdir', '/data'))).toBe('impossible de créer le dossier /data : existe déjà');
  });

  it('keeps refusals as they are, leads configuration and unexpected errors in French', () => {
    expect(frenchErrorMessage(new OpsRefusal('le partenariat nope n’existe pas'))).toBe('le partenariat nope n’existe pas');
    expect(frenchErrorMessage(new InvalidArgumentError('--from est après --to'))).toBe('--from est après --to');
    expect(frenchErrorMessage(new ConfigError('TIME_ZONE doit être un fuseau horaire IANA'))).toBe(
      'configuration invalide : TIME_ZONE doit être un fuseau horaire IANA',
    );
    expect(frenchErrorMessage(new Error('boom'))).toBe('erreur inattendue : boom');
  });

  it('says the configuration and a server out of reach as libs/runtime words them: in French, from end to end', async () => {
    let config: unknown;
    try {
      loadConfig({ PORT: 'abc' });
    } catch (error) {
      config = error;
    }
    expect(frenchErrorMessage(config)).toBe('configuration invalide : PORT doit être un entier entre 0 et 65535 (reçu : abc)');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const url = 'postgres://catalyse:s3cr3t@db:5432/catalyse';
    const unreachable = await reach('PostgreSQL', 'DATABASE_URL', url, () => Promise.reject(refused)).catch((error: unknown) => error);
    expect(frenchErrorMessage(unreachable)).toBe(
      'impossible d’ouvrir PostgreSQL désigné par DATABASE_URL (postgres://catalyse:***@db:5432/catalyse) : ' +
        'connexion refusée (connect ECONNREFUSED 127.0.0.1:5432) : le serveur est-il démarré, sur cet hôte et ce port ?',
    );
  });

  it('exits non-zero: 1 for a refusal, 2 otherwise', () => {
    expect(exitCodeOf(new OpsRefusal('x'))).toBe(1);
    expect(exitCodeOf(new InvalidArgumentError('x'))).toBe(2);
    expect(exitCodeOf(systemError('ENOENT', 'open', '/x'))).toBe(2);
    expect(exitCodeOf(new Error('x'))).toBe(2);
  });
});

describe('a stdout whose reader left (`ops export | head -1`)', () => {
  /** The exit code `endOnOutputError` ends `stream` with once it fails, and what it printed meanwhile. */
  async function endOf(stream: NodeJS.WritableStream, fail: () => void): Promise<{ code: number; err: string }> {
    let err = '';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    try {
      const code = await new Promise<number>((resolve) => {
        endOnOutputError(stream, resolve);
        fail();
      });
      return { code, err };
    } finally {
      stderr.mockRestore();
      process.exitCode = 0;
    }
  }

  it('ends quietly, exit 0, on a real pipe closed by its reader (EPIPE)', async () => {
    // A reader that closes its end of the pipe and stays (had it exited, Node might close the pipe itself first).
    const reader = spawn('sh', ['-c', 'exec 0<&-; sleep 30'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      await new Promise((resolve) => reader.once('spawn', resolve));
      const line = `${'x'.repeat(1023)}\n`;
      const end = await endOf(reader.stdin, () => {
        // Writes until the pipe answers EPIPE.
        const write = (): void => {
          if (reader.stdin.destroyed) return;
          reader.stdin.write(line);
          setImmediate(write);
        };
        write();
      });
      expect(end).toEqual({ code: 0, err: '' });
    } finally {
      reader.kill();
    }
  });

  it('says any other failure of stdout in French, exit 2', async () => {
    const stream = new PassThrough();
    const end = await endOf(stream, () =>
      stream.destroy(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })),
    );
    expect(end).toEqual({ code: 2, err: 'ops : erreur système : plus de place sur le disque (ENOSPC)\n' });
  });
});

describe('the CLI’s dates and numbers, in French', () => {
  it('an instant in the network’s time zone', () => {
    expect(frenchDateTime('2026-12-04T06:59:17Z', 'Europe/Paris')).toBe('4 décembre 2026 à 07:59 (Europe/Paris)');
    expect(frenchDateTime('2026-12-03T19:01:44.515Z', 'Europe/Paris')).toBe('3 décembre 2026 à 20:01 (Europe/Paris)');
    expect(frenchDateTime('2026-07-01T10:00:00Z', 'UTC')).toBe('1er juillet 2026 à 10:00 (UTC)');
  });

  it('the rebuild’s summary', () => {
    expect(rebuildSummary({ epoch: 3, previousEpoch: 2, position: 3608n, events: 3608, rooms: 645 })).toBe(
      'époque 3 en service (avant : 2) : 3\u202f608 événements repliés jusqu’à la position 3608, 645 salons remis à zéro.\n',
    );
    expect(rebuildSummary({ epoch: 2, previousEpoch: 1, position: 1n, events: 1, rooms: 1 })).toBe(
      'époque 2 en service (avant : 1) : 1 événement replié jusqu’à la position 1, 1 salon remis à zéro.\n',
    );
  });

  it('a load’s summary, with the streams that diverge', () => {
    expect(loadSummary('demo', { streams: 645, commands: 3429, applied: 3429, alreadyDone: 0, diverged: [] })).toBe(
      'demo : 3\u202f429 commandes sur 645 flux : 3\u202f429 appliquées, 0 déjà faite.\n',
    );
    expect(
      loadSummary('demo', { streams: 2, commands: 5, applied: 0, alreadyDone: 4, diverged: [{ stream: 'catalyseur-c1', reason: 'il contient 4 événements' }] }),
    ).toBe(
      'demo : 5 commandes sur 2 flux : 0 appliquée, 4 déjà faites.\n1 flux diverge de ce qui est déjà enregistré (code de sortie 1) :\n  catalyseur-c1 : il contient 4 événements\n',
    );
  });

  it('the observatory’s text tables with a decimal comma', () => {
    const text = render({
      section: 'partnerships',
      title: 'Partenariats',
      asOf: '2016-12-31',
      clock: 'happened',
      period: { until: '2016-12-31' },
      filters: {},
      subjects: 2,
      tables: [
        {
          name: 'by_mode',
          title: 'Par mode',
          columns: [
            { key: 'mode', label: 'Mode' },
            { key: 'share', label: 'Part (%)' },
          ],
          rows: [
            { mode: 'mécénat', share: 29.6 },
            { mode: 'autre', share: 70.4 },
          ],
        },
      ],
    } as Parameters<typeof render>[0]);
    expect(text).toContain('29,6');
    expect(text).toContain('70,4');
    expect(text).not.toMatch(/\d\.\d/);
  });

  it('the observatory’s text rows in words: titles for ids, words for every code with a `_label` beside it, French dates; « 1 comptée »', () => {
    const text = render({
      section: 'experimentations',
      title: 'Expérimentations collectives',
      asOf: '2016-12-31',
      clock: 'happened',
      period: { until: '2016-12-31' },
      filters: {},
      subjects: 1,
      tables: [
        {
          name: 'experimentations',
          title: 'Expérimentations collectives',
          columns: [
            { key: 'experimentation', label: 'Expérimentation' },
            { key: 'label', label: 'Libellé' },
            { key: 'launched', label: 'Lancée le' },
            { key: 'stage', label: 'Étape' },
            { key: 'stage_label', label: 'Étape (libellé)' },
            { key: 'essaimage', label: 'Essaimage' },
            { key: 'essaimage_label', label: 'Essaimage (libellé)' },
          ],
          rows: [
            {
              experimentation: 'agir-ensemble-charenton',
              label: 'Agir ensemble',
              launched: '2012-01-16',
              stage: 'evaluation_resultats',
              stage_label: 'Évaluation des résultats',
              essaimage: 'essaimer',
              essaimage_label: 'Essaimer',
            },
          ],
        },
      ],
    });
    expect(text).toContain('1 comptée\n');
    expect(text).toContain('Agir ensemble');
    expect(text).toContain('16 janvier 2012');
    expect(text).toContain('Évaluation des résultats');
    expect(text).toContain('Essaimer');
    expect(text).not.toMatch(/agir-ensemble-charenton|2012-01-16|evaluation_resultats|essaimer|libellé/);
  });

  it('the observatory’s count agrees with its section’s noun: rencontres, mises en relation, expérimentations « comptées »', () => {
    const heading = (section: string, subjects: number): string | undefined =>
      render({ section, title: 'T', asOf: '2016-12-31', clock: 'happened', period: { until: '2016-12-31' }, filters: {}, subjects, tables: [] }).split('\n')[1];
    expect(heading('gatherings', 55)).toBe('55 comptées');
    expect(heading('introductions', 100)).toBe('100 comptées');
    expect(heading('experimentations', 2)).toBe('2 comptées');
    expect(heading('experimentations', 1)).toBe('1 comptée');
    expect(heading('partnerships', 2)).toBe('2 comptés');
    expect(heading('catalyseurs', 0)).toBe('0 compté');
    expect([counted('accompaniments', 3), counted('parcours', 3)]).toEqual(['comptés', 'comptés']);
    // Every section says the gender of its noun: a new one cannot fall to the masculine unnoticed.
    expect(OBSERVATORY_SECTIONS.map((s) => s.name).filter((name) => COUNTED_GENDERS[name] === undefined)).toEqual([]);
  });

  it('the observatory’s text tables in words: labels for the machine keys, the day in French', () => {
    const text = render({
      section: 'partnerships',
      title: 'Partenariats',
      asOf: '2016-12-31',
      clock: 'happened',
      period: { from: '2016-01-01', until: '2016-12-31' },
      filters: {},
      subjects: 1084,
      tables: [
        {
          name: 'by_sphere_pair',
          title: 'Par paire de sphères',
          columns: [
            { key: 'spheres', label: 'Sphères' },
            { key: 'label', label: 'Libellé' },
            { key: 'count', label: 'Nombre' },
          ],
          rows: [{ spheres: 'collectivite + fondation', label: 'Collectivité + Fondation', count: 1 }],
        },
        {
          name: 'renewal',
          title: 'Renouvellement',
          columns: [
            { key: 'measure', label: 'Mesure' },
            { key: 'label', label: 'Libellé' },
            { key: 'value', label: 'Valeur' },
          ],
          rows: [{ measure: 'renewal_rate_percent', label: 'Taux de renouvellement (%)', value: 50 }],
        },
        {
          name: 'impacts',
          title: 'Impacts',
          columns: [
            { key: 'dimension', label: 'Dimension' },
            { key: 'part_of', label: 'Sous-dimension de' },
            { key: 'label', label: 'Libellé' },
            { key: 'mean', label: 'Note moyenne' },
          ],
          rows: [
            { dimension: 'confiance', label: 'Confiance', mean: 3.75 },
            { dimension: 'collective_trust', part_of: 'confiance', label: 'Confiance collective', mean: 3.5 },
          ],
        },
      ],
    } as Parameters<typeof render>[0]);
    expect(text.split('\n')[0]).toBe('Partenariats — au 31 décembre 2016 (selon la date des faits), période du 1er janvier 2016 au 31 décembre 2016');
    expect(text).toContain('1\u202f084 comptés');
    expect(text).toMatch(/^Sphères +Nombre$/m);
    expect(text).toMatch(/^Collectivité \+ Fondation +1$/m);
    expect(text).toMatch(/^Taux de renouvellement \(%\) +50$/m);
    expect(text).toMatch(/^Confiance collective +Confiance +3,5$/m);
    for (const code of ['collectivite', 'renewal_rate_percent', 'collective_trust', 'part_of', '2016-12-31']) expect(text).not.toContain(code);
  });

  it('the observatory’s tables by territory: the territory’s name under « Territoire », not its id', () => {
    const text = render({
      section: 'catalyseurs',
      title: 'Catalyseurs territoriaux',
      asOf: '2016-12-31',
      clock: 'happened',
      period: { until: '2016-12-31' },
      filters: {},
      subjects: 47,
      tables: [
        {
          name: 'by_territory',
          title: 'Catalyseurs par territoire',
          columns: [
            { key: 'territory', label: 'Territoire' },
            { key: 'label', label: 'Libellé' },
            { key: 'region', label: 'Région' },
            { key: 'count', label: 'Nombre' },
          ],
          rows: [
            { territory: 'petite-couronne', label: 'Petite couronne parisienne', region: 'Île-de-France', count: 30 },
            { territory: 'creuse', label: 'creuse', region: 'Nouvelle-Aquitaine', count: 17 },
          ],
        },
      ],
    } as Parameters<typeof render>[0]);
    expect(text).toMatch(/^Territoire +Région +Nombre$/m);
    expect(text).toMatch(/^Petite couronne parisienne +Île-de-France +30$/m);
    // A territory with no name in its profile: its id.
    expect(text).toMatch(/^creuse +Nouvelle-Aquitaine +17$/m);
    expect(text).not.toContain('petite-couronne');
  });
});
