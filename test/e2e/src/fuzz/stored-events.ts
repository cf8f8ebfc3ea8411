/** An event of the log as `GET /api/exports/events` writes it (one JSON object per line). */
interface ExportedEvent {
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly data?: { readonly authorId?: unknown; readonly clientMsgId?: unknown };
  readonly metadata?: { readonly correlationId?: string };
}

/** The whole log, read through the operators' export. */
export async function exportedEvents(baseUrl: string, operatorToken: string): Promise<ExportedEvent[]> {
  const response = await fetch(`${baseUrl}/api/exports/events`, { headers: { authorization: `Bearer ${operatorToken}` } });
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  return (await response.text())
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportedEvent);
}

/**
 * The events a refusal wrote, which must be none: an event carrying the
 * correlation id of a request that was not answered 2xx, or a message posted
 * on the hub by a post that was refused (and never sent again, then carried
 * out, under the same author and clientMsgId).
 */
export function writtenByRefusals(
  events: readonly ExportedEvent[],
  http: { readonly correlationPrefix: string; readonly statuses: readonly number[] },
  hub: { readonly maybePosted: ReadonlySet<string>; readonly refusedPosts: ReadonlySet<string> },
): string[] {
  const found: string[] = [];
  for (const event of events) {
    const correlation = event.metadata?.correlationId ?? '';
    const where = `${event.type} at ${event.position} in ${event.stream} (correlation ${correlation})`;
    if (correlation.startsWith(http.correlationPrefix)) {
      const status = http.statuses[Number(correlation.slice(http.correlationPrefix.length))] ?? 0;
      if (status < 200 || status > 299) found.push(`${where}, written by a request answered ${status}`);
      continue;
    }
    if (event.type !== 'MessagePosted') continue;
    const key = `${String(event.data?.authorId)}\n${String(event.data?.clientMsgId)}`;
    if (hub.refusedPosts.has(key) && !hub.maybePosted.has(key)) found.push(`${where}, a hub post that was refused`);
  }
  return found;
}
