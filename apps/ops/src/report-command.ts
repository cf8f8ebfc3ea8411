import { join } from 'node:path';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CommandHandler } from '@catalyse/commands';
import {
  AGGREGATES,
  HISTORY_CLOCKS,
  type HistoryClock,
  isDateOrInstant,
  REPORT_KINDS,
  REPORT_YEAR_MAX,
  REPORT_YEAR_MIN,
  reportDecider,
  type ReportKind,
  reportStream,
  type RequestReport,
} from '@catalyse/domain';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import { opsCliActor } from '@catalyse/operations';
import {
  batchYearAfterCut,
  batchYearRefusal,
  frenchDate,
  INDEX_ITEM,
  REPORT_FORMATS,
  REPORT_JOB,
  type ReportFormat,
  type ReportJobData,
  type ReportJobResult,
  reportJobHandler,
  selectPartnerships,
} from '@catalyse/reports';
import { type CatalyseConfig, openEventStore, openProjectionStore, openReportStore } from '@catalyse/runtime';
import { COLLECTIONS, type ProjectionStore } from '@catalyse/projections';
import type { EventStore } from '@catalyse/event-store';
import { AGGREGATE_WORDS, checkFolderWritable, checkWritable, countOf, makeFolder, OpsRefusal, requireEventLog, writeRefusal } from './french-output';
import { identifierArg } from './arguments';
import { refuseClockAlone, refuseFuture } from './not-in-future';
import { refuseDataFolderOutput, replaceFile } from './output-file';
import { signalExitCode, STOP_SIGNALS } from './stop-signals';

interface ReportOptions {
  readonly kind: ReportKind;
  readonly id?: string;
  readonly territory?: string;
  readonly year?: number;
  readonly asOf?: string;
  readonly clock: HistoryClock;
  readonly format: ReportFormat;
  readonly out?: string;
  readonly outDir?: string;
  readonly item?: string;
}

/** `--year`: the years `POST /api/reports` takes (`year`, 400 outside them). */
const yearArg = (value: string): number => {
  const year = Number(value);
  if (!/^\d+$/.test(value) || year < REPORT_YEAR_MIN || year > REPORT_YEAR_MAX)
    throw new InvalidArgumentError(`attendu : une année de ${REPORT_YEAR_MIN} à ${REPORT_YEAR_MAX}`);
  return year;
};
const dateArg = (value: string): string => {
  if (!isDateOrInstant(value)) throw new InvalidArgumentError('attendu : une date AAAA-MM-JJ ou un instant ISO-8601 avec son fuseau, qui existent');
  return value;
};

/**
 * `ops report`: asks for a report (a `ReportRequested` in the log, like the
 * api) and runs its `report` job here, in process, on the configured stores;
 * the running services see its progress in the `ops` feed. Writes the report
 * in one format to a file or stdout, or every file to a folder.
 */
