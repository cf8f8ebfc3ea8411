import { constants as osConstants } from 'node:os';

/** The signals that stop a long `ops` command (`rebuild`, `report`); a second one ends it at once. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The exit code of a command a signal ended, as a shell gives it: 128 + its number (130 for Ctrl-C, 143 for SIGTERM). */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (osConstants.signals[signal] ?? 0);
