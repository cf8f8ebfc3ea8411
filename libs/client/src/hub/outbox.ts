import type { ErrorBody, ErrorCode } from '@catalyse/protocol';

/** Where the outbox is kept: `localStorage` in a browser (`webStorage`), memory in Node (`memoryStorage`). */
export interface OutboxStorage {
  load(): string | null;
  save(value: string): void;
}

export function memoryStorage(): OutboxStorage {
  let value: string | null = null;
  return { load: () => value, save: (next) => (value = next) };
}

/**
 * A Web Storage (`window.localStorage`) under one key: the outbox survives a page reload. Every tab of a page opens
 * its own hub on it: each keeps its own posts there beside the others' (`Outbox`), and each person's posts apart
 * (a hub takes back only its token's subject's), but a key per person (`catalyse.outbox.{sub}`, as the console does)
 * keeps what two people wrote in one browser apart in the storage too.
 */
export function webStorage(
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void },
  key = 'catalyse.outbox',
): OutboxStorage {
  return { load: () => storage.getItem(key), save: (value) => storage.setItem(key, value) };
}

/** A message written, not yet acknowledged by the hub. */
export interface PendingPost {
  readonly clientMsgId: string;
  readonly room: string;
  readonly text: string;
  readonly createdAt: string;
  /** Who wrote it (the token's subject), when the hub could read it: another person's hub never sends it. */
  readonly owner?: string;
}

/**
 * Why a post failed: the hub's refusal (its `ErrorBody`), or `UNANSWERED`: the client gave it up without an answer
 * (its connection closed each time it was sent), and the hub may have posted it.
 */
export type FailedPostError = ErrorBody | (Omit<ErrorBody, 'code'> & { readonly code: 'UNANSWERED' });

/** The codes of `FailedPost.error`: the hub's, and the client's own `UNANSWERED`. */
export type FailedPostCode = ErrorCode | 'UNANSWERED';

/** A message the hub refused, or the client gave up (not retried): its post and why. */
export interface FailedPost extends PendingPost {
  readonly error: FailedPostError;
}

interface Stored {
  readonly version: 1;
  readonly pending: readonly PendingPost[];
  /** Posts lately answered (sent, or refused) by some hub on this storage, the newest last: no hub sends them again. */
  readonly answered?: readonly string[];
}

/** Answered posts remembered in the storage: far more than a person writes while another tab of theirs is offline. */
const ANSWERED_KEPT = 500;

/**
 * The pending posts of every room, in the order written, saved at every change. Several outboxes may share one
 * storage (a page's tabs): each save merges into what is stored rather than writing its own list over it, so a post
 * written in a tab is kept when another tab saves, and goes out when a hub next opens on the storage (a reload), even
 * once its own tab is closed. A post answered by one hub is noted as such (`answered`): the others drop it and never
 * send it again (the hub's own deduplication of `clientMsgId` reaches only a room's recent events).
 */
export class Outbox {
  private posts: PendingPost[];
  /** Posts answered since the last save, to note in the storage. */
  private readonly answered = new Set<string>();
  /** The stored text last read by `current`, and the answered posts it holds. */
  private seen: { readonly raw: string | null; readonly answered: ReadonlySet<string> } = { raw: null, answered: new Set() };

  constructor(
    private readonly storage: OutboxStorage,
    /**
     * The token's subject: only their posts are taken back from the storage; others' stay there untouched. Unknown
     * while no token could be read (a token function failing at first): `own` names it once one is.
     */
    private owner?: string,
  ) {
    const stored = read(storage);
    const done = new Set(stored.answered);
    this.posts = stored.pending.filter((post) => this.mine(post) && !done.has(post.clientMsgId));
  }

  /** The pending posts, in the order written (those another hub on the storage answered meanwhile dropped first, as below). */
  all(): readonly PendingPost[] {
    return this.current();
  }

  rooms(): string[] {
    return [...new Set(this.current().map((post) => post.room))];
  }

