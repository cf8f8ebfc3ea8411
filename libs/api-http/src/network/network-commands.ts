import { Inject, Injectable } from '@nestjs/common';
import type { Decider, Message } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import type { ProjectionStore, Versioned } from '@catalyse/projections';
import { type Page, readAtLeast } from '../shared/query';
import { type CommandAccepted, CommandRunner, type Moment } from '../shared/command-runner';
import { type JsonInteger, jsonInteger } from '../shared/json';
import type { CommandMeta } from '../shared/request-meta';

/**
 * The commands of the network's own work (gatherings, territories,
 * introductions, experimentations, parcours): catalyseurs, who animate it, and
 * operators run them; partners speak for their organisation in partnerships,
 * not here (403).
 */
@Injectable()
export class NetworkCommands {
  constructor(@Inject(CommandRunner) readonly runner: CommandRunner) {}

  assertMayAct(principal: Principal, what: string): void {
    if (principal.role === 'partner') throw new AppError('FORBIDDEN', `${what} are run by catalyseurs and operators`);
  }

  /** The id the client gave, or a new one (derived from the Idempotency-Key when there is one). */
  idFor(kind: string, given: string | undefined, principal: Principal, meta: CommandMeta): string {
    return given ?? this.runner.newId(kind, principal, meta);
  }

  /** Checks access, builds the command at one instant and runs it (`create`: a new stream; If-Match ignored). */
  async run<C extends Message<string, unknown>, E extends Message<string, unknown>, S>(
    what: string,
    decider: Decider<C, E, S>,
    stream: string,
    id: string,
    principal: Principal,
    meta: CommandMeta,
    build: (at: Moment) => C,
    create = false,
  ): Promise<CommandAccepted> {
    this.assertMayAct(principal, what);
    const at = this.runner.moment();
    const { body } = await this.runner.run(decider, stream, id, build(at), principal, meta, at, { create });
    return body;
  }
}

/** A read-model document as the HTTP API writes it: revision and position as JSON integers. */
export type DocView<T extends Versioned> = Omit<T, 'revision' | 'position'> & { readonly revision: JsonInteger; readonly position: JsonInteger };

export function docView<T extends Versioned>(doc: T): DocView<T> {
  return { ...doc, revision: jsonInteger(doc.revision), position: jsonInteger(doc.position) };
}

/** Reads of the network's work: catalyseurs and operators. */
export function assertMayRead(principal: Principal, what: string): void {
  if (principal.role === 'partner') throw new AppError('FORBIDDEN', `${what} are for catalyseurs and operators`);
}

/**
 * A page of a collection, filtered by the query's values of the given tags
 * (absent ones are not filters), as `{items, limit, offset}` of views.
 */
export async function listDocs<T extends Versioned, Q extends { readonly limit?: number; readonly offset?: number }>(
  readModels: ProjectionStore,
  collection: string,
  query: Q,
  tags: readonly (keyof Q & string)[],
): Promise<Page<DocView<T>>> {
  const filter: Record<string, string> = {};
  for (const tag of tags) {
    const value = query[tag];
    if (typeof value === 'string') filter[tag] = value;
  }
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  return { items: (await readModels.findDocs<T>(collection, filter, { limit, offset })).map(docView), limit, offset };
}

/** One document (waiting up to 2 s for `minRevision`, read-your-writes), else 404 `{what} {id} not found`. */
export async function readDoc<T extends Versioned>(readModels: ProjectionStore, collection: string, id: string, minRevision: number | undefined, what: string): Promise<T> {
  const doc = await readAtLeast(() => readModels.getDoc<T>(collection, id), minRevision);
  if (!doc) throw new AppError('NOT_FOUND', `${what} ${id} not found`);
  return doc;
}
