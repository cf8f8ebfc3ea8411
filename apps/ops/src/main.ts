#!/usr/bin/env node
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TOKEN_TTL_SECONDS, loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { CommandHandler, foldAsOf } from '@catalyse/commands';
import { demoScript, generateHistory } from '@catalyse/demo';
import { AGGREGATE_CATEGORIES, AGGREGATES, type AggregateCategory, anyAggregate, HISTORY_CLOCKS, type HistoryClock, isDateOrInstant } from '@catalyse/domain';
import { RedisFeedNotifier } from '@catalyse/notifier';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportLog,
  type LoadReport,
  loadScript,
  type ScriptPlan,
  verifiedClean,
  verifyLog,
  verifyReportText,
} from '@catalyse/operations';
import { ProjectionRebuild, type RebuildProgress } from '@catalyse/projections';
import { ROLES, type Role } from '@catalyse/protocol';
import { loadConfig, openEventStore, openProjectionStore } from '@catalyse/runtime';
import { registerEraseCommands } from './erase-command';
import { durationArg } from './duration';
import { registerObservatoryCommand } from './observatory-command';
import { registerReportCommand } from './report-command';

/** The operator CLI: `npm run ops -- <command>`. Same configuration (DATA_DIR, EVENT_STORE, DATABASE_URL, …) as the services. */
const program = new Command('ops').description('Catalyse operator tools').showHelpAfterError();

const config = () => loadConfig();
/** The services' event store, whichever the configuration names (SQLite in DATA_DIR, PostgreSQL, KurrentDB). */
const openEvents = () => openEventStore(config());
const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
const positiveIntArg = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};
const bigintArg = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return BigInt(value);
};

