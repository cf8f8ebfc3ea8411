import { loadOrCreateSecret, MIN_SECRET_LENGTH, SECRET_FILE } from '@catalyse/auth';
import { join } from 'node:path';
import type { Server } from 'node:net';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { type CatalyseConfig, ConfigError } from './config';
import { DataFolderBusyError } from './data-folder-lock';
import { systemErrorOf } from './system-errors';
import { hidePassword } from './urls';

/** A server named by the configuration did not answer, or refused, when the process opened it. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/**
 * Nest's start options for the services: logs buffered until the app's logger
 * is set (then `app.flushLogs()`), and a failure thrown back to `runService`
 * instead of being logged with its stack by Nest and ending the process there.
 */
export const SERVICE_START_OPTIONS: NestApplicationOptions = { bufferLogs: true, autoFlushLogs: false, abortOnError: false };

/**
 * Runs a service's start; when it fails, one line in French says why and the process
 * exits 1. What the operator can act on (the configuration, a server that does
 * not answer, a port taken, a data folder in use) is said without a stack;
 * anything else keeps its stack, since that is a bug to report.
 */
export function runService(service: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    // In French, as the start line: read by the person who typed `npm start` or runs the service. The data folder in
    // use (`npm start` twice on one folder) is said on its own, a sentence of its own.
    if (error instanceof DataFolderBusyError) process.stderr.write(`catalyse : ${error.message}\n`);
    else process.stderr.write(`catalyse ${service} : échec du démarrage : ${describeStartFailure(error)}\n`);
    process.exit(1);
  });
}

export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof UnreachableError || error instanceof DataFolderBusyError) return error.message;
  const system = systemErrorOf(error);
  if (system) {
    const { code, syscall } = system;
    if (code === 'EADDRINUSE') return `le port est déjà pris par un autre processus : choisissez-en un autre avec PORT (${message(error)})`;
    if (code === 'EACCES' && syscall === 'listen')
      return `ce processus n’a pas le droit d’écouter sur ce port : choisissez-en un autre avec PORT (${message(error)})`;
    if (code === 'EADDRNOTAVAIL' && syscall === 'listen')
      return `aucune interface réseau de cette machine n’a cette adresse : corrigez HOST (${message(error)})`;
    if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && syscall === 'getaddrinfo')
      return `HOST n’est pas un nom que cette machine sait résoudre (${message(error)})`;
    // The data folder (DATA_DIR): its secret, its lock, its SQLite files.
    if (syscall !== undefined && system.path !== undefined && FILE_FAILURES.has(code)) {
      return `impossible d’utiliser le dossier de données : ${message(error)} (vérifiez DATA_DIR : un dossier que ce processus peut créer et où il peut écrire)`;
    }
  }
  const stack = (error as { stack?: unknown } | null)?.stack;
  return typeof stack === 'string' ? stack : message(error);
}

/**
 * Opens a server the configuration names (`variable`, its URL `url`); a
 * failure becomes an `UnreachableError` naming the variable and the server
 * (password hidden) with the reason in a few words.
 */
export async function reach<T>(server: string, variable: string, url: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!unreachable(error)) throw error;
    throw new UnreachableError(`impossible d’ouvrir ${server} désigné par ${variable} (${hidePassword(url)}) : ${reason(error)}`, { cause: error });
  }
}

const FILE_FAILURES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EEXIST']);

const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * The server could not be reached or let us in: the network, PostgreSQL's classes 08 (connection), 28 (authorisation),
 * 3D (no such database), 53 (resources), 57P03 (starting up), 42501 (no privilege). Anything else (a bug) keeps its stack.
 */
function unreachable(error: unknown): boolean {
  const first = firstOf(error);
  const code = errorCode(first);
  if (code === undefined) return /connect|timeout|terminated/i.test(message(first));
  return NETWORK_FAILURES.has(code) || /^(08|28|3D|53)/.test(code) || code === '57P03' || code === '42501';
}

/**
 * The secret that signs and verifies Catalyse's tokens: `JWT_SECRET`, or on
 * the embedded SQLite default the data folder's own (generated at first start).
 * Services on PostgreSQL or KurrentDB run apart, often on other machines, each
 * with its own `DATA_DIR`: a secret per folder would make each refuse the
 * others' tokens, so there the variable is required.
 */
export function signingSecret(config: CatalyseConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.eventStore !== 'sqlite') {
    throw new ConfigError(
      `EVENT_STORE=${config.eventStore} demande JWT_SECRET : le même secret de ${MIN_SECRET_LENGTH} caractères ou plus dans chaque service et dans la CLI ops ` +
        '(par exemple : openssl rand -base64 36), sans quoi chacun refuserait les jetons signés par un autre',
    );
  }
  const secret = loadOrCreateSecret(config.dataDir, undefined);
  // The folder's own secret file, cut short or emptied by hand: said here, in French, rather than by the token
  // service's guard (an English error with its stack, naming JWT_SECRET, which is not set).
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `le secret du dossier de données ${join(config.dataDir, SECRET_FILE)} fait moins de ${MIN_SECRET_LENGTH} caractères : ` +
        'remplacez-le (par exemple : openssl rand -base64 36), ou supprimez-le pour qu’un nouveau soit créé au démarrage ' +
        '(les jetons déjà émis seront refusés), ou donnez JWT_SECRET',
    );
  }
  return secret;
}

/** The port a started app listens on: `PORT`, or the one the system chose for `PORT=0`. */
export function listeningPort(app: INestApplication): number {
  const address = (app.getHttpServer() as Server).address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Where the events are, for a start line: the data folder, or the server (password hidden). */
export function describeStorage(config: CatalyseConfig): string {
  switch (config.eventStore) {
    case 'sqlite':
      return config.dataDir;
    case 'postgres':
      return `PostgreSQL ${hidePassword(config.databaseUrl ?? '')}`;
    case 'kurrentdb':
      return `KurrentDB ${hidePassword(config.kurrentdbUrl ?? '')}`;
  }
}

/** Why a server could not be opened, in French, the system's or the server's own message in parentheses. */
function reason(error: unknown): string {
  const first = firstOf(error);
  const code = errorCode(first);
  const said = message(first) || code || 'erreur inconnue';
  switch (code) {
    case 'ECONNREFUSED':
      return `connexion refusée (${said}) : le serveur est-il démarré, sur cet hôte et ce port ?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `hôte introuvable (${said})`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `pas de réponse (${said})`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `connexion coupée par le serveur (${said})`;
    case '28P01':
    case '28000':
      return `authentification refusée (${said})`;
    case '3D000':
      return `base de données inexistante (${said})`;
    case '42501':
      return `droits insuffisants (${said})`;
    case '57P03':
      return `le serveur est en train de démarrer (${said})`;
    default:
      if (code?.startsWith('53')) return `le serveur manque de ressources (${said})`;
      return `échec de la connexion (${said})`;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Read by shape: errors made by Node's core are not `instanceof Error` in every realm (jest's, a worker's). */
function message(error: unknown): string {
  const text = (error as { message?: unknown } | null)?.message;
  return typeof text === 'string' ? text : String(error);
}

/** The first of an AggregateError's errors (Node's answer for a host with several addresses), else the error. */
function firstOf(error: unknown): unknown {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors[0] as unknown) : error;
}
