import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TOKEN_TTL_SECONDS, SECRET_FILE, TokenService } from '@catalyse/auth';
import { CommandHandler, foldAsOf } from '@catalyse/commands';
import { demoScript, generateHistory } from '@catalyse/demo';
import {
  AGGREGATE_CATEGORIES,
  AGGREGATES,
  type AggregateCategory,
  anyAggregate,
  HISTORY_CLOCKS,
  type HistoryClock,
  isCalendarDate,
  isDateOrInstant,
} from '@catalyse/domain';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportLog,
  type LoadReport,
  loadScript,
  type ScriptPlan,
  verifiedClean,
  verifyLog,
  type VerifyReport,
  verifyReportText,
} from '@catalyse/operations';
import { ROLES, type Role } from '@catalyse/protocol';
import { dataFolderOwner, EVENTS_FILE, loadConfig, openEventStore, signingSecret } from '@catalyse/runtime';
import { identifierArg, linkArg, refuseRepeatedOptions, requireKnownEventTypes, streamPrefixArg } from './arguments';
import { registerEraseCommands } from './erase-command';
import { durationArg, durationText } from './duration';
import { frenchHelp } from './french-help';
import {
  AGGREGATE_WORDS,
  checkWritable,
  countOf,
  frenchCount,
  frenchDateTime,
  OpsRefusal,
  requireDataDir,
  requireEventLog,
  requireWritableDataDir,
  writeRefusal,
} from './french-output';
import { refuseClockAlone, refuseFuture } from './not-in-future';
import { openReplacement, refuseDataFolderOutput } from './output-file';
import { registerObservatoryCommand } from './observatory-command';
import { registerRebuildCommand } from './rebuild-command';
import { registerReportCommand } from './report-command';
import { json, type SummaryFormat, summaryFormatOption } from './summary-format';

const config = () => loadConfig();
/** The services' event store, whichever the configuration names (SQLite in DATA_DIR, PostgreSQL, KurrentDB). */
const openEvents = () => openEventStore(config());
const positiveIntArg = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('attendu : un entier strictement positif');
  return n;
};
/**
 * The most partnerships `ops generate --partnerships` makes: above the documents' national scale (1.2 million
 * partnerships) with room to spare. A bigger number is a typo, not a load test (99 999 999 999 ran for ever and filled
 * the disk): refused as a command line that makes no sense (exit 2), naming the bound.
 */
