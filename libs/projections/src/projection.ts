import { type RecordedEvent, unreadableReason } from '@catalyse/event-store';
import { PERSONAL_DATA_ERASED } from '@catalyse/domain';
import { REDACTION_KIND, type RoomKey } from '@catalyse/protocol';
import type { FeedUpdate } from './feed-notifier';
import type { DerivedChange, ReadModel, RoutedFeedEntry, Tags } from './read-model';
import { routeEntries } from './read-model';
import { READ_MODELS, readModelRegistry } from './registry';
import type { DocWrite, EntryWrite, ProjectionTx, Redaction } from './store';
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
    /** Feed entries folded but not written yet, in event order (and model order within an event). */
    let pending: EntryWrite[] = [];
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
    /** Reads, in one go per collection, the documents the models of these events fold into (derived ones are read as they come). */
    const prefetch = async (batch: readonly RecordedEvent[]): Promise<void> => {
      const wanted = new Map<string, Set<string>>();
      for (const event of batch) {
        const stream = parseStream(event.stream);
        if (!stream) continue;
        for (const model of this.models.get(stream.category) ?? []) {
          if (staged.has(`${model.collection}\u0000${stream.id}`)) continue;
          const ids = wanted.get(model.collection) ?? new Set<string>();
          ids.add(stream.id);
          wanted.set(model.collection, ids);
        }
      }
      for (const [collection, ids] of wanted) {
        const found = await tx.getDocs<unknown>(collection, [...ids]);
        for (const id of ids) {
          const doc = found.get(id);
          staged.set(`${collection}\u0000${id}`, doc === undefined ? null : { collection, id, doc, tags: {}, dirty: false });
        }
      }
    };
    /** Writes the staged documents and the pending entries now (an erasure must find them in the store). */
    const flush = async (): Promise<void> => {
      const dirty: DocWrite[] = [];
      for (const s of staged.values()) if (s?.dirty) dirty.push({ collection: s.collection, id: s.id, doc: s.doc, tags: s.tags });
      if (dirty.length > 0) await tx.putDocs(dirty);
      docs += dirty.length;
      staged.clear();
      if (pending.length === 0) return;
      const written = pending;
      pending = [];
      for (const head of await tx.appendFeedEntries(written)) heads.set(head.room, head);
      entries += written.length;
    };

    // Erasures split the batch: what comes before one is written before it redacts.
    let from = 0;
    while (from < events.length) {
      let to = from;
      while (to < events.length && !this.isErasure(events[to] as RecordedEvent)) to++;
      const slice = events.slice(from, to);
      await prefetch(slice);
      for (const event of slice) await this.foldOne(event, load, stage, pending);
      const erasure = events[to];
      if (erasure) {
        const subject = (erasure.data as { subject?: unknown } | null)?.subject;
        if (typeof subject === 'string') {
          await flush();
          pending.push(...(await this.redact(tx, erasure, subject)));
          await flush();
          erased.push(subject);
        }
      }
      from = to + 1;
    }

    await flush();
    return { feeds: [...heads.values()], entries, docs, erased };
  }

  private isErasure(event: RecordedEvent): boolean {
    return event.type === PERSONAL_DATA_ERASED && this.erasure !== undefined;
  }

  /** One event through every model of its stream's category: documents staged, feed entries queued. */
  private async foldOne(
    event: RecordedEvent,
    load: (collection: string, id: string) => Promise<unknown>,
    stage: (collection: string, id: string, doc: unknown, tags: Tags) => void,
    pending: EntryWrite[],
  ): Promise<void> {
    const stream = parseStream(event.stream);
    const models = stream && this.models.get(stream.category);
    if (!stream || !models) return;
    for (const model of models) {
      const before = await load(model.collection, stream.id);
      const folded = foldEvent(model, before, event);
      if (!folded.ok) {
        this.ignored(model, event, folded.reason);
        continue;
      }
      const currents = folded.derived.length === 0 ? [] : await Promise.all(folded.derived.map((d) => load(d.collection, d.id)));
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
      for (const route of folded.routes) pending.push(route);
    }
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
