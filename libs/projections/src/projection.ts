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
  doc: unknown;
  tags: Tags;
  dirty: boolean;
}

/** What `StagedDocs.peek` answers for a document not read in this part of the batch yet. */
const UNREAD = Symbol('unread');

/**
 * The documents of one part of a batch, by collection then id: read once
 * (`null`: none in the store), folded in memory, written once. Two levels of
 * maps rather than one key per document: a replay looks documents up several
 * times an event, and a concatenated key costs a new string each time.
 */
class StagedDocs {
  private readonly byCollection = new Map<string, Map<string, Staged | null>>();

  constructor(private readonly tx: ProjectionTx) {}

  private collection(collection: string): Map<string, Staged | null> {
    let docs = this.byCollection.get(collection);
    if (!docs) {
      docs = new Map();
      this.byCollection.set(collection, docs);
    }
    return docs;
  }

  has(collection: string, id: string): boolean {
    return this.byCollection.get(collection)?.has(id) ?? false;
  }

  /** The document if it was read (`undefined`: none), `UNREAD` otherwise; no I/O. */
  peek(collection: string, id: string): unknown {
    const staged = this.byCollection.get(collection)?.get(id);
    if (staged === undefined) return UNREAD;
    return staged === null ? undefined : staged.doc;
  }

  async load(collection: string, id: string): Promise<unknown> {
    const known = this.peek(collection, id);
    if (known !== UNREAD) return known;
    const doc = await this.tx.getDoc<unknown>(collection, id);
    this.read(collection, id, doc);
    return doc;
  }

  read(collection: string, id: string, doc: unknown): void {
    this.collection(collection).set(id, doc === undefined ? null : { doc, tags: {}, dirty: false });
  }

  stage(collection: string, id: string, doc: unknown, tags: Tags): void {
    const docs = this.collection(collection);
    const staged = docs.get(id);
    if (staged) {
      staged.doc = doc;
      staged.tags = tags;
      staged.dirty = true;
    } else docs.set(id, { doc, tags, dirty: true });
  }

  /** The documents changed since they were read, in the order they were first read or staged; forgets them all. */
  takeDirty(): DocWrite[] {
    const dirty: DocWrite[] = [];
    for (const [collection, docs] of this.byCollection) {
      for (const [id, s] of docs) if (s?.dirty) dirty.push({ collection, id, doc: s.doc, tags: s.tags });
    }
    this.byCollection.clear();
    return dirty;
  }
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
    const docs = new StagedDocs(tx);
    const heads = new Map<RoomKey, FeedUpdate>();
    const erased: string[] = [];
    /** Feed entries folded but not written yet, in event order (and model order within an event). */
    let pending: EntryWrite[] = [];
    let entries = 0;
    let written = 0;

    /** Reads, in one go per collection, the documents the models of these events fold into (derived ones are read as they come). */
    const prefetch = async (from: number, to: number): Promise<void> => {
      const wanted = new Map<string, Set<string>>();
      for (let i = from; i < to; i++) {
        const stream = parseStream((events[i] as RecordedEvent).stream);
        if (!stream) continue;
        for (const model of this.models.get(stream.category) ?? []) {
          if (docs.has(model.collection, stream.id)) continue;
          const ids = wanted.get(model.collection) ?? new Set<string>();
          ids.add(stream.id);
          wanted.set(model.collection, ids);
        }
      }
      for (const [collection, ids] of wanted) {
        const found = await tx.getDocs<unknown>(collection, [...ids]);
        for (const id of ids) docs.read(collection, id, found.get(id));
      }
    };
    /** Writes the staged documents and the pending entries now (an erasure must find them in the store). */
    const flush = async (): Promise<void> => {
      const dirty = docs.takeDirty();
      if (dirty.length > 0) await tx.putDocs(dirty);
      written += dirty.length;
      if (pending.length === 0) return;
      const appended = pending;
      pending = [];
      for (const head of await tx.appendFeedEntries(appended)) heads.set(head.room, head);
      entries += appended.length;
    };

