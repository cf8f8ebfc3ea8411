import type { PostedInLog } from '@catalyse/domain';
import type { EventStore, RecordedEvent } from '@catalyse/event-store';

/** Events read per page: each page is one await, so a long room's stream is never read on one synchronous stretch. */
const PAGE = 500;

interface MessageData {
  readonly messageId?: unknown;
  readonly authorId?: unknown;
}

const dataOf = (event: RecordedEvent): MessageData => (typeof event.data === 'object' && event.data !== null ? (event.data as MessageData) : {});

/**
 * What a room's stream says of message `messageId` (ADR 0029): its author and whether a `MessageRetracted` of it
 * follows its `MessagePosted`; `undefined` when the stream never posted it. Read backwards, page by page, from the
 * end to its post (a retraction always follows the post it retracts). Only the events' types and ids are looked at.
 */
export async function postedInLog(store: EventStore, stream: string, messageId: string): Promise<PostedInLog | undefined> {
  let retracted = false;
  let from: bigint | 'end' = 'end';
  for (;;) {
    const page = await store.readStream(stream, { from, direction: 'backwards', limit: PAGE });
    for (const event of page) {
      const data = dataOf(event);
      if (data.messageId !== messageId) continue;
      if (event.type === 'MessageRetracted') retracted = true;
      if (event.type === 'MessagePosted') return typeof data.authorId === 'string' ? { authorId: data.authorId, retracted } : undefined;
    }
    const oldest = page.at(-1);
    if (page.length < PAGE || !oldest || oldest.revision === 0n) return undefined;
    from = oldest.revision - 1n;
  }
}
