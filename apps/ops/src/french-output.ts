import { accessSync, constants, existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { CommanderError, InvalidArgumentError } from 'commander';
import type { AggregateCategory } from '@catalyse/domain';
import { ConfigError, EVENTS_FILE, systemErrorOf, UnreachableError } from '@catalyse/runtime';

/** The exit code of a command line that makes no sense, whoever refuses it (commander, or an action): 2. */
export const USAGE_EXIT_CODE = 2;

/**
 * A refusal the operator reads as is (« le partenariat nope n’existe pas »),
 * with its exit code: 1 for what does not exist or cannot be done, 2
 * (`USAGE_EXIT_CODE`) for a command line that makes no sense.
 */
export class OpsRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'OpsRefusal';
  }
}

/** What a system error code means, in French (`ENOENT` → « le dossier n’existe pas » for a file to write). */
const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'ce fichier ou ce dossier n’existe pas',
  EACCES: 'permission refusée',
  EPERM: 'opération non permise',
  ENOTDIR: 'un élément du chemin n’est pas un dossier',
  EISDIR: 'c’est un dossier',
  ENOSPC: 'plus de place sur le disque',
  EROFS: 'le système de fichiers est en lecture seule',
  EEXIST: 'existe déjà',
  EMFILE: 'trop de fichiers ouverts',
  ENAMETOOLONG: 'nom de fichier trop long',
  EBUSY: 'ressource occupée',
  ECONNREFUSED: 'connexion refusée',
  ENOTFOUND: 'adresse introuvable',
  ETIMEDOUT: 'délai dépassé',
};

/** What a system call could not do, in French (`mkdir` → « impossible de créer le dossier »). */
const SYSTEM_CALLS: Readonly<Record<string, string>> = {
  open: 'impossible d’ouvrir',
  mkdir: 'impossible de créer le dossier',
  write: 'impossible d’écrire',
  read: 'impossible de lire',
  rename: 'impossible de renommer',
  unlink: 'impossible de supprimer',
  rmdir: 'impossible de supprimer le dossier',
  scandir: 'impossible de lire le dossier',
  stat: 'impossible de consulter',
  lstat: 'impossible de consulter',
  access: 'impossible d’accéder à',
  copyfile: 'impossible de copier',
  connect: 'impossible de se connecter à',
};

/** The reason of a failed write, in French: a missing parent folder is said as such. */
function writeReason(code: string): string {
  if (code === 'ENOENT') return 'le dossier n’existe pas';
  return SYSTEM_REASONS[code] ?? code;
}

/**
 * What the top-level catch prints after « ops : »: a refusal or a server out of
 * reach as is, a system error as a French sentence naming its path, a
 * configuration error with its lead, anything else after a generic French lead.
 */
export function frenchErrorMessage(error: unknown): string {
  if (error instanceof OpsRefusal || error instanceof InvalidArgumentError || error instanceof CommanderError) return error.message;
  // Said in French by the opening of a server the configuration names (libs/runtime `reach`): the server, the
  // variable, its URL (password hidden), the reason (« impossible d’ouvrir PostgreSQL désigné par DATABASE_URL … »).
  if (error instanceof UnreachableError) return error.message;
  const system = systemErrorOf(error);
  if (system) {
    const reason = SYSTEM_REASONS[system.code] ?? system.code;
    const target = system.path ?? (system.address ? `${system.address}${system.port ? `:${system.port}` : ''}` : undefined);
    const action = system.syscall ? (SYSTEM_CALLS[system.syscall] ?? `échec de ${system.syscall} sur`) : undefined;
    if (action && target) return `${action} ${target} : ${reason}`;
    if (target) return `${target} : ${reason}`;
    return `erreur système : ${reason} (${system.code})`;
  }
  // Said in French by libs/runtime (« PORT doit être un entier entre 0 et 65535 (reçu : abc) »), as the services say it.
  if (error instanceof ConfigError) return `configuration invalide : ${error.message}`;
  const { message } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown };
  return `erreur inattendue : ${typeof message === 'string' ? message : String(error)}`;
}

/**
 * The exit code of an error that reached the top-level catch: a refusal's own; a command line refused by commander
 * (unknown option, missing argument, refused value: `CommanderError`) or by an action (`InvalidArgumentError`) 2, the
 * same for both; the help asked for 0; anything else 2.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof OpsRefusal) return error.exitCode;
  if (error instanceof CommanderError && !(error instanceof InvalidArgumentError)) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
  return USAGE_EXIT_CODE;
}

/**
 * A write to a reader that left (`ops export | head -1`, `ops verify | grep -q …`): EPIPE. Not a failure of the
 * command: its reader had what it wanted. Unix tools end quietly then (killed by SIGPIPE, which Node ignores); ops
 * ends quietly too, with exit code 0 rather than 141, so that `set -o pipefail` scripts do not fail on `| head`.
 */
export function isClosedOutput(error: unknown): boolean {
  return systemErrorOf(error)?.code === 'EPIPE';
}

/**
 * Ends the process as soon as `stream` (stdout) fails: quietly (exit 0) when its reader left, with the French
 * message of any other error. Without it the error event of a closed stdout has no listener: Node would end on it
 * with an English stack trace, or a command waiting for `drain` would say « erreur système : EPIPE ».
 */
export function endOnOutputError(stream: NodeJS.WritableStream, exit: (code: number) => void): void {
  stream.on('error', (error: unknown) => {
    reportFailure(error);
    exit(Number(process.exitCode ?? 0));
  });
}

/** Prints an error that reached the top-level catch, in French, and sets its exit code (commander has said its own already). */
export function reportFailure(error: unknown): void {
  if (isClosedOutput(error)) {
    process.exitCode = 0;
    return;
  }
  if (!(error instanceof CommanderError) || error instanceof InvalidArgumentError) process.stderr.write(`ops : ${frenchErrorMessage(error)}\n`);
  process.exitCode = exitCodeOf(error);
}