    // Erasures split the batch: what comes before one is written before it redacts.
    let from = 0;
    while (from < events.length) {
      let to = from;
      while (to < events.length && !this.isErasure(events[to] as RecordedEvent)) to++;
      await prefetch(from, to);
      for (let i = from; i < to; i++) {
        // Synchronous while every document the event needs is read already (the usual case, after the prefetch).
        const reading = this.foldOne(events[i] as RecordedEvent, docs, pending);
        if (reading) await reading;
      }
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
    return { feeds: [...heads.values()], entries, docs: written, erased };
  }

  private isErasure(event: RecordedEvent): boolean {
    return event.type === PERSONAL_DATA_ERASED && this.erasure !== undefined;
  }

  /**
   * One event through every model of its stream's category: documents staged, feed entries queued. Synchronous
   * while every document it needs is read already; from the first model that needs one more, the rest of the event
   * goes on in `foldReading` (the promise it answers).
   */
  private foldOne(event: RecordedEvent, docs: StagedDocs, pending: EntryWrite[]): Promise<void> | undefined {
    const stream = parseStream(event.stream);
    const models = stream && this.models.get(stream.category);
    if (!stream || !models) return undefined;
    for (let i = 0; i < models.length; i++) {
      const model = models[i] as ReadModel;
      const before = docs.peek(model.collection, stream.id);
      if (before === UNREAD) return this.foldReading(event, stream.id, models, i, docs, pending);
      const folded = foldEvent(model, before, event);
      if (!folded.ok) {
        this.ignored(model, event, folded.reason);
        continue;
      }
      const currents = folded.derived.map((d) => docs.peek(d.collection, d.id));
      // Folding again once they are read costs nothing but time: the models are pure.
      if (currents.includes(UNREAD)) return this.foldReading(event, stream.id, models, i, docs, pending);
      this.staged(model, event, stream.id, folded, currents, docs, pending);
    }
    return undefined;
  }

  /** `foldOne` from its `from`th model on, reading the documents it needs as they come. */
  private async foldReading(
    event: RecordedEvent,
    id: string,
    models: readonly ReadModel[],
    from: number,
    docs: StagedDocs,
    pending: EntryWrite[],
  ): Promise<void> {
    for (const model of models.slice(from)) {
      const before = await docs.load(model.collection, id);
      const folded = foldEvent(model, before, event);
      if (!folded.ok) {
        this.ignored(model, event, folded.reason);
        continue;
      }
      const currents = folded.derived.length === 0 ? [] : await Promise.all(folded.derived.map((d) => docs.load(d.collection, d.id)));
      this.staged(model, event, id, folded, currents, docs, pending);
    }
  }

  /** What one model made of the event, its derived documents read (`currents`, in order): staged, or reported when a derived change throws. */
  private staged(
    model: ReadModel,
    event: RecordedEvent,
    id: string,
    folded: FoldedEvent & { readonly ok: true },
    currents: readonly unknown[],
    docs: StagedDocs,
    pending: EntryWrite[],
  ): void {
    const derived = folded.derived;
    let updates: { readonly next: unknown; readonly tags: Tags | undefined }[] = [];
    if (derived.length > 0) {
      try {
        // Every update first, then the tags of those that changed (as a throwing one is reported: updates first).
        const nexts = derived.map((d, i) => d.update(currents[i]));
        updates = derived.map((d, i) => {
          const next = nexts[i];
          return { next, tags: next !== undefined && next !== currents[i] ? d.tags(next) : undefined };
        });
      } catch (error) {
        this.ignored(model, event, reasonOf(error));
        return;
      }
    }
    if (folded.tags) docs.stage(model.collection, id, folded.after, folded.tags);
    for (let i = 0; i < updates.length; i++) {
      const { next, tags } = updates[i] as (typeof updates)[number];
      const d = derived[i] as DerivedChange;
      if (tags) docs.stage(d.collection, d.id, next, tags);
    }
    for (const route of folded.routes) pending.push(route);
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
  // Once per event and model: no closure, no spread of a result into another.
  try {
    const after = model.evolve(before, event);
    const change = { before, after };
    const tags = after !== undefined && after !== before ? model.tags(after) : undefined;
    const derived = model.derived?.(event, change) ?? [];
    const routes = model.feeds(event, change);
    return tags === undefined ? { ok: true, after, derived, routes } : { ok: true, after, tags, derived, routes };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
