import { type RecordedEvent, unreadableReason } from '@catalyse/event-store';
import { PERSONAL_DATA_ERASED } from '@catalyse/domain';
import { REDACTION_KIND, type RoomKey } from '@catalyse/protocol';
import type { FeedUpdate } from './feed-notifier';
import type { DerivedChange, ReadModel, RoutedFeedEntry, Tags } from './read-model';
import { routeEntries } from './read-model';
import { READ_MODELS, readModelRegistry } from './registry';
import type { ProjectionTx, Redaction } from './store';
import { parseStream } from './streams';

export interface ApplyResult {
  /** One per touched room, with its head after the batch. */
  readonly feeds: readonly FeedUpdate[];
  /** Feed entries appended. */
  readonly entries: number;
  /** Documents written. */
  readonly docs: number;
  /** Persons whose former values this batch removed (their erasure can be completed once it commits). */
  readonly erased: readonly string[];
}

/**
 * Where the projector finds what an erasure removes from the read models
 * (`@catalyse/personal-data`: the person's former values, read with the key kept
 * until the erasure completes). Without one, an erasure changes no derived data:
 * a rebuild reads the log's tombstones anyway.
 */
export interface ErasureSource {
  /** The person's former values; empty once their key is destroyed. */
  formerValues(subject: string): Promise<readonly Redaction[]>;
}

/** What a redaction entry says: the room's entries, as they read now. */
export interface RedactionNotice {
  readonly entries: readonly { readonly seq: number; readonly data: unknown }[];
}

/** An event a read model could not fold. */
export interface IgnoredEvent {
  /** The read model that left it out (the others of its category may have folded it). */
  readonly model: string;
  readonly position: bigint;
  readonly stream: string;
  readonly type: string;
  readonly reason: string;
}

interface Staged {
  readonly collection: string;
  readonly id: string;
  doc: unknown;
  tags: Tags;
  dirty: boolean;
}

/**
 * The glue between the pure read models and the store: folds a batch of
 * recorded events (in position order) into every read model (`READ_MODELS`:
 * partnership boards, catalyseur directory, room cards, …) and the room feeds,
 * through one `ProjectionTx`. Each event goes through every model of its
 * stream's category, in registry order. Documents are read once per batch and
 * written once per batch; feed entries are appended in event order (and, for
 * one event, in model order). The caller owns the transaction and the checkpoint.
 */
export class Projection {
  /** The models of each stream category, in registry order. */
  private readonly models: ReadonlyMap<string, readonly ReadModel[]>;

  constructor(
    models: readonly ReadModel[] = READ_MODELS,
    /** Told of each event a read model could not fold (it is left out of that model's documents and feeds). */
    private readonly onIgnored: (ignored: IgnoredEvent) => void = () => undefined,
    private readonly erasure?: ErasureSource,
  ) {
    const byCategory = new Map<string, ReadModel[]>();
    for (const model of readModelRegistry(models)) {
      const list = byCategory.get(model.category);
      if (list) list.push(model);
      else byCategory.set(model.category, [model]);
    }
    this.models = byCategory;
  }