program
  .command('token')
  .description('mint a bearer token with the secret of DATA_DIR (printed as the last line)')
  .requiredOption('--sub <id>', 'subject: a catalyseur id, a person, an operator')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
  .option('--org <orgId>', 'for partners: the organisation they speak for')
  .option(
    '--expires-in <duration>',
    'durée de validité : 90m, 12h, 7j (ou 7d), ou un nombre de secondes (par défaut 12h, au plus 90j)',
    durationArg,
    DEFAULT_TOKEN_TTL_SECONDS,
  )
  .option('--link [baseUrl]', 'print a sign-in link to the console instead (<baseUrl>/#token=…, default http://localhost:$PORT)')
  .action((options: { sub: string; role: Role; org?: string; expiresIn: number; link?: string | true }) => {
    const { dataDir, jwtSecret, port } = config();
    const tokens = new TokenService(loadOrCreateSecret(dataDir, jwtSecret));
    const principal = options.org ? { sub: options.sub, role: options.role, org: options.org } : { sub: options.sub, role: options.role };
    const token = tokens.sign(principal, options.expiresIn);
    const until = new Date(Date.now() + options.expiresIn * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    process.stderr.write(`ops : jeton valable jusqu’au ${until} (--expires-in pour une autre durée)\n`);
    if (options.link === undefined) {
      process.stdout.write(`${token}\n`);
      return;
    }
    const base = (options.link === true ? `http://localhost:${port}` : options.link).replace(/\/+$/, '');
    process.stdout.write(`${base}/#token=${token}\n`);
  });

/** A date (`YYYY-MM-DD`) or an ISO-8601 instant with its zone, both real (`2025-02-30` is refused, not read as 2 March). */
const timeArg = (value: string): string => {
  if (!isDateOrInstant(value))
    throw new InvalidArgumentError('attendu : une date AAAA-MM-JJ ou un instant ISO-8601 avec son fuseau (2013-01-01, 2013-01-01T12:00:00Z), qui existent');
  return value;
};

program
  .command('as-of')
  .description('state of one aggregate as it was: its events inside a cut (a time on a clock, a global position, or both) folded by its decider')
  .addOption(new Option('--kind <kind>', 'aggregate').choices(AGGREGATE_CATEGORIES).default('partnership'))
  .requiredOption('--id <id>', 'aggregate id')
  .option('--time <date|instant>', 'une date AAAA-MM-JJ (jusqu’à la fin de ce jour, dans le fuseau du réseau) ou un instant ISO-8601', timeArg)
  .addOption(
    new Option('--clock <clock>', 'happened : les faits survenus à cette date (la date portée par chaque événement) ; recorded : ce qui était enregistré alors')
      .choices([...HISTORY_CLOCKS])
      .default('happened'),
  )
  .option('--position <n>', 'global position', bigintArg)
  .action(async (options: { kind: AggregateCategory; id: string; time?: string; clock: HistoryClock; position?: bigint }) => {
    const { timeZone } = config();
    const cut = {
      ...(options.time !== undefined ? { time: options.time, clock: options.clock } : {}),
      ...(options.position !== undefined ? { position: options.position } : {}),
    };
    const store = await openEvents();
    try {
      const folded = await foldAsOf(store, anyAggregate(options.kind).decider, AGGREGATES[options.kind].streamOf(options.id), cut, timeZone);
      process.stdout.write(`${json({ cut: { ...cut, timeZone }, ...folded })}\n`);
      for (const e of folded.unreadable) {
        process.stderr.write(
          `ops: attention, l’événement de révision ${e.revision} (${e.type}) est laissé de côté, illisible par cette version : ${e.reason}\n`,
        );
      }
    } finally {
      await store.close();
    }
  });

program
  .command('export')
  .description('export the global log as NDJSON or CSV (stdout or --out file), page by page')
  .option('--out <file>', 'write to this file')
  .addOption(
    new Option('--format <format>', 'ndjson : une ligne JSON par événement ; csv : une ligne par événement (UTF-8 avec BOM)')
      .choices([...EXPORT_FORMATS])
      .default('ndjson'),
  )
  .option('--after <position>', 'only events after this position', bigintArg)
  .option('--stream-prefix <prefix...>', 'only streams starting with these prefixes')
  .option('--type <type...>', 'seulement ces types d’événements')
  .option('--from <date|instant>', 'seulement les événements à partir de cette date ou de cet instant (inclus)', timeArg)
  .option('--to <date|instant>', 'seulement les événements jusqu’à cette date ou cet instant (inclus)', timeArg)
  .addOption(
    new Option('--clock <clock>', 'l’horloge de --from et --to : recorded (enregistrement, par défaut) ou happened (date des faits)')
      .choices([...HISTORY_CLOCKS])
      .default('recorded'),
  )
  .option('--upcast', 'chaque événement amené à la version actuelle de son type (par défaut : tels qu’enregistrés, avec leur version)')
  .action(
    async (options: {
      out?: string;
      format: ExportFormat;
      upcast?: boolean;
      after?: bigint;
      streamPrefix?: string[];
      type?: string[];
      from?: string;
      to?: string;
      clock: HistoryClock;
    }) => {
      const { timeZone } = config();
      const store = await openEvents();
      const out: NodeJS.WritableStream = options.out ? createWriteStream(options.out) : process.stdout;
      let count = 0;
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
          if (!out.write(line)) await once(out, 'drain');
          count++;
        }
      } finally {
        await store.close();
        if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
      }
      // The CSV's first line is its header.
      process.stderr.write(`${options.format === 'csv' ? count - 1 : count} événements exportés\n`);
    },
  );

program
  .command('verify')
  .description(
    'replie chaque flux et rend compte des versions de schéma trouvées, des événements qu’aucun upcaster ne peut amener à la version actuelle, des révisions manquantes et des événements qui ne se replient pas (code de sortie 1 s’il y en a)',
  )
  .addOption(new Option('--format <format>', 'text : le rapport en français ; json').choices(['text', 'json']).default('text'))
  .action(async (options: { format: 'text' | 'json' }) => {
    const store = await openEvents();
    try {
      const report = await verifyLog(store, (n) => process.stderr.write(`\r${n} événements vérifiés`));
      process.stderr.write('\n');
      process.stdout.write(options.format === 'json' ? `${json(report)}\n` : verifyReportText(report));
      if (!verifiedClean(report)) process.exitCode = 1;
    } finally {
      await store.close();
    }
  });

