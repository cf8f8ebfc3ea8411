import { type EventStore, readAllEvents } from '@catalyse/event-store';
import { LIVE_PROJECTOR, type ObservationDoc, type ProjectionStore } from '@catalyse/projections';
import { type DatedDoc, Dater } from './cut';

export interface ObservationMemoryOptions {
  /** The network's time zone: the days observations are dated with. */
  readonly timeZone: string;
  /** The checkpoint the live projector writes (default `main`). */
  readonly projector?: string;
  /** Past this many new events of a category, the documents are read again whole rather than one by one (default 5,000). */
  readonly wholeReadAfter?: number;
}

interface Held {
  readonly epoch: number;
  checkpoint: bigint;
  readonly docs: Map<string, DatedDoc>;
}

/**
 * The observation documents of each section, kept in memory and brought up
 * to date at each answer: read whole once, then only the documents of the
 * streams that changed since (the events between the checkpoint read last time
 * and the projector's checkpoint now name them), so that an answer costs a
 * fold in memory rather than reading and parsing every document again
 * (docs/adr/0014-as-of-and-the-observatory.md). Read whole again after a
 * rebuild (a new epoch) or a long absence.
 */
export class ObservationMemory {
  private readonly held = new Map<string, Held>();
  private readonly refreshing = new Map<string, Promise<Held>>();
  private readonly projector: string;
  private readonly wholeReadAfter: number;
  private readonly dater: Dater;

  constructor(
    private readonly readModels: ProjectionStore,
    private readonly events: EventStore,
    options: ObservationMemoryOptions,
  ) {
    this.dater = new Dater(options.timeZone);
    this.projector = options.projector ?? LIVE_PROJECTOR;
    this.wholeReadAfter = options.wholeReadAfter ?? 5_000;
  }

  /** The documents of `collection` (streams `{category}-{id}`), as of the projector's checkpoint at least. */
  async docs(collection: string, category: string): Promise<Iterable<DatedDoc>> {
    // One refresh per collection at a time: concurrent answers share it.
    const running = this.refreshing.get(collection);
    if (running) return (await running).docs.values();
    const refresh = this.refresh(collection, category).finally(() => this.refreshing.delete(collection));
    this.refreshing.set(collection, refresh);
    return (await refresh).docs.values();
  }

  /**
   * Fills the memory ahead of the first answer: once the projector has caught
   * up with the log as it stands now (checked every half second, for at most
   * `waitMs`), reads each section's documents. Stops early when `signal` aborts.
   */
  async warm(sections: readonly { readonly collection: string; readonly category: string }[], signal: AbortSignal, waitMs = 60_000): Promise<void> {
    const head = await this.events.headPosition();
    const deadline = Date.now() + waitMs;
    while (!signal.aborted && Date.now() < deadline && (await this.readModels.getCheckpoint(this.projector)) < head) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const { collection, category } of sections) {
      if (signal.aborted) return;
      await this.docs(collection, category);
    }
  }

  private async refresh(collection: string, category: string): Promise<Held> {
    const [checkpoint, { current: epoch }] = await Promise.all([this.readModels.getCheckpoint(this.projector), this.readModels.epochs()]);
    const held = this.held.get(collection);
    if (!held || held.epoch !== epoch || checkpoint < held.checkpoint) return this.readWhole(collection, epoch, checkpoint);
    if (checkpoint === held.checkpoint) return held;
    const changed = new Set<string>();
    let seen = 0;
    for await (const event of readAllEvents(this.events, { after: held.checkpoint, filter: { streamPrefixes: [`${category}-`] } })) {
      if (event.position > checkpoint) break;
      changed.add(event.stream.slice(category.length + 1));
      if (++seen > this.wholeReadAfter) return this.readWhole(collection, epoch, checkpoint);
    }
    const docs = await Promise.all([...changed].map(async (id) => [id, await this.readModels.getDoc<ObservationDoc>(collection, id)] as const));
    for (const [id, doc] of docs) {
      if (doc) held.docs.set(id, this.dater.adopt(doc));
      else held.docs.delete(id);
    }
    held.checkpoint = checkpoint;
    return held;
  }

  /** Every document, read after the checkpoint: each holds at least the events up to it. */
  private async readWhole(collection: string, epoch: number, checkpoint: bigint): Promise<Held> {
    const docs = await this.readModels.findDocs<ObservationDoc>(collection, {});
    const held: Held = { epoch, checkpoint, docs: new Map(docs.map((d) => [d.id, this.dater.adopt(d)])) };
    this.held.set(collection, held);
    return held;
  }
}
