import type { ErrorBody } from '@catalyse/protocol';

/** Where the outbox is kept: `localStorage` in a browser (`webStorage`), memory in Node (`memoryStorage`). */
export interface OutboxStorage {
  load(): string | null;
  save(value: string): void;
}

export function memoryStorage(): OutboxStorage {
  let value: string | null = null;
  return { load: () => value, save: (next) => (value = next) };
}

/** A Web Storage (`window.localStorage`) under one key: the outbox survives a page reload. */
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
}

/** A message the hub refused (not retried): its post and the hub's error. */
export interface FailedPost extends PendingPost {
  readonly error: ErrorBody;
}

interface Stored {
  readonly version: 1;
  readonly pending: readonly PendingPost[];
}

/** The pending posts of every room, in the order written, saved at every change. */
export class Outbox {
  private posts: PendingPost[];

  constructor(private readonly storage: OutboxStorage) {
    this.posts = read(storage);
  }

  all(): readonly PendingPost[] {
    return this.posts;
  }

  rooms(): string[] {
    return [...new Set(this.posts.map((post) => post.room))];
  }

  of(room: string): PendingPost[] {
    return this.posts.filter((post) => post.room === room);
  }

  first(room: string): PendingPost | undefined {
    return this.posts.find((post) => post.room === room);
  }

  has(clientMsgId: string): boolean {
    return this.posts.some((post) => post.clientMsgId === clientMsgId);
  }

  add(post: PendingPost): void {
    this.posts = [...this.posts, post];
    this.save();
  }

  remove(clientMsgId: string): PendingPost | undefined {
    const post = this.posts.find((p) => p.clientMsgId === clientMsgId);
    if (!post) return undefined;
    this.posts = this.posts.filter((p) => p !== post);
    this.save();
    return post;
  }

  private save(): void {
    const value: Stored = { version: 1, pending: this.posts };
    this.storage.save(JSON.stringify(value));
  }
}

function read(storage: OutboxStorage): PendingPost[] {
  const raw = storage.load();
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as Partial<Stored>;
    return Array.isArray(parsed.pending)
      ? parsed.pending.filter(
          (p): p is PendingPost =>
            typeof p?.clientMsgId === 'string' && typeof p.room === 'string' && typeof p.text === 'string' && typeof p.createdAt === 'string',
        )
      : [];
  } catch {
    return []; // unreadable: start empty rather than never start
  }
}
