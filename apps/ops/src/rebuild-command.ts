import { hostname } from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { RedisFeedNotifier } from '@catalyse/notifier';
import { opsCliActor, REBUILD_BATCH_SIZE_MAX } from '@catalyse/operations';
import { ProjectionRebuild, RebuildBusyError, type RebuildProgress, type RebuildResult } from '@catalyse/projections';
import { type CatalyseConfig, openEventStore, openProjectionStore } from '@catalyse/runtime';
import { countOf, frenchCount, OpsRefusal, requireEventLog } from './french-output';
import { json, type SummaryFormat, summaryFormatOption } from './summary-format';
import { signalExitCode, STOP_SIGNALS } from './stop-signals';

/** `--batch-size`: as `POST /api/operations/rebuilds` takes `batchSize` (400 above the same bound). */
const batchSizeArg = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > REBUILD_BATCH_SIZE_MAX)
    throw new InvalidArgumentError(`attendu : un entier de 1 à ${frenchCount(REBUILD_BATCH_SIZE_MAX)}`);
  return n;
};

/** The rebuild's phases as the operator reads them. */
const REBUILD_PHASES: Readonly<Record<RebuildProgress['phase'], string>> = { rebuilding: 'en reconstruction', switched: 'en service', done: 'terminée' };

/** `ops rebuild` while another rebuild holds the lease (the lease's 30 s are `ProjectionRebuild`'s default `leaseMs`). */
export const REBUILD_BUSY =
  'une autre reconstruction des modèles de lecture est en cours (par ops rebuild ou par l’api) : attendez qu’elle se termine ' +
  '(page Opérations de la console), puis relancez ops rebuild ; si aucune ne tourne plus (un processus arrêté brutalement), ' +
  'son verrou expire au plus tard 30 secondes après son arrêt';

/** The first signal, as `ops rebuild` hears it. */
export const REBUILD_STOPPING = 'arrêt demandé : la reconstruction s’arrête à la fin du lot en cours (un second Ctrl-C ou SIGTERM arrête sans attendre)';
/** A second signal while `ops rebuild` waits for its batch to end (the write lock, the final catch-up): it exits at once. */
export const rebuildStoppedAtOnce = (signal: NodeJS.Signals): string =>
  `arrêt immédiat (${signal}, second signal), sans attendre la fin du lot en cours : les lecteurs restent sur l’époque en service ; ` +
  'le verrou de cette reconstruction expire au plus tard 30 secondes après cet arrêt, relancez ops rebuild ensuite (elle supprimera l’époque inachevée)';
/** `ops rebuild` stopped by a signal: exit 128 + its number, as a shell says a command a signal ended (130 for Ctrl-C). */
export const rebuildStopped = (signal: NodeJS.Signals): string =>
  `reconstruction interrompue (${signal}) avant la bascule : les lecteurs restent sur l’époque en service ; relancez ops rebuild (elle supprimera l’époque inachevée)`;
/** The end of `ops rebuild` as the operator reads it. */
export function rebuildSummary(result: RebuildResult): string {
  return `époque ${result.epoch} en service (avant : ${result.previousEpoch}) : ${countOf(result.events, 'événement')} replié${result.events > 1 ? 's' : ''} jusqu’à la position ${result.position}, ${countOf(result.rooms, 'salon')} remis à zéro.\n`;
}

