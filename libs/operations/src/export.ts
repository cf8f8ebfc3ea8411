import type { EventStore, ReadAllFilter } from '@catalyse/event-store';

export interface ExportOptions {
  readonly after?: bigint;
  readonly filter?: ReadAllFilter;
  readonly pageSize?: number;
}

/**
 * The global log as NDJSON lines, page by page (never the whole log in memory).
 * Each line: `{position, stream, revision, id, type, data, metadata, recordedAt}`.
 */
export async function* exportNdjson(store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 1000;
  let after = options.after ?? 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize, ...(options.filter ? { filter: options.filter } : {}) });
    for (const event of page) {
      yield `${JSON.stringify({
        position: event.position.toString(),
        stream: event.stream,
        revision: event.revision.toString(),
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt,
      })}\n`;
      after = event.position;
    }
    if (page.length < pageSize) return;
  }
}