  of(room: string): PendingPost[] {
    return this.current().filter((post) => post.room === room);
  }

  /** The next post of a room to send. */
  first(room: string): PendingPost | undefined {
    return this.current().find((post) => post.room === room);
  }

  has(clientMsgId: string): boolean {
    return this.current().some((post) => post.clientMsgId === clientMsgId);
  }

  /**
   * The hub's person is known at last (a token function failed until now): the posts of others this outbox took from
   * the storage meanwhile are let go, untouched in the storage (never sent with this person's token), and the posts
   * written without an owner are this person's from now on. Nothing changes once an owner is known.
   */
  own(owner: string): void {
    if (this.owner !== undefined) return;
    this.owner = owner;
    this.posts = this.posts.filter((post) => this.mine(post)).map((post) => (post.owner === undefined ? { ...post, owner } : post));
    this.save();
  }

  add(post: PendingPost): void {
    this.posts = [...this.posts, this.owner === undefined ? post : { ...post, owner: this.owner }];
    this.save();
  }

  remove(clientMsgId: string): PendingPost | undefined {
    const post = this.posts.find((p) => p.clientMsgId === clientMsgId);
    if (!post) return undefined;
    this.posts = this.posts.filter((p) => p !== post);
    this.answered.add(clientMsgId);
    this.save();
    return post;
  }

  /** This outbox's posts, without those another hub on the storage (another tab) answered meanwhile: never shown nor sent again. */
  private current(): PendingPost[] {
    if (this.posts.length === 0) return this.posts;
    // Read at every render of a room's pending posts: parsed again only when the stored text changed.
    const raw = this.storage.load();
    if (raw !== this.seen.raw) this.seen = { raw, answered: new Set(parse(raw).answered) };
    const done = this.seen.answered;
    if (this.posts.some((post) => done.has(post.clientMsgId))) this.posts = this.posts.filter((post) => !done.has(post.clientMsgId));
    return this.posts;
  }

  private mine(post: PendingPost): boolean {
    return this.owner === undefined || post.owner === undefined || post.owner === this.owner;
  }

  /** What is stored, with this outbox's posts added and its answered ones taken out (and noted). */
  private save(): void {
    const stored = read(this.storage);
    const answered = [...new Set([...stored.answered, ...this.answered])].slice(-ANSWERED_KEPT);
    const done = new Set(answered);
    const mine = new Map(this.posts.map((post) => [post.clientMsgId, post]));
    // This outbox's version of a stored post replaces it (its owner, once known, noted).
    const pending = stored.pending.filter((post) => !done.has(post.clientMsgId)).map((post) => mine.get(post.clientMsgId) ?? post);
    const kept = new Set(pending.map((post) => post.clientMsgId));
    this.posts = this.posts.filter((post) => !done.has(post.clientMsgId));
    for (const post of this.posts) if (!kept.has(post.clientMsgId)) pending.push(post);
    const value: Stored = { version: 1, pending, answered };
    this.storage.save(JSON.stringify(value));
    this.answered.clear();
  }
}

function read(storage: OutboxStorage): { pending: PendingPost[]; answered: string[] } {
  return parse(storage.load());
}

function parse(raw: string | null): { pending: PendingPost[]; answered: string[] } {
  if (!raw) return { pending: [], answered: [] };
  try {
    const parsed = JSON.parse(raw) as Partial<Stored>;
    const pending = Array.isArray(parsed.pending)
      ? parsed.pending.filter(
          (p): p is PendingPost =>
            typeof p?.clientMsgId === 'string' &&
            typeof p.room === 'string' &&
            typeof p.text === 'string' &&
            typeof p.createdAt === 'string' &&
            (p.owner === undefined || typeof p.owner === 'string'),
        )
      : [];
    const answered = Array.isArray(parsed.answered) ? parsed.answered.filter((id): id is string => typeof id === 'string') : [];
    return { pending, answered };
  } catch {
    return { pending: [], answered: [] }; // unreadable: start empty rather than never start
  }
}
