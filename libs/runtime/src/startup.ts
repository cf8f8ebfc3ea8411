import { loadOrCreateSecret } from '@catalyse/auth';
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
 * Runs a service's start; when it fails, one line says why and the process
 * exits 1. What the operator can act on (the configuration, a server that does
 * not answer, a port taken, a data folder in use) is said without a stack;
 * anything else keeps its stack, since that is a bug to report.
 */
export function runService(service: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    // The one said in French: what a person running `npm start` twice on one folder meets.
    if (error instanceof DataFolderBusyError) process.stderr.write(`catalyse : ${error.message}\n`);
    else process.stderr.write(`catalyse ${service}: failed to start: ${describeStartFailure(error)}\n`);
    process.exit(1);
  });
}

export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof UnreachableError || error instanceof DataFolderBusyError) return error.message;
  const system = systemErrorOf(error);
  if (system) {
    const { code, syscall } = system;
    if (code === 'EADDRINUSE') return `the port is already in use by another process: choose another with PORT (${message(error)})`;
    if (code === 'EACCES' && syscall === 'listen') return `not allowed to listen on this port: choose another with PORT (${message(error)})`;
    if (code === 'EADDRNOTAVAIL' && syscall === 'listen') return `no network interface of this machine has that address: fix HOST (${message(error)})`;
    if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && syscall === 'getaddrinfo') return `HOST is not a name this machine can resolve (${message(error)})`;
    // The data folder (DATA_DIR): its secret, its lock, its SQLite files.
    if (syscall !== undefined && system.path !== undefined && FILE_FAILURES.has(code)) {
      return `cannot use the data folder: ${message(error)} (check DATA_DIR: a folder this process may create and write)`;
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
    throw new UnreachableError(`could not open ${server} at ${variable} (${hidePassword(url)}): ${reason(error)}`, { cause: error });
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
      `EVENT_STORE=${config.eventStore} needs JWT_SECRET: the same secret of 32 characters or more in every service and the ops CLI ` +
        '(for example: openssl rand -base64 36), or each would refuse the tokens signed by another',
    );
  }
  return loadOrCreateSecret(config.dataDir, undefined);
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

function reason(error: unknown): string {
  const first = firstOf(error);
  const code = errorCode(first);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${message(first)}): is the server running, on that host and port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${message(first)})`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no answer (${message(first)})`;
    case '28P01':
    case '28000':
      return `authentication refused (${message(first)})`;
    case '3D000':
      return `no such database (${message(first)})`;
    default:
      return message(first) || String(code ?? 'unknown error');
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