export function registerReportCommand(command: Command, config: () => CatalyseConfig): void {
  command
    .description(
      'établit un rapport d’évaluation (partenariat, expérimentation, territoire, ou tous les partenariats d’un territoire ou d’une année) et l’écrit',
    )
    .addOption(new Option('--kind <type>', 'ce sur quoi porte le rapport').choices([...REPORT_KINDS]).default('partnership'))
    .option('--id <id>', 'l’identifiant du partenariat, de l’expérimentation ou du territoire', identifierArg)
    .option('--territory <id>', 'lot : tous les partenariats de ce territoire', identifierArg)
    .option('--year <année>', 'lot : tous les partenariats vivants cette année-là', yearArg)
    .option('--as-of <date|instant>', 'le rapport tel qu’il aurait été établi à cette date (fin de journée dans le fuseau du réseau)', dateArg)
    .addOption(
      new Option('--clock <horloge>', 'happened : selon la date des faits ; recorded : selon la date d’enregistrement')
        .choices([...HISTORY_CLOCKS])
        .default('happened'),
    )
    .addOption(new Option('--format <format>', 'le format écrit').choices([...REPORT_FORMATS]).default('html'))
    .option(
      '--out <fichier>',
      'écrit le rapport (ou l’index d’un lot) dans ce fichier plutôt que sur la sortie standard, remplacé une fois complet (jamais un fichier du dossier de données)',
    )
    .option('--out-dir <dossier>', 'écrit tous les fichiers du rapport (chaque format, chaque partenariat d’un lot) dans ce dossier')
    .option('--item <id>', 'pour un lot : le partenariat dont écrire le rapport (par défaut, l’index)')
    .action(async (options: ReportOptions, command: Command) => {
      refuseClockAlone(command, '--as-of', options.asOf);
      const batch = options.territory !== undefined || options.year !== undefined;
      if (options.id !== undefined && batch) throw new InvalidArgumentError('donnez --id (un rapport) ou --territory / --year (un lot), pas les deux');
      if (options.id === undefined && !batch) throw new InvalidArgumentError('--id est requis (ou --territory / --year pour un lot de partenariats)');
      if (batch && options.kind !== 'partnership') throw new InvalidArgumentError('un lot ne rassemble que des partenariats : --kind partnership');
      refuseWhatDoesNotApply(options, batch, command);
      const cfg = config();
      if (options.asOf !== undefined) refuseFuture('--as-of', options.asOf, new Date(), cfg.timeZone);
      // A year not yet come is refused, as POST /api/reports refuses it (400): the batch would be today's, named after it.
      const refusal = options.year === undefined ? undefined : batchYearRefusal(options.year, new Date(), cfg.timeZone);
      if (refusal) throw new InvalidArgumentError(refusal);
      if (options.year !== undefined && options.asOf !== undefined && batchYearAfterCut(options.year, options.asOf, cfg.timeZone)) {
        throw new InvalidArgumentError(
          `--year ${options.year} est après l’année de --as-of : les partenariats actifs en ${options.year} ne se lisent pas au ${frenchDate(options.asOf, cfg.timeZone)}`,
        );
      }
      await runReport(cfg, options);
    });
}

/**
 * Options that do not apply to what is asked, refused before any work (exit 2) rather than built and then found
 * wanting (`--item` without a batch asked for a file the report never has) or silently ignored.
 */
function refuseWhatDoesNotApply(options: ReportOptions, batch: boolean, command: Command): void {
  if (options.item !== undefined && !batch) {
    throw new InvalidArgumentError(
      '--item ne s’applique qu’à un lot (--territory / --year) : il choisit le partenariat du lot dont écrire le rapport ; un rapport --id s’écrit sans lui',
    );
  }
  if (options.outDir === undefined) return;
  if (options.out !== undefined) throw new InvalidArgumentError('donnez --out (un fichier) ou --out-dir (tous les fichiers), pas les deux');
  if (options.item !== undefined) throw new InvalidArgumentError('--out-dir écrit déjà le rapport de chaque partenariat du lot : --item ne s’y ajoute pas');
  if (command.getOptionValueSource('format') === 'cli')
    throw new InvalidArgumentError(`--out-dir écrit déjà chaque format (${REPORT_FORMATS.join(', ')}) : --format ne s’y ajoute pas`);
}

/**
 * Writes a file whole (through a temporary file renamed into place: one that fails leaves any file there as it was),
 * or refuses in French (« impossible d’écrire /x/y.html : le dossier n’existe pas »), and never one of the data
 * folder's own files.
 */
function writeOrRefuse(path: string, content: string | Uint8Array, dataDir: string, option: string): void {
  replaceFile(refuseDataFolderOutput(option, path, dataDir), path, content);
}

