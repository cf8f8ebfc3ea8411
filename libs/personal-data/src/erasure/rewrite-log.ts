import { type DataRewrite, type EventStore, readAllEvents } from '@catalyse/event-store';
import { applicable, checkedRedactions, type Redaction, redactJson } from '@catalyse/projections';

export interface LogRewriteOptions {
  /** Only events after this position. Default: from the log's start. */
  readonly after?: bigint;
  /** Only events at or before this position. Default: to the log's end, as the scan reaches it. */
  readonly upTo?: bigint;
  /** Events read per page. Default 500. */
  readonly pageSize?: number;
  /** Events rewritten per transaction. Default 100. */
  readonly batchSize?: number;
}

/** What a scan of the log did. */
export interface LogRewriteResult {
  /** Events read. */
  readonly scanned: number;
  /** Events whose data was rewritten. */
  readonly rewritten: number;
  /** Position of the last event read (`after` when none was): where a scan of what came since starts. */
  readonly last: bigint;
}

/**
 * Removes an erased person's name from the texts others wrote, in the log itself (ADR 0006, step 4): reads
 * `log` (opened through the personal-data layer, so a message sealed under its author's key is read in clear,
 * and the erased person's own fields are tombstones already) from `after` up to `upTo`, applies the `within` redactions
 * (names) to every string of each event's data with the same function the projection stores apply to the read
 * models (`redactJson`), so the log and the read models read the same, and rewrites the events that changed
 * (`EventStore.rewriteData`, in batches, each one transaction). An event holding none of the names is not written.
 *
 * Idempotent: a redacted text holds the name no more, so a scan run again (an erasure completed after a stop)
 * rewrites only what the interrupted one had not. Whole free texts (`exact` redactions: a reason, a message
 * that is entirely the person's) are not searched: in the log they are the person's own sealed fields, shredded
 * with the key; someone else's identical words are theirs and stay.
 *
 * `undefined` when the store cannot rewrite its log (KurrentDB).
 */
export async function rewriteLog(log: EventStore, redactions: readonly Redaction[], options: LogRewriteOptions): Promise<LogRewriteResult | undefined> {
  const rewrite = log.rewriteData?.bind(log);
  if (!rewrite) return undefined;
  const names = checkedRedactions(redactions).filter((redaction) => redaction.match === 'within');
  let last = options.after ?? 0n;
  if (names.length === 0) return { scanned: 0, rewritten: 0, last };
  const batchSize = Math.max(1, options.batchSize ?? 100);
  let scanned = 0;
  let rewritten = 0;
  let batch: DataRewrite[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await rewrite(batch);
    rewritten += batch.length;
    batch = [];
  };
  for await (const event of readAllEvents(log, { pageSize: options.pageSize ?? 500, ...(options.after !== undefined ? { after: options.after } : {}) })) {
    if (options.upTo !== undefined && event.position > options.upTo) break;
    scanned++;
    last = event.position;
    // The event's own record decides whether its `name` properties are the person's (`namesBeside`).
    const redacted = redactJson(event.data, applicable(JSON.stringify(event.data) ?? '', names));
    if (!redacted.changed) continue;
    batch.push({ event, data: redacted.value });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { scanned, rewritten, last };
}