/** `ops rebuild`: every read model and room feed into a new epoch, then the switch (ADR 0011). */
export function registerRebuildCommand(program: Command, config: () => CatalyseConfig): void {
  program
    .command('rebuild')
    .description(
      'reconstruit chaque modèle de lecture et chaque fil de salon dans une nouvelle époque, à côté de ceux en service, puis y fait passer les lecteurs (sans interruption : les services peuvent tourner pendant ce temps)',
    )
    .option('--batch-size <n>', `nombre d’événements repliés par transaction (de 1 à ${frenchCount(REBUILD_BATCH_SIZE_MAX)})`, batchSizeArg, 500)
    .addOption(summaryFormatOption('text'))
    .action(async (options: { batchSize: number; format: SummaryFormat }) => {
      const cfg = config();
      if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
      const events = await openEventStore(cfg);
      const store = await openProjectionStore(cfg, 'write').catch(async (error: unknown) => {
        await events.close();
        throw error;
      });
      // Hubs hear of the switch through Redis when there is one; otherwise they notice it by polling the read models.
      // Its troubles in one French line each (the rebuild goes on without it: hubs poll the read models anyway).
      const notifier = cfg.redisUrl
        ? new RedisFeedNotifier({
            url: cfg.redisUrl,
            onError: (error) => process.stderr.write(`\nops : avertissement, Redis : ${error instanceof Error ? error.message : String(error)}\n`),
            log: {
              warn: () =>
                process.stderr.write('\nops : avertissement, Redis est injoignable ; les hubs verront la bascule en relisant les modèles de lecture\n'),
              log: () => process.stderr.write('\nops : Redis répond de nouveau\n'),
            },
          })
        : undefined;
      const bar = new SingleBar(
        {
          stream: process.stderr,
          format: '{stage} [{bar}] {percentage} % | position {value}/{total} | {events}',
          noTTYOutput: true,
          notTTYSchedule: 2000,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      // Ctrl-C or a stop (SIGTERM) ends the rebuild between two batches: it lets go of its lease at once, rather than
      // refuse every rebuild for the lease's 30 s as a killed process would. A batch may take long to end (waiting
      // for the write lock another process holds, the final catch-up inside it): a second signal exits at once, the
      // lease left to expire.
      const stop = new AbortController();
      let stoppedBy: NodeJS.Signals | undefined;
      const listeners = STOP_SIGNALS.map((signal) => {
        const listener = (): void => {
          if (stoppedBy) {
            bar.stop();
            process.stderr.write(`\nops : ${rebuildStoppedAtOnce(signal)}\n`);
            return process.exit(signalExitCode(signal));
          }
          stoppedBy = signal;
          process.stderr.write(`\nops : ${REBUILD_STOPPING}\n`);
          stop.abort();
        };
        process.on(signal, listener);
        return () => process.off(signal, listener);
      });
      try {
        bar.start(1, 0, { stage: 'préparation…', events: countOf(0, 'événement') });
        const rebuild = new ProjectionRebuild(events, store, notifier ?? { publish: async () => undefined }, {
          holder: opsCliActor(hostname(), process.pid),
          batchSize: options.batchSize,
          signal: stop.signal,
          onIgnored: (ignored) =>
            process.stderr.write(
              `\nlaissé de côté dans ${ignored.model} : l’événement à la position ${ignored.position} (${ignored.type} sur ${ignored.stream}) : ${ignored.reason}\n`,
            ),
          onProgress: (progress) => {
            const total = Math.max(1, Number(progress.target));
            bar.setTotal(total);
            const value = progress.phase === 'rebuilding' ? Number(progress.position) : total;
            bar.update(value, { stage: `époque ${progress.epoch} ${REBUILD_PHASES[progress.phase]}`, events: countOf(progress.events, 'événement') });
          },
        });
        const result = await rebuild.run().catch((error: unknown) => {
          // Not a failure of this command: another rebuild (`ops rebuild`, or the api's job) holds the rebuild lease.
          if (error instanceof RebuildBusyError) throw new OpsRefusal(REBUILD_BUSY);
          if (stoppedBy) throw new OpsRefusal(rebuildStopped(stoppedBy), signalExitCode(stoppedBy));
          throw error;
        });
        bar.stop();
        process.stdout.write(options.format === 'json' ? `${json(result)}\n` : rebuildSummary(result));
      } finally {
        for (const unlisten of listeners) unlisten();
        bar.stop();
        await notifier?.close();
        await store.close();
        await events.close();
      }
    });
}