async function runReport(cfg: CatalyseConfig, options: ReportOptions): Promise<void> {
  // The data folder's own files (the log, the keys…) are no place for a report: refused before anything is asked.
  if (options.out !== undefined) refuseDataFolderOutput('--out', options.out, cfg.dataDir);
  if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
  // Refused before the report is asked for: a file, or a folder, that cannot be written.
  if (options.out !== undefined) checkWritable(options.out);
  if (options.outDir !== undefined) checkFolderWritable(options.outDir);
  const events = await openEventStore(cfg);
  const closers: (() => Promise<void>)[] = [() => events.close()];
  const jobs = new InProcessJobQueue();
  const listeners: (() => void)[] = [];
  try {
    const readModels = await openProjectionStore(cfg, 'read');
    closers.push(() => readModels.close());
    const reports = await openReportStore(cfg);
    closers.push(() => reports.close());
    const commands = new CommandHandler(events);
    const now = new Date();
    // The second says when; the random part keeps two runs apart (two containers' CLIs are often both pid 1).
    const reportId = `ops-${now
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 14)}-${randomBytes(4).toString('hex')}`;
    const selection: RequestReport['data']['selection'] =
      options.id !== undefined
        ? { scope: 'one', id: options.id }
        : {
            scope: 'batch',
            ...(options.territory !== undefined ? { territory: options.territory } : {}),
            ...(options.year !== undefined ? { year: options.year } : {}),
          };
    // As over HTTP (404, nothing recorded): a report on nothing is refused before it is asked for.
    await assertSubjectExists(events, readModels, options.kind, selection);
    // A batch's --item that is none of its partnerships: said before the batch is built, not after.
    if (selection.scope === 'batch' && options.item !== undefined && options.item !== INDEX_ITEM) {
      const ids = await selectPartnerships({ events, readModels, timeZone: cfg.timeZone }, selection);
      if (!ids.includes(options.item)) throw new OpsRefusal(`le partenariat ${options.item} n’est pas dans ce lot (${countOf(ids.length, 'partenariat')})`);
    }
    const actor = opsCliActor(hostname());
    await commands.handle(
      reportDecider,
      reportStream(reportId),
      {
        type: 'RequestReport',
        data: {
          reportId,
          kind: options.kind,
          selection,
          ...(options.asOf !== undefined ? { asOf: { time: options.asOf, clock: options.clock } } : {}),
          requestedBy: actor,
          requestedAt: now.toISOString(),
        },
      },
      { actor, correlationId: `report-${reportId}`, occurredAt: now.toISOString() },
    );
    process.stderr.write(`rapport ${reportId} demandé\n`);
    const stop = stopOnSignal(commands, reportId, actor);
    listeners.push(...stop.unlisten);
    const run = reportJobHandler({ events, readModels, commands, reports, timeZone: cfg.timeZone, actor });
    const done = new Promise<ReportJobResult>((resolve, reject) => {
      jobs.work<ReportJobData>(REPORT_JOB, async (job) => {
        try {
          const result = await run({
            ...job,
            progress: async (progress) => {
              process.stderr.write(`  ${String(progress.percent).padStart(3)} % ${progress.message ?? ''}\n`);
              await job.progress(progress);
            },
          });
          resolve(result);
          return result;
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
      });
    });
    await jobs.enqueue<ReportJobData>(REPORT_JOB, { reportId }, { jobId: reportId });
    const outcome = await done.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    // Stopped by a signal: what the build did after it (its report failed, its commands refused) is no error of its
    // own; the stop says why, and ends the process.
    const stopping = stop.stopping();
    if (stopping) return await stopping;
    if ('error' in outcome) throw outcome.error;
    const { result } = outcome;
    if (result.status === 'failed') {
      process.stderr.write(`rapport ${reportId} non établi : ${result.reason ?? ''}\n`);
      process.exitCode = 1;
      return;
    }
    if (options.outDir !== undefined) {
      try {
        makeFolder(options.outDir);
      } catch (error) {
        throw writeRefusal(options.outDir, error);
      }
      const files = await reports.list(reportId);
      for (const info of files) {
        const file = await reports.get(reportId, info.item, info.format);
        if (file) writeOrRefuse(join(options.outDir, file.fileName), file.content, cfg.dataDir, '--out-dir');
      }
      process.stderr.write(`${countOf(files.length, 'fichier écrit', 'fichiers écrits')} dans ${options.outDir}\n`);
    } else {
      const item = options.item ?? (options.id !== undefined ? options.id : INDEX_ITEM);
      const file = await reports.get(reportId, item, options.format);
      if (!file) throw new OpsRefusal(`le rapport ${reportId} n’a pas de fichier ${options.format} pour ${item}`);
      if (options.out !== undefined) {
        writeOrRefuse(options.out, file.content, cfg.dataDir, '--out');
        process.stderr.write(`rapport écrit dans ${options.out}\n`);
      } else {
        process.stdout.write(file.content);
      }
    }
    process.stderr.write(
      `rapport ${reportId} établi (${result.items} rapport${result.items > 1 ? 's' : ''}) ; aussi téléchargeable : /api/reports/${reportId}/download\n`,
    );
  } finally {
    for (const unlisten of listeners) unlisten();
    await jobs.close();
    for (const close of closers.reverse()) await close();
  }
}

/** Why a report `ops report` was building is failed when a signal stops it: Ctrl-C, or a stop (systemd, a timeout). */
export const reportInterrupted = (signal: NodeJS.Signals): string =>
  `${signal === 'SIGINT' ? 'interrompu par l’opérateur (Ctrl-C)' : `arrêté par un signal d’arrêt (${signal})`} ; relancez ops report`;

/**
 * Ctrl-C or a stop (SIGTERM) while the report is built: the report is recorded failed, with the reason in French
 * (not left running for ever), said on stderr, and the command exits 130 or 143 as a shell says a signal ended it.
 * A second signal exits at once. `stopping` is that stop once a signal came: what the build did after it is not said.
 */
function stopOnSignal(commands: CommandHandler, reportId: string, actor: string): { unlisten: (() => void)[]; stopping: () => Promise<void> | undefined } {
  let stopping: Promise<void> | undefined;
  const unlisten = STOP_SIGNALS.map((signal) => {
    const listener = (): void => {
      if (stopping) return process.exit(signalExitCode(signal));
      const at = new Date().toISOString();
      stopping = commands
        .handle(
          reportDecider,
          reportStream(reportId),
          { type: 'FailReport', data: { reason: reportInterrupted(signal), failedAt: at } },
          { actor, correlationId: `report-${reportId}`, occurredAt: at },
        )
        .then(
          () => void process.stderr.write(`\nops : rapport ${reportId} ${reportInterrupted(signal)}\n`),
          (error: unknown) =>
            void process.stderr.write(
              `\nops : rapport ${reportId} interrompu (${signal}), son échec n’a pas pu être enregistré : ${error instanceof Error ? error.message : String(error)}\n`,
            ),
        )
        .finally(() => process.exit(signalExitCode(signal)));
    };
    process.on(signal, listener);
    return () => process.off(signal, listener);
  });
  return { unlisten, stopping: () => stopping };
}

/** The aggregate a report is about, or a batch's territory (registered, or named by a partnership), exists. */
async function assertSubjectExists(
  events: EventStore,
  readModels: ProjectionStore,
  kind: ReportKind,
  selection: RequestReport['data']['selection'],
): Promise<void> {
  const exists = async (category: ReportKind, id: string): Promise<boolean> =>
    (await events.readStream(AGGREGATES[category].streamOf(id), { from: 0n, direction: 'forwards', limit: 1 })).length > 0;
  if (selection.scope === 'one') {
    if (!(await exists(kind, selection.id))) throw new OpsRefusal(`${AGGREGATE_WORDS[kind]} ${selection.id} n’existe pas`);
    return;
  }
  const { territory } = selection;
  if (territory === undefined || (await exists('territory', territory))) return;
  const named = await readModels.findDocs(COLLECTIONS.partnerships, { territory }, { limit: 1, offset: 0 });
  if (named.length === 0) throw new OpsRefusal(`${AGGREGATE_WORDS.territory} ${territory} n’existe pas`);
}
