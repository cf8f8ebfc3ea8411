import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { SECRET_FILE } from '@catalyse/auth';
import { DATA_FOLDER_LOCK_FILE, DATA_FOLDER_OWNER_FILE, EVENTS_FILE, JOBS_FILE, KEYS_FILE, READ_MODELS_FILE, REPORTS_FILE } from '@catalyse/runtime';
import { OpsRefusal, USAGE_EXIT_CODE, writeRefusal } from './french-output';
import { signalExitCode, STOP_SIGNALS } from './stop-signals';

/** The SQLite files the configured stores keep in `DATA_DIR` (libs/runtime `open*Store`, the rebuilds' records, the data folder's lock). */
const SQLITE_FILES = [EVENTS_FILE, KEYS_FILE, READ_MODELS_FILE, REPORTS_FILE, JOBS_FILE, DATA_FOLDER_LOCK_FILE];
/** What SQLite writes beside a database: its write-ahead log, its shared memory, its rollback journal. */
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Every file of the data folder's own, by name: the stores' databases and their companions, the signing secret,
 * the lock's owner record (and the file it is written through). A `--out` naming one of them would overwrite it.
 */
export const DATA_FOLDER_FILES: readonly string[] = [
  ...SQLITE_FILES.flatMap((file) => SQLITE_COMPANIONS.map((companion) => `${file}${companion}`)),
  SECRET_FILE,
  DATA_FOLDER_OWNER_FILE,
  `${DATA_FOLDER_OWNER_FILE}.tmp`,
];

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const realFolder = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** What the kernel shows as the target of a link to what has no path (`/proc/<pid>/fd/1`): `pipe:[809488]`, `socket:[…]`, `anon_inode:…`. */
const NOT_A_PATH = /^(?:pipe|socket|anon_inode):/;

/**
 * The file a write to `path` lands in: its folder's real path (symlinked folders, `..`) and its name, following a
 * symbolic link at the end (even one to a file not there yet), as `open` would. A device, a pipe or a socket
 * (`/dev/stdout`, a FIFO), however linked to, is the path as given: it is written to as is, through the kernel's own
 * links (`/dev/stdout` → `/proc/<pid>/fd/1` → `pipe:[…]`, which no path names).
 */
export function destinationOf(path: string): string {
  const given = statOf(path);
  if (given !== undefined && !given.isFile() && !given.isDirectory()) return resolve(path);
  let target = join(realFolder(dirname(resolve(path))), basename(resolve(path)));
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(target).isSymbolicLink()) break;
      link = readlinkSync(target);
    } catch {
      break;
    }
    if (NOT_A_PATH.test(link)) break;
    const next = resolve(dirname(target), link);
    target = join(realFolder(dirname(next)), basename(next));
  }
  return target;
}

/** Whether this process may write to `path` (as root, always). */
const isWritable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Refuses (exit 1, as the write itself was refused before files were replaced by renaming) a `destination` that is a
 * file this process may not write to (`chmod 0444`): renaming a file in its place would replace it all the same.
 */
export function refuseReadOnly(destination: string, shown: string, writable: (path: string) => boolean = isWritable): void {
  if (statOf(destination)?.isFile() === true && !writable(destination)) {
    throw new OpsRefusal(`impossible d’écrire ${shown} : permission refusée (le fichier est en lecture seule)`);
  }
}

/**
 * The data folder's own file a `destination` in the data folder (by its real path, or its device and inode) names in
 * another case (`Jobs.sqlite`, `EVENTS.DB`): on a case-insensitive file system (macOS, Windows) it is the same file,
 * even before it exists.
 */
function ownFileInAnotherCase(destination: string, dataDir: string, folders: readonly string[]): string | undefined {
  const folder = dirname(destination);
  const here = statOf(folder);
  const data = statOf(dataDir);
  const inDataFolder = folders.includes(folder) || (here !== undefined && data !== undefined && here.dev === data.dev && here.ino === data.ino);
  if (!inDataFolder) return undefined;
  const name = basename(destination).toLowerCase();
  const own = DATA_FOLDER_FILES.find((file) => file.toLowerCase() === name);
  return own === undefined ? undefined : join(resolve(dataDir), own);
}

