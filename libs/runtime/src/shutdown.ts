import { Logger } from '@nestjs/common';

interface Closable {
  close(): Promise<void>;
}

/**
 * Closes the app on SIGTERM or SIGINT (hooks run: the projector commits its
 * batch, sockets close, stores close) and exits 0; a second signal, or a close
 * that takes longer than `graceMs`, exits 1. Nest's own `enableShutdownHooks`
 * re-raises the signal, which ends the process without an exit code.
 */
export function closeOnSignals(app: Closable, service: string, graceMs = 10_000): void {
  const logger = new Logger(service);
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      logger.error(`shutdown took more than ${graceMs} ms: exiting`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
