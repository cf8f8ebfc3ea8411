/**
 * An author's window of recent posts in a room (ADR 0029): their last posts, oldest first, each with what a retry or
 * a retraction needs. A persistent structure of its own, pure and bounded: the posts are kept in chunks of
 * `CHUNK`, so a post appended (and the oldest evicted) copies two chunks and the list of chunks, a few dozen
 * pointers, never the window; no key is hashed (immutable.js hashes every string key it is given, which was most
 * of a long room's fold).
 */

/** A post an author's window holds. */
export interface HeldPost {
  readonly clientMsgId: string;
  readonly messageId: string;
  readonly retracted: boolean;
  /** `textDigestOf` its text (not the text): a post reusing its clientMsgId with another text is refused. */
  readonly textDigest?: number;
}

export interface RecentPosts {
  /** Oldest first; every chunk holds 1 to `CHUNK` posts. */
  readonly chunks: readonly (readonly HeldPost[])[];
  readonly size: number;
}

const CHUNK = 16;

export const NO_RECENT_POSTS: RecentPosts = { chunks: [], size: 0 };

/** `post` appended; beyond `max` posts, the oldest is evicted (and returned). */
export function appendPost(window: RecentPosts, post: HeldPost, max: number): { readonly window: RecentPosts; readonly evicted?: HeldPost } {
  const last = window.chunks.at(-1);
  let chunks = last !== undefined && last.length < CHUNK ? [...window.chunks.slice(0, -1), [...last, post]] : [...window.chunks, [post]];
  if (window.size + 1 <= max) return { window: { chunks, size: window.size + 1 } };
  const [first, ...rest] = chunks;
  if (first === undefined || first[0] === undefined) return { window: { chunks, size: window.size + 1 } };
  chunks = first.length > 1 ? [first.slice(1), ...rest] : rest;
  return { window: { chunks, size: window.size }, evicted: first[0] };
}

/** The held post that `matches`, if any. */
export function findPost(window: RecentPosts, matches: (post: HeldPost) => boolean): HeldPost | undefined {
  for (const chunk of window.chunks) {
    for (const post of chunk) if (matches(post)) return post;
  }
  return undefined;
}

/** The window with the post that `matches` replaced by `change(post)` (unchanged, the same object, when none matches). */
export function updatePost(window: RecentPosts, matches: (post: HeldPost) => boolean, change: (post: HeldPost) => HeldPost): RecentPosts {
  for (let i = 0; i < window.chunks.length; i++) {
    const chunk = window.chunks[i] ?? [];
    const j = chunk.findIndex(matches);
    if (j < 0) continue;
    const changed = chunk.map((post, k) => (k === j && post !== undefined ? change(post) : post));
    return { chunks: window.chunks.map((c, k) => (k === i ? changed : c)), size: window.size };
  }
  return window;
}

/** The posts held, oldest first. */
export const postsOf = (window: RecentPosts): readonly HeldPost[] => window.chunks.flat();
