import { AppError } from '@catalyse/protocol';
import type { DocsPage, ProjectionStore, Versioned } from '@catalyse/projections';
import { type JsonInteger, jsonInteger } from './json';
import { type Page, readAtLeast } from './query';
import type { ApiReadSide } from './read-side';

/** A read-model document as the HTTP API writes it: revision and position as JSON integers. */
export type DocView<T extends Versioned> = Omit<T, 'revision' | 'position'> & { readonly revision: JsonInteger; readonly position: JsonInteger };

export function docView<T extends Versioned>(doc: T): DocView<T> {
  return { ...doc, revision: jsonInteger(doc.revision), position: jsonInteger(doc.position) };
}

/** Paging of every list: `?limit=&offset=`. */
export interface Paged {
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * The most stored JSON text one page of a list carries (in characters, about 4 MB; ADR 0028's amendment): a page holds
 * at most `limit` documents and, past its first one, no more than this, so a list of whole boards (a partnership's
 * may reach about 6 MB) never builds an answer of hundreds of megabytes. A page cut by it has fewer items than
 * `limit` and a `next`; it always holds one document at least, so paging never stalls.
 */
export const LIST_PAGE_MAX_CHARS = 4_000_000;

/**
 * A page of documents of a collection whose tags match `filter` (every given
 * value), in the store's order, with the number of them all (`total`): at most `limit` of them and
 * `LIST_PAGE_MAX_CHARS` of their JSON, and `next` (the offset right after the last one) when more follow.
 */
export async function findPage<T>(
  readModels: ProjectionStore,
  collection: string,
  filter: Readonly<Record<string, string>>,
  query: Paged,
  order?: DocsPage['order'],
): Promise<Page<T>> {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const page: DocsPage = { limit, offset, maxChars: LIST_PAGE_MAX_CHARS, ...(order ? { order } : {}) };
  const [items, total] = await Promise.all([readModels.findDocs<T>(collection, filter, page), readModels.countDocs(collection, filter)]);
  return pageOf(items, total, limit, offset);
}

/** A page's fields: `next` is the offset right after its items, when the list holds more (absent on its last page). */
export function pageOf<T>(items: readonly T[], total: number, limit: number, offset: number): Page<T> {
  const next = offset + items.length;
  return next < total && items.length > 0 ? { items, total, limit, offset, next } : { items, total, limit, offset };
}

/** The query's values of the given tags (absent ones are not filters). */
export function tagFilter<Q extends object>(query: Q, tags: readonly (keyof Q & string)[]): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const tag of tags) {
    const value: unknown = query[tag];
    if (typeof value === 'string') filter[tag] = value;
  }
  return filter;
}

/** A page of a collection filtered by the query's values of the given tags, as `{items, total, limit, offset, next?}` of views. */
export async function listDocs<T extends Versioned, Q extends Paged>(
  readModels: ProjectionStore,
  collection: string,
  query: Q,
  tags: readonly (keyof Q & string)[],
  order?: DocsPage['order'],
): Promise<Page<DocView<T>>> {
  const page = await findPage<T>(readModels, collection, tagFilter(query, tags), query, order);
  return { ...page, items: page.items.map(docView) };
}

/** Where a read writes its answer's headers (Express's response). */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * The one way a live single read names its document's revision: `ETag: "<revision>"`, the value a client sends
 * back as `If-Match` to write against what it read (`parseIfMatch`), as every command answers its new revision.
 * The tag names the revision, not the representation (lateness moves with the day, the organisation page and the
 * territory view join lists that change under other streams), so the answer is not kept for revalidation
 * (`Cache-Control: no-store`): a browser's `If-None-Match` would get a 304 for a page that changed. As-of answers
 * are the past, with no revision to write against: they carry none.
 */
export function tagRevision(res: HeaderSink, revision: Versioned['revision']): void {
  res.setHeader('ETag', `"${revision}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** One document (waiting up to 2 s for `minRevision`, read-your-writes), else 404 `{what} {id} not found`. */
export async function readDoc<T extends Versioned>(
  readModels: ProjectionStore,
  readSide: ApiReadSide,
  collection: string,
  id: string,
  minRevision: number | undefined,
  what: string,
): Promise<T> {
  const doc = await readAtLeast(() => readModels.getDoc<T>(collection, id), minRevision, readSide);
  if (!doc) throw new AppError('NOT_FOUND', `${what} ${id} not found`);
  return doc;
}
