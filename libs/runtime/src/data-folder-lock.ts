import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** An empty SQLite file whose exclusive lock the owning process holds until it ends. */
export const DATA_FOLDER_LOCK_FILE = 'catalyse.lock';
/** Who owns the folder: readable while the lock is held (the lock file is not). */
export const DATA_FOLDER_OWNER_FILE = 'catalyse.owner.json';
/** How many earlier runs' lease holders are remembered (a run that crashed before its projector claimed is covered). */
const REMEMBERED_RUNS = 8;
/** The lock connections held: a connection collected as garbage would be closed, and the lock with it. */
const held = new Set<Database.Database>();

interface OwnerRecord {
  readonly pid?: number;
  readonly holder: string;
  readonly startedAt: string;
  /** Lease holders of runs before this one, all dead. */
  readonly earlier: readonly string[];
}

/** Another live process owns the data folder: this one must not start on it. */
export class DataFolderBusyError extends Error {
  override readonly name = 'DataFolderBusyError';
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `Le dossier de données ${dataDir} est déjà utilisé par un autre processus Catalyse (pid ${pid ?? 'inconnu'}). ` +
        'Arrêtez-le d’abord, ou donnez un autre dossier (DATA_DIR).',
    );
  }
}

export interface DataFolderLock {
  readonly dataDir: string;
  /** The projector lease holders of earlier runs on this folder: dead, since this process holds the lock. */
  readonly deadHolders: readonly string[];
  /** Gives the folder up (a process that ends gives it up anyway, whatever the way it ends). */
  release(): void;
}

/**
 * Makes this process the one owner of `dataDir`: an exclusive OS lock on
 * `catalyse.lock` (SQLite's own `fcntl` lock, `locking_mode=EXCLUSIVE` and a
 * transaction left open), which the kernel drops the moment the process ends,
 * SIGKILL included. Fails at once with `DataFolderBusyError` while another
 * process holds it. `holder` (this run's projector lease holder) is recorded,
 * so the next run knows it dead and takes its lease over at once.
 */
export function lockDataFolder(dataDir: string, holder: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATA_FOLDER_LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataFolderBusyError(dataDir, readOwner(dataDir)?.pid);
    throw error;
  }
  const previous = readOwner(dataDir);
  const deadHolders = previous ? [...new Set([previous.holder, ...previous.earlier])].slice(0, REMEMBERED_RUNS) : [];
  try {
    writeOwner(dataDir, { pid: process.pid, holder, startedAt: new Date().toISOString(), earlier: deadHolders });
  } catch (error) {
    db.close();
    throw error;
  }
  held.add(db);
  return {
    dataDir,
    deadHolders,
    release: () => {
      held.delete(db);
      if (db.open) db.close();
    },
  };
}

/**
 * The live process that owns `dataDir` (`lockDataFolder`: a running all-in-one), with its pid when recorded, or
 * `undefined` when none does. Only probes the lock, read-only: takes nothing, creates nothing (no lock file, no owner).
 */
export function dataFolderOwner(dataDir: string): { readonly pid: number | undefined } | undefined {
  let db: Database.Database;
  try {
    db = new Database(join(dataDir, DATA_FOLDER_LOCK_FILE), { readonly: true, fileMustExist: true, timeout: 0 });
  } catch {
    return undefined; // no lock file (or none readable): no process ever owned the folder
  }
  try {
    // A read needs a shared lock, which the owner's exclusive one refuses at once.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return { pid: readOwner(dataDir)?.pid };
    throw error;
  } finally {
    db.close();
  }
}

function readOwner(dataDir: string): OwnerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, DATA_FOLDER_OWNER_FILE), 'utf8')) as Partial<OwnerRecord>;
    if (typeof record.holder !== 'string') return undefined;
    const earlier = Array.isArray(record.earlier) ? record.earlier.filter((h): h is string => typeof h === 'string') : [];
    return { ...(Number.isInteger(record.pid) ? { pid: record.pid } : {}), holder: record.holder, startedAt: String(record.startedAt), earlier };
  } catch {
    return undefined; // none yet, or unreadable: no earlier run to take over from
  }
}

function writeOwner(dataDir: string, record: OwnerRecord): void {
  const file = join(dataDir, DATA_FOLDER_OWNER_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
