import type { EventInHistory } from '@catalyse/domain';

/** Recorded-like events for specs: positions 1, 2, …; `recordedAt` and `occurredAt` from each `at` (default: the day after the last). */
export function history(events: readonly { readonly type: string; readonly data: unknown; readonly at?: string }[]): EventInHistory[] {
  let last = '2000-01-01T09:00:00.000Z';
  return events.map((event, index) => {
    const at = event.at ?? last;
    last = at;
    return { type: event.type, data: event.data, position: BigInt(index + 1), recordedAt: at, metadata: { occurredAt: at } };
  });
}