/**
 * Refuses, as a command line that makes no sense (exit 2), an `option` (`--out`) that is a folder, or that is, or
 * resolves to (a symbolic link, a folder reached another way, a hard link, another case of its name), one of the data
 * folder's own files: writing there would destroy the log, the keys or the read models a service is using. Refuses a
 * file this process may not write to (exit 1, `refuseReadOnly`). Answers the file to write.
 */
export function refuseDataFolderOutput(option: string, path: string, dataDir: string): string {
  const destination = destinationOf(path);
  const stat = statOf(destination);
  if (stat?.isDirectory()) throw new OpsRefusal(`${option} désigne un dossier (${path}) : donnez le chemin d’un fichier`, USAGE_EXIT_CODE);
  const folders = [...new Set([resolve(dataDir), realFolder(dataDir)])];
  const own = folders.flatMap((folder) => DATA_FOLDER_FILES.map((name) => join(folder, name)));
  const same = (file: string): boolean => {
    if (file === destination) return true;
    const other = stat && statOf(file);
    return other !== undefined && stat !== undefined && other.dev === stat.dev && other.ino === stat.ino;
  };
  const hit = own.find(same) ?? ownFileInAnotherCase(destination, dataDir, folders);
  if (hit !== undefined) {
    throw new OpsRefusal(
      `${option} désigne un fichier du dossier de données (${hit}) : choisissez un autre chemin (l’écrire détruirait les données de Catalyse)`,
      USAGE_EXIT_CODE,
    );
  }
  refuseReadOnly(destination, path);
  return destination;
}

/** A file being written beside its destination, put in its place only once whole. */
export interface Replacement {
  /** The descriptor of the temporary file, open for writing. */
  readonly fd: number;
  /** Puts the temporary file (closed by now) in the destination's place. */
  commit(): void;
  /** Removes the temporary file (closed by now), leaving the destination as it was. */
  discard(): void;
}

/**
 * Opens a temporary file next to `destination` (same folder, so that the final rename is atomic), with the mode of
 * the file it replaces. Nothing touches the destination before `commit`; a failure (`discard`), the end of the
 * process or a stop signal removes the temporary file and leaves any existing destination untouched. `shown` is the
 * path the operator gave, for the messages.
 */
export function openReplacement(destination: string, shown: string): Replacement {
  const existing = statOf(destination);
  // A device or a pipe (`--out /dev/stdout`, a FIFO) is written to as is: it has no content to lose, and a file
  // renamed in its place would replace it.
  if (existing !== undefined && !existing.isFile()) {
    try {
      return { fd: openSync(destination, 'w'), commit: () => undefined, discard: () => undefined };
    } catch (error) {
      throw writeRefusal(shown, error);
    }
  }
  refuseReadOnly(destination, shown);
  // A short name, whatever the destination's (255 bytes at most, 122 × « é » already 244).
  const temporary = join(dirname(destination), `.catalyse-${randomBytes(8).toString('hex')}.tmp`);
  const mode = existing?.mode;
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', mode === undefined ? 0o666 : mode & 0o7777);
    if (mode !== undefined) fchmodSync(fd, mode & 0o7777);
  } catch (error) {
    throw writeRefusal(shown, error);
  }
  let pending = true;
  const remove = (): void => {
    if (!pending) return;
    pending = false;
    try {
      unlinkSync(temporary);
    } catch {
      // Gone already.
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    // Alone to listen: the signal would have ended the process, and still does.
    if (process.listenerCount(signal) === 1) process.exit(signalExitCode(signal));
  };
  const unlisten = (): void => {
    process.off('exit', remove);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', remove);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    fd,
    commit: () => {
      unlisten();
      try {
        renameSync(temporary, destination);
        pending = false;
      } catch (error) {
        remove();
        throw writeRefusal(shown, error);
      }
    },
    discard: () => {
      unlisten();
      remove();
    },
  };
}

/** Writes `content` to `destination` whole, or leaves it as it was: through a temporary file renamed into place. */
export function replaceFile(destination: string, shown: string, content: string | Uint8Array): void {
  const file = openReplacement(destination, shown);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    for (let at = 0; at < bytes.length;) at += writeSync(file.fd, bytes, at, bytes.length - at);
    closeSync(file.fd);
  } catch (error) {
    try {
      closeSync(file.fd);
    } catch {
      // Closed already.
    }
    file.discard();
    throw writeRefusal(shown, error);
  }
  file.commit();
}