/** Refuses, in French, a file that could not be written (its folder missing, not writable, or it is a folder), without creating it. */
export function checkWritable(path: string): void {
  const fail = (code: string): never => {
    throw new OpsRefusal(`impossible d’écrire ${path} : ${writeReason(code)}`);
  };
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) fail('EISDIR');
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      fail(systemErrorOf(error)?.code ?? 'EACCES');
    }
    return;
  }
  const folder = dirname(path);
  if (!existsSync(folder)) fail('ENOENT');
  if (!statSync(folder).isDirectory()) fail('ENOTDIR');
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    fail(systemErrorOf(error)?.code ?? 'EACCES');
  }
}

/**
 * Refuses, before any work, a folder to write files in that could not be created or written: the path, or its
 * nearest existing parent (created with it), must be a folder this process may write in.
 */
export function checkFolderWritable(path: string): void {
  const fail = (reason: string): never => {
    throw new OpsRefusal(`impossible d’écrire ${path} : ${reason}`);
  };
  let existing = resolve(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) fail(existing === resolve(path) ? 'ce n’est pas un dossier' : writeReason('ENOTDIR'));
  try {
    accessSync(existing, constants.W_OK);
    // Permissions do not tell everything (root may write anywhere, but not create a folder in /proc): a folder of a
    // name of its own is made where the first missing one would be, and removed at once, so that what cannot be made
    // is said before any work (its own name: two runs checking the same new folder at once do not meet).
    if (existing !== resolve(path)) {
      const probe = join(existing, `.catalyse-ops-${randomBytes(6).toString('hex')}`);
      mkdirSync(probe);
      rmdirSync(probe);
    }
  } catch (error) {
    fail(writeReason(systemErrorOf(error)?.code ?? 'EACCES'));
  }
}

/**
 * Makes a folder and the missing ones above it, one at a time. Not `mkdirSync(path, { recursive: true })`: under
 * /proc it spins for ever (each `mkdir` answers ENOENT, and Node's recursion tries the parent again).
 */
export function makeFolder(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  for (let at = target; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another run writing into the same new folder: as good.
      if (systemErrorOf(error)?.code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
}

/** A failed write of `path`, as the operator reads it. */
export function writeRefusal(path: string, error: unknown): Error {
  const system = systemErrorOf(error);
  return system ? new OpsRefusal(`impossible d’écrire ${path} : ${writeReason(system.code)}`) : (error as Error);
}

/**
 * Refuses a data folder that holds no event log, for the commands that read it (a person's data, an erasure, the
 * observatory, an export, a report, a rebuild): a typo in DATA_DIR, or an empty `DATA_DIR=` read as the current
 * folder, would be answered as an empty log (« aucune donnée personnelle de cat-1 n’est connue ») and get one created
 * there. `verify` says « le journal est vide » instead, creating nothing.
 */
export function requireEventLog(dataDir: string): void {
  requireDataDir(dataDir);
  if (!existsSync(join(dataDir, EVENTS_FILE))) {
    throw new OpsRefusal(
      `le dossier de données ${dataDir} ne contient aucun journal d’événements (${EVENTS_FILE}) : vérifiez DATA_DIR (les services l’y créent à leur premier démarrage)`,
    );
  }
}

/** Refuses a data folder that does not exist (a typo in DATA_DIR), rather than letting the store create it. */
export function requireDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) throw new OpsRefusal(`le dossier de données ${dataDir} n’existe pas (DATA_DIR)`);
  refuseFileAsDataDir(dataDir);
}

/**
 * For the commands that write the log (`demo`, `generate`), which create a missing data folder: refuses one that is a
 * file, in the words the reading commands use, or that cannot be created or written, before any work.
 */
export function requireWritableDataDir(dataDir: string): void {
  if (existsSync(dataDir)) refuseFileAsDataDir(dataDir);
  checkFolderWritable(dataDir);
}

function refuseFileAsDataDir(dataDir: string): void {
  if (!statSync(dataDir).isDirectory()) throw new OpsRefusal(`le dossier de données ${dataDir} n’est pas un dossier (DATA_DIR)`);
}

const PARTS_CACHE = new Map<string, Intl.DateTimeFormat>();

/** An instant as an operator reads it, in the network's time zone: « 4 décembre 2026 à 07:59 (Europe/Paris) ». */
export function frenchDateTime(instant: string | Date, timeZone: string): string {
  let format = PARTS_CACHE.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
    PARTS_CACHE.set(timeZone, format);
  }
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => format.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const day = part('day');
  return `${day === '1' ? '1er' : day} ${part('month')} ${part('year')} à ${part('hour')}:${part('minute')} (${timeZone})`;
}

/** A whole number in French (« 3 608 », a narrow no-break space between thousands). */
export function frenchCount(n: number | bigint): string {
  return new Intl.NumberFormat('fr-FR').format(n);
}

/** `n` and its noun, singular up to 1 (« 1 salon », « 645 salons »). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${frenchCount(n)} ${n > 1 ? plural : singular}`;
}

/** Each kind of aggregate with its article, for messages (« le partenariat nope n’existe pas »). */
export const AGGREGATE_WORDS: Readonly<Record<AggregateCategory, string>> = {
  partnership: 'le partenariat',
  room: 'le salon',
  catalyseur: 'le catalyseur',
  gathering: 'la rencontre',
  territory: 'le territoire',
  introduction: 'la mise en relation',
  experimentation: 'l’expérimentation',
  parcours: 'le parcours',
  report: 'le rapport',
  person: 'la personne',
  organisation: 'l’organisation',
  accompaniment: 'l’accompagnement',
};
