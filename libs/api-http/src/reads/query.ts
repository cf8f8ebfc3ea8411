import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * A query parameter written in digits (`20`, `-3`) as its number; anything else (`1e3`, `0x10`, `1.0`, ` 7`) stays a
 * string, which `IsInt` refuses: `Number()` would read `1e3` as 1000.
 */
const digitsAsNumber = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

/** An optional integer query parameter (`?limit=20`), written in digits. */
export function IntQuery(min: number, max: number, description: string, example?: number): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    digitsAsNumber,
    IsInt(),
    Min(min),
    Max(max),
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, description, ...(example !== undefined ? { example } : {}) }),
  );
}

/** `?limit=&offset=` of the list reads. */
export class PageQuery {
  @IntQuery(1, 200, 'Page size (default 50)', 50)
  readonly limit?: number;
  @IntQuery(0, 1_000_000, 'Items to skip (default 0)', 0)
  readonly offset?: number;
}

/**
 * A page of a list: its items, and how many the whole list holds (`total`), so a count needs no paging. `next`, when
 * more items follow, is the `offset` of the next page: right after this page's items, which may be fewer than `limit`
 * (a page is also cut at `LIST_PAGE_MAX_CHARS` of documents).
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly next?: number;
}

/** `?minRevision=` on single reads: wait (briefly) for the read model to catch up with your own write. */
export class ReadYourWritesQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Wait up to 2 s for the read model to reach this revision (the `revision` a command returned)')
  readonly minRevision?: number;
}

/**
 * Reads a document, and when `minRevision` is given and the document is missing or older, reads it once more after
 * the projector reached the log's head as it was then (`caughtUp`: at most 2 s; at once when it is there): a revision
 * written before the request is in the document by then, one nobody wrote (yet) is not waited for.
 */
export async function readAtLeast<T extends { readonly revision: string }>(
  read: () => Promise<T | undefined>,
  minRevision: number | undefined,
  readSide: { caughtUp(): Promise<boolean> },
): Promise<T | undefined> {
  const doc = await read();
  if (minRevision === undefined || (doc !== undefined && BigInt(doc.revision) >= BigInt(minRevision))) return doc;
  await readSide.caughtUp();
  return read();
}
