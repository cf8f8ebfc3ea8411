import { PERSONAL_DATA_ERASED, personalDataOf } from '@catalyse/domain';
import type {
  AppendOptions,
  AppendResult,
  DataRewrite,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from '@catalyse/event-store';
import { reseal, seal, sealedOf, unseal } from './envelope';
import type { KeyStore } from './key-store';

/** Keys a subscription keeps in memory (a projector's catch-up reads the same people again and again). */
const CACHED_KEYS = 10_000;

const isRecord = (data: unknown): data is Readonly<Record<string, unknown>> => typeof data === 'object' && data !== null && !Array.isArray(data);

/**
 * The event store with personal data encrypted at rest, for every engine: a
 * decorator of the port. On append, the fields the domain's inventory
 * (`personalDataOf`) names are sealed with their person's key, and an append
 * about an erased person is refused (`PersonErasedError`), but for an event that
 * only ends a relation with them and holds no field of theirs (`ends`). On every read
 * (streams, the log, subscriptions) they are opened again, or read as
 * tombstones once the person is erased. Positions, revisions, types, ids and
 * metadata are the inner store's, unchanged.
 */
export class PersonalDataEventStore implements EventStore {
  /**
   * Erasure only, when the inner store can rewrite (SQLite, PostgreSQL): events' data given opened, as this
   * store reads it, written back sealed as it was stored (`reseal`): the personal fields of each person whose key
   * is readable sealed anew under it (the event's and the person's ids as associated data, as on append), those
   * of an erasing or erased person kept as stored. So a message sealed under its author's key stays sealed once
   * a name inside it is redacted.
   */
  readonly rewriteData?: (rewrites: readonly DataRewrite[]) => Promise<void>;

  constructor(
    /** The store as it is on disk (sealed fields): the erasure reads it to find the former values. */
    readonly inner: EventStore,
    readonly keys: KeyStore,
  ) {
    const rewrite = inner.rewriteData;
    if (rewrite) this.rewriteData = async (rewrites) => rewrite.call(inner, await this.resealAll(rewrites));
  }

  async append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(stream, await this.sealAll(stream, events), options);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.unsealPage(await this.inner.readStream(stream, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.unsealPage(await this.inner.readAll(options));
  }

  async *subscribeAll(options?: SubscribeAllOptions): AsyncIterable<RecordedEvent> {
    // Keys cached for this subscription only, in log order: a person's erasure event comes after their key is
    // made unreadable, so forgetting their key when it passes is enough to never open their fields after it.
    const cache = new Map<string, Buffer | null>();
    for await (const event of this.inner.subscribeAll(options)) {
      if (event.type === PERSONAL_DATA_ERASED && isRecord(event.data) && typeof event.data['subject'] === 'string') cache.set(event.data['subject'], null);
      const sealed = sealedOf(event.data);
      if (sealed.length === 0) {
        yield event;
        continue;
      }
      const missing = [...new Set(sealed.map((entry) => entry.s))].filter((subject) => !cache.has(subject));
      if (missing.length > 0) {
        const found = await this.keys.keysForReading(missing);
        for (const subject of missing) {
          if (cache.size >= CACHED_KEYS) cache.delete(cache.keys().next().value as string);
          cache.set(subject, found.get(subject) ?? null);
        }
      }
      const keys = new Map<string, Buffer>();
      for (const entry of sealed) {
        const key = cache.get(entry.s);
        if (key) keys.set(entry.s, key);
      }
      yield { ...event, data: unseal(event.data as Record<string, unknown>, keys, event.id) };
    }
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.keys.close();
  }

  private async sealAll(stream: string, events: readonly EventToAppend[]): Promise<readonly EventToAppend[]> {
    const found = events.map((event) => (event.type === PERSONAL_DATA_ERASED ? undefined : personalDataOf(stream, event.type, event.data)));
    const owners = [...new Set(found.flatMap((pd) => pd?.personal.map((p) => p.subject) ?? []))];
    // An event that only ends a relation with a person (`ends`: a release, a departure, a removal) is recorded even
    // once they are erased; whatever holds a field of theirs (`owners`: a reason) or adds about them is refused.
    const concerned = [...new Set(found.flatMap((pd) => pd?.concerns.filter((person) => !(pd.ends ?? []).includes(person)) ?? []))];
    if (concerned.length === 0 && owners.length === 0) return events;
    const keys = await this.keys.keysForWriting(owners, concerned, stream);
    return events.map((event, index) => {
      const personal = found[index]?.personal ?? [];
      if (personal.length === 0 || !isRecord(event.data)) return event;
      const data = seal(event.data, personal, keys, event.id);
      return data === undefined ? event : { ...event, data };
    });
  }

  /** The rewrites with their data sealed as each event is stored (read again at its position). */
  private async resealAll(rewrites: readonly DataRewrite[]): Promise<DataRewrite[]> {
    const stored = await Promise.all(
      rewrites.map(async ({ event }) => {
        const [found] = await this.inner.readAll({ after: event.position - 1n, limit: 1 });
        if (found?.position !== event.position || found.id !== event.id)
          throw new Error(`no event ${event.id} at position ${event.position}: nothing rewritten`);
        return sealedOf(found.data);
      }),
    );
    const subjects = [...new Set(stored.flatMap((entries) => entries.map((entry) => entry.s)))];
    const keys = subjects.length === 0 ? new Map<string, Buffer>() : await this.keys.keysForReading(subjects);
    return rewrites.map((rewrite, index) => {
      const entries = stored[index] ?? [];
      if (entries.length === 0 || !isRecord(rewrite.data)) return rewrite;
      return { event: rewrite.event, data: reseal(rewrite.data, entries, keys, rewrite.event.id) };
    });
  }

  private async unsealPage(page: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    for (const event of page) for (const entry of sealedOf(event.data)) subjects.add(entry.s);
    if (subjects.size === 0) return page;
    const keys = await this.keys.keysForReading([...subjects]);
    return page.map((event) => (sealedOf(event.data).length === 0 ? event : { ...event, data: unseal(event.data as Record<string, unknown>, keys, event.id) }));
  }
}
