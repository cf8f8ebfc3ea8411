import type { FeedEntry } from '@catalyse/protocol';
import { Backoff, type BackoffOptions } from './backoff';
import type { FailedPost, FailedPostError, Outbox, PendingPost } from './outbox';
import { closedEachTime, MAX_CLOSES_PER_POST, postFault } from './post-limits';

/**
 * The posts that failed (`failed()`), and those that may: the hub closes the connection instead of answering a post it
 * cannot take, which would be sent again at every reconnect, for ever, holding every room's posts back. Counts, per
 * post, the connections in a row the transport closed while it was sent and unanswered; a post sent alone (`first`)
 * this many times in a row (`MAX_CLOSES_PER_POST`), each time followed by the close, is given up (`UNANSWERED`); the
 * others are sent alone next, one at a time, until answered. And the waits before a post refused for a while is sent
 * again.
 */
export class PostFailures {
  /** Posts the hub refused, or given up: `failed()`. */
  readonly all: FailedPost[] = [];
  /** The posts sent on the current connection and not answered yet (their `clientMsgId`). */
  private readonly unanswered = new Set<string>();
  /** Per post, how many connections in a row the transport closed while it was sent and unanswered. */
  private readonly closes = new Map<string, number>();
  /** Per room, the refusals in a row of its posts (one post at a time per room: its retries wait on these). */
  private readonly backoffs = new Map<string, Backoff>();

  constructor(
    private readonly outbox: Outbox,
    /** Its room's posts changed (a room re-renders them). */
    private readonly changed: (room: string) => void,
    private readonly backoff: BackoffOptions,
    /** The hub's person (its token's `sub`), whose entries are this outbox's posts. */
    private readonly subject: () => string | undefined,
    /** The entries a room holds (checked before a post is given up). */
    private readonly entriesOf: (room: string) => readonly FeedEntry[],
  ) {}

  /** The room's post was refused for a while: the wait before it is sent again (longer at each refusal in a row). */
  nextWait(room: string): number {
    let backoff = this.backoffs.get(room);
    if (!backoff) this.backoffs.set(room, (backoff = new Backoff(this.backoff)));
    return backoff.next();
  }

  /** A post of the room was answered (accepted, or refused for good): its next refusal waits the shortest. */
  settled(room: string): void {
    this.backoffs.delete(room);
  }

  of(room: string): FailedPost[] {
    return this.all.filter((post) => post.room === room);
  }

  /** In `failed()`: not sent (again). */
  giveUp(post: PendingPost, error: FailedPostError): void {
    this.all.push({ ...post, error });
    this.changed(post.room);
  }

  /** A post the hub would refuse whatever the moment (`postFault`): never kept, in `failed()` at once (true). */
  impossible(post: PendingPost): boolean {
    const fault = postFault({ room: post.room, clientMsgId: post.clientMsgId, text: post.text });
    if (fault) this.giveUp(post, fault);
    return fault !== undefined;
  }

  /** The post is sent on the current connection. */
  sent(clientMsgId: string): void {
    this.unanswered.add(clientMsgId);
  }

  /** Answered: the connection carries it, whatever the answer. */
  answered(clientMsgId: string): void {
    this.unanswered.delete(clientMsgId);
    this.closes.delete(clientMsgId);
  }

  /** A new connection, or none: nothing is in flight on it. */
  cleared(): void {
    this.unanswered.clear();
  }

  /** The post to send alone, before any other, while one is suspect (the first written). */
  first(): PendingPost | undefined {
    return this.closes.size > 0 ? this.outbox.all().find((post) => this.closes.has(post.clientMsgId)) : undefined;
  }

  /** The transport closed: each post sent and unanswered is suspect once more, and given up at the last close allowed. */
  closed(): void {
    for (const id of this.unanswered) {
      const closes = (this.closes.get(id) ?? 0) + 1;
      this.closes.set(id, closes);
      if (closes < MAX_CLOSES_PER_POST) continue;
      this.closes.delete(id);
      const post = this.outbox.remove(id);
      // Its entry reached the room already (in a catch-up while it was sent again, say): posted, not given up.
      if (post && this.entriesOf(post.room).some((entry) => this.postOf(entry) === id)) this.changed(post.room);
      else if (post) this.giveUp(post, closedEachTime(closes));
    }
    this.unanswered.clear();
  }

  /** Posts an older client kept that the hub would refuse whatever the moment (`postFault`): given up, out of the storage. */
  dropImpossible(): void {
    for (const post of this.outbox.all()) {
      const fault = postFault({ room: post.room, clientMsgId: post.clientMsgId, text: post.text });
      if (fault && this.outbox.remove(post.clientMsgId)) this.giveUp(post, fault);
    }
  }

  /**
   * An entry reached its room (live, or in a join's or a sync's catch-up): a post of the hub's person (the same
   * `clientMsgId`) was posted, answered or not (stored before its connection closed, say): out of `failed()` when it
   * was given up, and out of the outbox, as its ack would take it out, whether it is in flight or waits. Answers the
   * `clientMsgId` of the pending post it settled (the hub frees its room's next post), else undefined.
   */
  delivered(entry: FeedEntry): string | undefined {
    const id = this.postOf(entry);
    if (id === undefined) return undefined;
    const failed = this.all.findIndex((post) => post.clientMsgId === id && post.room === entry.room);
    if (failed >= 0) this.all.splice(failed, 1);
    const kept = this.outbox.remove(id) !== undefined;
    if (kept) this.answered(id);
    if (failed >= 0 || kept) this.changed(entry.room);
    return kept ? id : undefined;
  }

  /** The `clientMsgId` of the hub's person's post this entry is (a `MessagePosted` of theirs), else undefined. */
  private postOf(entry: FeedEntry): string | undefined {
    const data = entry.kind === 'MessagePosted' ? (entry.data as { authorId?: unknown; clientMsgId?: unknown } | null) : undefined;
    const subject = this.subject();
    const id = data?.clientMsgId;
    return typeof id === 'string' && subject !== undefined && data?.authorId === subject ? id : undefined;
  }
}
