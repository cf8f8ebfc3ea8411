import { CommandHandler } from '@catalyse/commands';
import { reportDecider, reportStream } from '@catalyse/domain';
import { loadConfig, openEventStore } from '@catalyse/runtime';
import { opsInProcess, type OpsRun, useDemoFolder } from './testing/ops-in-process';

/**
 * `ops report` stopped by Ctrl-C (or SIGTERM) while it builds: the report is recorded failed with a French reason
 * (it stayed `running` for ever, its archive and download refused), said on stderr, exit 130 or 143. In process, as the
 * rebuild's signal spec: the signal emitted to the process's listeners, `process.exit` caught.
 */
describe('ops report stopped by a signal', () => {
  useDemoFolder('catalyse-ops-report-signal-');
  const ops = (args: readonly string[], onErr: (err: string) => void = () => undefined): Promise<OpsRun> => opsInProcess(args, { onErr });

  it.each([
    ['SIGINT', 130, 'interrompu par l’opérateur (Ctrl-C) ; relancez ops report'],
    ['SIGTERM', 143, 'arrêté par un signal d’arrêt (SIGTERM) ; relancez ops report'],
  ] as const)(
    'on %s, records the report failed, says why in French and exits %i',
    async (signal, exitCode, reason) => {
      let exited: (code: number) => void = () => undefined;
      const exit = new Promise<number>((resolve) => (exited = resolve));
      const exitSpy = jest.spyOn(process, 'exit').mockImplementation((code) => {
        exited(Number(code));
        return undefined as never;
      });
      let sent = false;
      try {
        const running = ops(['report', '--year', '2013'], (err) => {
          // Once asked for (its listeners on), the terminal's Ctrl-C or a stop, mid-build.
          if (!sent && /rapport \S+ demandé/.test(err)) {
            sent = true;
            setImmediate(() => process.emit(signal));
          }
        });
        let timer: NodeJS.Timeout | undefined;
        const code = await Promise.race([exit, new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), 20_000)))]);
        clearTimeout(timer);
        const { err } = await running;
        expect(code).toBe(exitCode);
        const reportId = /rapport (\S+) demandé/.exec(err)?.[1] ?? '';
        expect(err).toContain(`ops : rapport ${reportId} ${reason}\n`);
        // What the build does once stopped (here it goes on, `process.exit` caught) is not said as an unexpected error.
        expect(err.slice(err.indexOf(reason))).not.toContain('erreur inattendue');
        const events = await openEventStore(loadConfig());
        try {
          const { state } = await new CommandHandler(events).load(reportDecider, reportStream(reportId));
          expect(state).toMatchObject({ status: 'failed', reason });
        } finally {
          await events.close();
        }
        expect(process.listenerCount(signal)).toBe(0);
      } finally {
        exitSpy.mockRestore();
      }
    },
    60_000,
  );
});