  async applyEvents(tx: ProjectionTx, events: readonly RecordedEvent[]): Promise<ApplyResult> {
    const staged = new Map<string, Staged | null>();
    const heads = new Map<RoomKey, FeedUpdate>();
    const erased: string[] = [];
    let entries = 0;
    let docs = 0;

    const load = async (collection: string, id: string): Promise<unknown> => {
      const key = `${collection}\u0000${id}`;
      const cached = staged.get(key);
      if (cached !== undefined) return cached?.doc ?? undefined;
      const doc = await tx.getDoc<unknown>(collection, id);
      staged.set(key, doc === undefined ? null : { collection, id, doc, tags: {}, dirty: false });
      return doc;
    };
    const stage = (collection: string, id: string, doc: unknown, tags: Tags): void => {
      staged.set(`${collection}\u0000${id}`, { collection, id, doc, tags, dirty: true });
    };

    /** Writes the staged documents now (an erasure must find them in the store) and forgets them. */
    const flush = async (): Promise<void> => {
      for (const s of staged.values()) {
        if (!s?.dirty) continue;
        await tx.putDoc(s.collection, s.id, s.doc, s.tags);
        docs++;
      }
      staged.clear();
    };

    for (const event of events) {
      if (event.type === PERSONAL_DATA_ERASED && this.erasure) {
        const subject = (event.data as { subject?: unknown } | null)?.subject;
        if (typeof subject !== 'string') continue;
        await flush();
        for (const entry of await this.redact(tx, event, subject)) {
          const appended = await tx.appendFeedEntry(entry.room, entry);
          heads.set(entry.room, { room: entry.room, epoch: appended.epoch, head: appended.seq });
          entries++;
        }
        erased.push(subject);
        continue;
      }
      const stream = parseStream(event.stream);
      const models = stream && this.models.get(stream.category);
      if (!stream || !models) continue;
      for (const model of models) {
        const before = await load(model.collection, stream.id);
        const folded = foldEvent(model, before, event);
        if (!folded.ok) {
          this.ignored(model, event, folded.reason);
          continue;
        }
        const currents = await Promise.all(folded.derived.map((d) => load(d.collection, d.id)));
        const updated = guard(() =>
          folded.derived
            .map((d, i) => ({ d, current: currents[i], next: d.update(currents[i]) }))
            .map((u) => ({ ...u, tags: u.next !== undefined && u.next !== u.current ? u.d.tags(u.next) : undefined })),
        );
        if (!updated.ok) {
          this.ignored(model, event, updated.reason);
          continue;
        }
        if (folded.tags) stage(model.collection, stream.id, folded.after, folded.tags);
        for (const { d, next, tags } of updated.value) if (tags) stage(d.collection, d.id, next, tags);
        for (const { room, ...entry } of folded.routes) {
          const appended = await tx.appendFeedEntry(room, entry);
          heads.set(room, { room, epoch: appended.epoch, head: appended.seq });
          entries++;
        }
      }
    }

    await flush();
    return { feeds: [...heads.values()], entries, docs, erased };
  }

  /**
   * Removes a person's former values from every document and feed entry (every
   * epoch), and answers one entry per room of this epoch whose entries changed,
   * so its clients replace what they hold.
   */
  private async redact(tx: ProjectionTx, event: RecordedEvent, subject: string): Promise<RoutedFeedEntry[]> {
    const redactions = (await this.erasure?.formerValues(subject)) ?? [];
    if (redactions.length === 0) return [];
    const result = await tx.redact(redactions);
    const byRoom = new Map<RoomKey, { seq: number; data: unknown }[]>();
    for (const entry of result.entries) {
      if (entry.epoch !== tx.epoch) continue;
      const list = byRoom.get(entry.room) ?? [];
      list.push({ seq: entry.seq, data: entry.data });
      byRoom.set(entry.room, list);
    }
    return routeEntries(
      { ...event, type: REDACTION_KIND },
      [...byRoom].map(([room, list]) => ({ room, data: { entries: list } satisfies RedactionNotice })),
    );
  }

  private ignored(model: ReadModel, event: RecordedEvent, reason: string): void {
    this.onIgnored({ model: model.name, position: event.position, stream: event.stream, type: event.type, reason });
  }
}

/** What one event does through its read model: the document after it (and its tags when it changed), the derived changes, the feed entries. */
export type FoldedEvent =
  | {
      readonly ok: true;
      readonly after: unknown;
      readonly tags?: Tags;
      readonly derived: readonly DerivedChange[];
      readonly routes: readonly RoutedFeedEntry[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The pure step of one event through one read model, apart from any I/O. An
 * event the model refuses or cannot fold (data without the shape its type
 * promises), or that the upcasting store marked unreadable (a version this
 * code cannot bring to the current one), comes back `ok: false` rather than
 * throwing: the projector leaves it out instead of stopping on it. `Projection`, `readModelAsOf` and the
 * tests' `foldModel` share it.
 */
export function foldEvent(model: ReadModel, before: unknown, event: RecordedEvent): FoldedEvent {
  // An event the upcasting store could not bring to its type's current version (newer than this code, or no upcaster).
  const unreadable = unreadableReason(event);
  if (unreadable !== undefined) return { ok: false, reason: unreadable };
  const refused = model.refuse?.(event);
  if (refused !== undefined) return { ok: false, reason: refused };
  const folded = guard(() => {
    const after = model.evolve(before, event);
    const change = { before, after };
    return {
      after,
      ...(after !== undefined && after !== before ? { tags: model.tags(after) } : {}),
      derived: model.derived?.(event, change) ?? [],
      routes: model.feeds(event, change),
    };
  });
  return folded.ok ? { ok: true, ...folded.value } : folded;
}

function guard<T>(work: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string } {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