export const GENERATE_PARTNERSHIPS_MAX = 2_000_000;
const partnershipsArg = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > GENERATE_PARTNERSHIPS_MAX)
    throw new InvalidArgumentError(
      `attendu : un entier de 1 à ${frenchCount(GENERATE_PARTNERSHIPS_MAX)} ; l’échelle nationale des documents est de 1,2 million de partenariats`,
    );
  return n;
};
/** A global position (`--position`, `--after`): at most the api's bound on `position` and `after` (400 above it). */
const bigintArg = (value: string): bigint => {
  if (!/^\d+$/.test(value) || BigInt(value) > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InvalidArgumentError(`attendu : un entier positif ou nul, ${frenchCount(Number.MAX_SAFE_INTEGER)} au plus`);
  return BigInt(value);
};

/** A date (`YYYY-MM-DD`) or an ISO-8601 instant with its zone, both real (`2025-02-30` is refused, not read as 2 March). */
const timeArg = (value: string): string => {
  if (!isDateOrInstant(value))
    throw new InvalidArgumentError('attendu : une date AAAA-MM-JJ ou un instant ISO-8601 avec son fuseau (2013-01-01, 2013-01-01T12:00:00Z), qui existent');
  return value;
};

/** The end of `ops demo` / `ops generate` as the operator reads it: what was applied, what was already there, what diverged. */
export function loadSummary(source: string, report: LoadReport): string {
  const lines = [
    `${source} : ${countOf(report.commands, 'commande')} sur ${countOf(report.streams, 'flux', 'flux')} : ${frenchCount(report.applied)} appliquée${report.applied > 1 ? 's' : ''}, ${frenchCount(report.alreadyDone)} déjà faite${report.alreadyDone > 1 ? 's' : ''}${report.applied === 0 && report.diverged.length === 0 ? ' (rien à écrire)' : ''}.`,
  ];
  if (report.diverged.length > 0) {
    lines.push(
      `${countOf(report.diverged.length, 'flux', 'flux')} diverge${report.diverged.length > 1 ? 'nt' : ''} de ce qui est déjà enregistré (code de sortie 1) :`,
    );
    for (const d of report.diverged) lines.push(`  ${d.stream} : ${d.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The start of a `--from` (its day's first instant, at the earliest in any zone) and the end of a `--to`, in milliseconds. */
const periodBound = (value: string, end: boolean): number => {
  if (!isCalendarDate(value)) return Date.parse(value);
  const day = Date.parse(`${value}T00:00:00Z`);
  return end ? day + 86_400_000 + 14 * 3_600_000 : day - 14 * 3_600_000;
};

/** Loads a script through the command path, with a progress bar on stderr; ends with a summary (or the report as JSON) on stdout. */
async function load(plan: ScriptPlan, source: string, concurrency: number, format: SummaryFormat): Promise<void> {
  const cfg = config();
  if (cfg.eventStore === 'sqlite') requireWritableDataDir(cfg.dataDir);
  const events = await openEvents();
  const bar = new SingleBar(
    {
      stream: process.stderr,
      // Counts in French, as everywhere in ops (« 1 084 ») : the bar's own {value}/{total} would print « 1084 ».
      format: `${source} [{bar}] {percentage} % | {done}/{all} flux | {applied} commandes appliquées`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let report: LoadReport;
  try {
    const all = frenchCount(plan.streamCount);
    bar.start(plan.streamCount, 0, { done: frenchCount(0), all, applied: frenchCount(0) });
    report = await loadScript(events, new CommandHandler(events), plan, {
      source,
      concurrency,
      onProgress: (progress) => bar.update(progress.streams, { done: frenchCount(progress.streams), all, applied: frenchCount(progress.applied) }),
    });
  } finally {
    bar.stop();
    await events.close();
  }
  process.stdout.write(format === 'json' ? `${json(report)}\n` : loadSummary(source, report));
  if (report.diverged.length > 0) process.exitCode = 1;
}

/**
 * The operator CLI: `npm run ops -- <command>`. Same configuration (DATA_DIR, EVENT_STORE, DATABASE_URL, …) as the services.
 * Built without running it (`main.ts` runs it); `configure` sees the program before its subcommands are added, which copy
 * its settings (a test makes it throw instead of exiting, and captures its output).
 */
export function buildProgram(configure: (program: Command) => void = () => undefined): Command {
  const program = frenchHelp(new Command('ops'))
    .description('Outils d’exploitation de Catalyse (même configuration que les services : DATA_DIR, EVENT_STORE, DATABASE_URL…)')
    .showHelpAfterError();
  configure(program);

  program
    .command('token')
    .description('crée un jeton d’accès signé avec le secret de DATA_DIR (affiché en dernière ligne)')
    .requiredOption('--sub <id>', 'le titulaire du jeton : l’identifiant d’un catalyseur, d’une personne, d’un opérateur', identifierArg)
    .addOption(new Option('--role <rôle>', 'son rôle').choices([...ROLES]).makeOptionMandatory())
    .option('--org <organisation>', 'pour un partenaire : l’organisation au nom de laquelle il agit', identifierArg)
    .addOption(
      new Option('--expires-in <durée>', 'durée de validité : 90m, 12h, 7j (ou 7d), ou un nombre de secondes ; 90j au plus')
        .argParser(durationArg)
        .default(DEFAULT_TOKEN_TTL_SECONDS, durationText(DEFAULT_TOKEN_TTL_SECONDS)),
    )
    .option(
      '--link [url]',
      'affiche plutôt un lien de connexion à la console (<url>/#token=…, une adresse http(s), par défaut http://localhost:$PORT)',
      linkArg,
    )
    .action((options: { sub: string; role: Role; org?: string; expiresIn: number; link?: string | true }) => {
      // Said here, in French, rather than by the token service.
      if (options.role === 'partner' && !options.org) throw new InvalidArgumentError('un jeton de partenaire demande --org <organisation>');
      // The services read `org` for partners only: on another role it would be signed and never used.
      if (options.role !== 'partner' && options.org) throw new InvalidArgumentError('--org ne s’applique qu’à un jeton de partenaire (--role partner)');
      const cfg = config();
      const secretFile = join(cfg.dataDir, SECRET_FILE);
      // Without JWT_SECRET the secret is the data folder's: created here when it has none yet.
      const creating = !cfg.jwtSecret && cfg.eventStore === 'sqlite' && !existsSync(secretFile);
      if (creating) {
        // One minted in a folder that does not exist (a typo in DATA_DIR) would be signed by a new secret no service
        // knows, and refused by all of them.
        requireDataDir(cfg.dataDir);
        // A service running on the folder without its secret file signs with the JWT_SECRET it was started with.
        const owner = dataFolderOwner(cfg.dataDir);
        if (owner) {
          throw new OpsRefusal(
            `le dossier de données ${cfg.dataDir} est utilisé par un service Catalyse en marche (pid ${owner.pid ?? 'inconnu'}) et n’a pas de secret ${SECRET_FILE} : ` +
              'ce service signe avec le JWT_SECRET de son démarrage, donnez le même JWT_SECRET à ops (un nouveau secret créé ici signerait un jeton qu’il refuserait)',
          );
        }
      }
      const tokens = new TokenService(signingSecret(cfg));
      if (creating) {
        process.stderr.write(
          `ops : nouveau secret de signature créé dans ${secretFile} ; ce jeton est signé avec lui : un service démarré avec JWT_SECRET le refusera, donnez alors à ops le même JWT_SECRET\n`,
        );
      }
      const principal = options.org ? { sub: options.sub, role: options.role, org: options.org } : { sub: options.sub, role: options.role };
      const token = tokens.sign(principal, options.expiresIn);
      const until = frenchDateTime(new Date(Date.now() + options.expiresIn * 1000), cfg.timeZone);
      process.stderr.write(`ops : jeton valable jusqu’au ${until} (--expires-in pour une autre durée)\n`);
      if (options.link === undefined) {
        process.stdout.write(`${token}\n`);
        return;
      }
      const base = (options.link === true ? `http://localhost:${cfg.port}` : options.link).replace(/\/+$/, '');
      process.stdout.write(`${base}/#token=${token}\n`);
    });

  program
    .command('as-of')
    .description(
      'l’état d’un agrégat tel qu’il était : ses événements compris dans une coupe (une date sur une horloge, une position globale, ou les deux) repliés par son décideur',
    )
    .addOption(new Option('--kind <type>', 'le type d’agrégat').choices(AGGREGATE_CATEGORIES).default('partnership'))
    .requiredOption('--id <id>', 'l’identifiant de l’agrégat', identifierArg)
    .option('--time <date|instant>', 'une date AAAA-MM-JJ (jusqu’à la fin de ce jour, dans le fuseau du réseau) ou un instant ISO-8601', timeArg)
    .addOption(
      new Option(
        '--clock <horloge>',
        'happened : les faits survenus à cette date (la date portée par chaque événement) ; recorded : ce qui était enregistré alors',
      )
        .choices([...HISTORY_CLOCKS])
        .default('happened'),
    )
    .option('--position <n>', 'jusqu’à cette position globale du journal (incluse)', bigintArg)
    .action(async (options: { kind: AggregateCategory; id: string; time?: string; clock: HistoryClock; position?: bigint }, command: Command) => {
      refuseClockAlone(command, '--time', options.time);
      const cfg = config();
      const { timeZone } = cfg;
      if (options.time !== undefined) refuseFuture('--time', options.time, new Date(), timeZone);
      if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
      const cut = {
        ...(options.time !== undefined ? { time: options.time, clock: options.clock } : {}),
        ...(options.position !== undefined ? { position: options.position } : {}),
      };
      const store = await openEvents();
      try {
        const folded = await foldAsOf(store, anyAggregate(options.kind).decider, AGGREGATES[options.kind].streamOf(options.id), cut, timeZone);
        if (folded.folded === 0 && folded.unreadable.length === 0) {
          const when = folded.leftOut > 0 ? ' à cette coupe (ses événements sont tous postérieurs)' : '';
          throw new OpsRefusal(`${AGGREGATE_WORDS[options.kind]} ${options.id} n’existe pas${when}`);
        }
        process.stdout.write(`${json({ cut: { ...cut, timeZone }, ...folded })}\n`);
        for (const e of folded.unreadable) {
          process.stderr.write(
            `ops : attention, l’événement de révision ${e.revision} (${e.type}) est laissé de côté, illisible par cette version : ${e.reason}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('export')
    .description('exporte le journal global en NDJSON ou en CSV (sur la sortie standard ou dans le fichier --out), page par page')
    .option('--out <fichier>', 'écrit dans ce fichier plutôt que sur la sortie standard, remplacé une fois complet (jamais un fichier du dossier de données)')
    .addOption(
      new Option('--format <format>', 'ndjson : une ligne JSON par événement ; csv : une ligne par événement (UTF-8 avec BOM)')
        .choices([...EXPORT_FORMATS])
        .default('ndjson'),
    )
    .option('--after <position>', 'seulement les événements après cette position', bigintArg)
    .option('--stream-prefix <préfixe...>', 'seulement les flux qui commencent par l’un de ces préfixes', streamPrefixArg)
    .option('--type <type...>', 'seulement ces types d’événements')
    .option('--from <date|instant>', 'seulement les événements à partir de cette date ou de cet instant (inclus)', timeArg)
    .option('--to <date|instant>', 'seulement les événements jusqu’à cette date ou cet instant (inclus)', timeArg)
    .addOption(
      new Option('--clock <horloge>', 'l’horloge de --from et --to : recorded (date d’enregistrement) ou happened (date des faits)')
        .choices([...HISTORY_CLOCKS])
        .default('recorded'),
    )
    .option('--upcast', 'chaque événement amené à la version actuelle de son type (par défaut : tels qu’enregistrés, avec leur version)')
    .action(
      async (
        options: {
          out?: string;
          format: ExportFormat;
          upcast?: boolean;
          after?: bigint;
          streamPrefix?: string[];
          type?: string[];
          from?: string;
          to?: string;
          clock: HistoryClock;
        },
        command: Command,
      ) => {
        refuseClockAlone(command, '--from ou --to', options.from ?? options.to);
        if (options.from !== undefined && options.to !== undefined && periodBound(options.from, false) > periodBound(options.to, true))
          throw new InvalidArgumentError('--from est après --to');
        if (options.type) requireKnownEventTypes(options.type);
        const cfg = config();
        const { timeZone } = cfg;
        // An export from a day not come yet is a mistake, not an empty file (a `--to` after today only reaches today).
        if (options.from !== undefined) refuseFuture('--from', options.from, new Date(), timeZone);
        // The data folder's own files (the log, the keys…) are no place for an export: refused before anything is touched.
        const destination = options.out !== undefined ? refuseDataFolderOutput('--out', options.out, cfg.dataDir) : undefined;
        if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
        if (options.out !== undefined) checkWritable(options.out);
        // Written beside the file and renamed over it once whole: an export that fails leaves the file as it was.
        // Opened before the store: a file that cannot be written is refused at once, in French.
        const file = destination !== undefined && options.out !== undefined ? openReplacement(destination, options.out) : undefined;
        const stream = file !== undefined ? createWriteStream('', { fd: file.fd }) : undefined;
        // Its first failure (a full disk), kept: said by the end of the export, not thrown from nowhere.
        let failure: unknown;
        stream?.on('error', (error) => (failure ??= error));
        const closed = stream !== undefined ? new Promise<void>((resolve) => stream.once('close', () => resolve())) : undefined;
        const out: NodeJS.WritableStream = stream ?? process.stdout;
        let count = 0;
        let written = false;
        try {
          const store = await openEvents();
          try {
            const filter = { ...(options.streamPrefix ? { streamPrefixes: options.streamPrefix } : {}), ...(options.type ? { eventTypes: options.type } : {}) };
            const period = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}), clock: options.clock };
            const lines = exportLog(options.format, store, {
              ...(options.after !== undefined ? { after: options.after } : {}),
              ...(Object.keys(filter).length > 0 ? { filter } : {}),
              period,
              timeZone,
              upcast: options.upcast === true,
            });
            for await (const line of lines) {
              if (failure !== undefined) break;
              // A file that failed stops waiting (its failure is said below); stdout's is said by main.ts.
              if (!out.write(line)) await (closed !== undefined ? Promise.race([once(out, 'drain').catch(() => undefined), closed]) : once(out, 'drain'));
              count++;
            }
          } finally {
            await store.close();
          }
          written = true;
        } finally {
          if (file !== undefined && stream !== undefined) {
            // Ended and closed (or destroyed by its failure): the file whole on disk, or not to be kept.
            if (!stream.closed) stream.end();
            await closed;
            if (written && failure === undefined) file.commit();
            else file.discard();
          }
        }
        if (failure !== undefined && options.out !== undefined) throw writeRefusal(options.out, failure);
        // The CSV's first line is its header.
        const exported = options.format === 'csv' ? count - 1 : count;
        process.stderr.write(`${countOf(exported, 'événement exporté', 'événements exportés')}\n`);
      },
    );

  program
    .command('verify')
    .description(
      'replie chaque flux et rend compte des versions de schéma trouvées, des événements qu’aucun upcaster ne peut amener à la version actuelle, des révisions manquantes et des événements qui ne se replient pas (code de sortie 1 s’il y en a)',
    )
    .addOption(new Option('--format <format>', 'text : le rapport en français ; json').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }) => {
      const cfg = config();
      let report: VerifyReport;
      if (cfg.eventStore === 'sqlite') requireDataDir(cfg.dataDir);
      if (cfg.eventStore === 'sqlite' && !existsSync(join(cfg.dataDir, EVENTS_FILE))) {
        // No log in the folder: nothing to verify, and nothing created.
        report = { events: 0, streams: 0, versions: [], unreadable: [], problems: [] };
      } else {
        const store = await openEvents();
        try {
          // On a terminal the count is rewritten in place; in a file or a pipe, one line each.
          const [before, after] = process.stderr.isTTY ? ['\r', ''] : ['', '\n'];
          report = await verifyLog(store, (n) => process.stderr.write(`${before}${countOf(n, 'événement vérifié', 'événements vérifiés')}${after}`));
          if (process.stderr.isTTY) process.stderr.write('\n');
        } finally {
          await store.close();
        }
      }
      process.stdout.write(options.format === 'json' ? `${json(report)}\n` : verifyReportText(report));
      if (!verifiedClean(report)) process.exitCode = 1;
    });

  registerRebuildCommand(program, config);

  program
    .command('demo')
    .description('charge le réseau de démonstration des documents sources par les commandes des utilisateurs (idempotent : une seconde exécution n’écrit rien)')
    .addOption(summaryFormatOption('text'))
    .action(async (options: { format: SummaryFormat }) => {
      await load(demoScript().plan(), 'demo', 8, options.format);
    });

  program
    .command('generate')
    .description(
      'génère un historique synthétique de partenariats à n’importe quelle échelle (modes dans les proportions des documents), par les commandes des utilisateurs',
    )
    .requiredOption('--partnerships <n>', `le nombre de partenariats (de 1 à ${frenchCount(GENERATE_PARTNERSHIPS_MAX)})`, partnershipsArg)
    .option('--seed <n>', 'la graine : même graine, même historique', positiveIntArg, 1)
    .option('--prefix <préfixe>', 'le préfixe des identifiants générés (pour plusieurs historiques côte à côte)', 'gen')
    .addOption(summaryFormatOption('text'))
    .action(async (options: { partnerships: number; seed: number; prefix: string; format: SummaryFormat }) => {
      if (!/^[a-z][a-z0-9-]{0,30}$/.test(options.prefix))
        throw new InvalidArgumentError('--prefix attend une lettre minuscule, puis des minuscules, des chiffres ou des tirets (31 caractères au plus)');
      await load(generateHistory(options), options.prefix, 32, options.format);
    });

  registerReportCommand(program.command('report'), config);
  registerObservatoryCommand(program, config);
  registerEraseCommands(program, config);
  program.hook('preAction', (_program, action) => refuseRepeatedOptions(action));

  return program;
}