program
  .command('rebuild')
  .description(
    'rebuild every read model and room feed into a new epoch beside the live ones, then switch readers to it (no downtime: services may run meanwhile)',
  )
  .option('--batch-size <n>', 'events folded per transaction', positiveIntArg, 500)
  .action(async (options: { batchSize: number }) => {
    const cfg = config();
    const events = await openEvents();
    const store = await openProjectionStore(cfg, 'write').catch(async (error: unknown) => {
      await events.close();
      throw error;
    });
    // Hubs hear of the switch through Redis when there is one; otherwise they notice it by polling the read models.
    const notifier = cfg.redisUrl ? new RedisFeedNotifier({ url: cfg.redisUrl }) : undefined;
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'époque {epoch} {phase} [{bar}] {percentage} % | position {value}/{total} | {events} événements',
        noTTYOutput: true,
        notTTYSchedule: 2000,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    try {
      bar.start(1, 0, { epoch: '?', phase: 'démarrage', events: 0 });
      const rebuild = new ProjectionRebuild(events, store, notifier ?? { publish: async () => undefined }, {
        holder: `ops-cli/${hostname()}/${process.pid}`,
        batchSize: options.batchSize,
        onIgnored: (ignored) =>
          process.stderr.write(
            `\nleft out of ${ignored.model}: event at position ${ignored.position} (${ignored.type} on ${ignored.stream}): ${ignored.reason}\n`,
          ),
        onProgress: (progress) => {
          const total = Math.max(1, Number(progress.target));
          bar.setTotal(total);
          const value = progress.phase === 'rebuilding' ? Number(progress.position) : total;
          bar.update(value, { epoch: progress.epoch, phase: REBUILD_PHASES[progress.phase], events: progress.events });
        },
      });
      const result = await rebuild.run();
      bar.stop();
      process.stdout.write(`${json(result)}\n`);
    } finally {
      bar.stop();
      await notifier?.close();
      await store.close();
      await events.close();
    }
  });

/** The rebuild's phases as the operator reads them. */
const REBUILD_PHASES: Readonly<Record<RebuildProgress['phase'], string>> = { rebuilding: 'en reconstruction', switched: 'en service', done: 'terminée' };

/** Loads a script through the command path, with a progress bar on stderr; prints the report on stdout. */
async function load(plan: ScriptPlan, source: string, concurrency: number): Promise<void> {
  const events = await openEvents();
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${source} [{bar}] {percentage}% | {value}/{total} streams | {applied} commands applied`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let report: LoadReport;
  try {
    bar.start(plan.streamCount, 0, { applied: 0 });
    report = await loadScript(events, new CommandHandler(events), plan, {
      source,
      concurrency,
      onProgress: (progress) => bar.update(progress.streams, { applied: progress.applied }),
    });
  } finally {
    bar.stop();
    await events.close();
  }
  process.stdout.write(`${json(report)}\n`);
  if (report.diverged.length > 0) process.exitCode = 1;
}

program
  .command('demo')
  .description('load the demo network of the source documents through the users’ commands (idempotent: a second run writes nothing)')
  .action(async () => {
    await load(demoScript().plan(), 'demo', 8);
  });

program
  .command('generate')
  .description('generate a synthetic history of partnerships at any scale (modes in the documents’ shares), through the users’ commands')
  .requiredOption('--partnerships <n>', 'how many partnerships', positiveIntArg)
  .option('--seed <n>', 'same seed, same history', positiveIntArg, 1)
  .option('--prefix <prefix>', 'prefix of the generated ids (several histories side by side)', 'gen')
  .action(async (options: { partnerships: number; seed: number; prefix: string }) => {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(options.prefix)) throw new InvalidArgumentError('--prefix: lower-case letters, digits and dashes');
    await load(generateHistory(options), options.prefix, 32);
  });

registerReportCommand(program.command('report'), config);
registerObservatoryCommand(program, config);
registerEraseCommands(program, config);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`ops: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
