import { setImmediate as nextTurn } from 'node:timers/promises';
import { ERASED_TEXT, personalDataOf, type RedactionMatch } from '@catalyse/domain';
import { type EventStore, readWholeStream } from '@catalyse/event-store';
import type { Redaction } from '@catalyse/projections';
import { openSealed, sealedOf, unseal } from '../envelope';

/** What a former value becomes in derived data: the text tombstone the log's fields read as. */
export const REDACTED = ERASED_TEXT;
/** Events opened between two turns of the event loop. */
const YIELD_EVERY = 200;
/** A name shorter than this is searched as a whole value only: inside other texts it would hit innocent words. */
const SHORTEST_WITHIN = 4;

/**
 * Whether a name is looked for inside other people's texts (`within`): two words or more (« Camille Martin »), of at
 * least `SHORTEST_WITHIN` characters. A name of one word (« Lyon », « FLDA », « Rose ») would hit a city, an
 * organisation or an ordinary word in the network's texts, and the log's rewrite cannot be undone: it is redacted as
 * a whole value beside the person's id only, as their free texts are.
 */
function searchedWithin(name: string): boolean {
  // A name holding the tombstone's word would be built again by each replacement (« [effacé] x » in « [effacé] x x »).
  if (name.normalize('NFC').toLocaleLowerCase('fr').includes(TOMBSTONE_WORD)) return false;
  return name.length >= SHORTEST_WITHIN && name.split(/\p{Zs}+/u).filter((word) => word !== '').length >= 2;
}

/** The word of the tombstone (`[effacé]`), as a name holding it is spelled in lower case. */
const TOMBSTONE_WORD = REDACTED.normalize('NFC')
  .toLocaleLowerCase('fr')
  .replace(/[^\p{L}]/gu, '');

/**
 * The former personal values of `subject`, as their sealed fields in the log
 * hold them (read with the key kept while the erasure is under way): what the
 * projector removes from every read model and feed. Each value once, the
 * longest first (a name containing a shorter one is replaced whole); names of
 * two words or more inside any text (`within`), every other value where it is
 * a whole text beside the person's id (`exact`, `onlyBeside`).
 */
export async function formerValues(log: EventStore, subject: string, key: Buffer, streams: readonly string[]): Promise<readonly Redaction[]> {
  const found = new Map<string, { match: RedactionMatch; fields: Set<string> }>();
  const add = (value: string, match: RedactionMatch, field: string): void => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed === REDACTED) return;
    const effective: RedactionMatch = match === 'within' && searchedWithin(trimmed) ? 'within' : 'exact';
    const known = found.get(value);
    if (!known) found.set(value, { match: effective, fields: new Set([field]) });
    else {
      known.fields.add(field);
      if (effective === 'within') known.match = 'within';
    }
  };
  let read = 0;
  for (const stream of streams) {
    for await (const event of readWholeStream(log, stream)) {
      // Someone's years of messages are thousands of events to open: the process answers between every few hundred
      // (an embedded store reads on this event loop).
      if (++read % YIELD_EVERY === 0) await nextTurn();
      for (const entry of sealedOf(event.data)) {
        if (entry.s !== subject) continue;
        const fields = openSealed(entry, key, event.id);
        if (!fields) continue;
        // The rules read the whole event (a catalyseur's or a participant's id is in its data), with these fields opened.
        const whole = { ...unseal(event.data as Record<string, unknown>, new Map(), event.id), ...fields };
        const matches = personalDataOf(stream, event.type, whole).personal.find((p) => p.subject === subject)?.fields ?? {};
        for (const [field, value] of Object.entries(fields)) {
          const match = matches[field] ?? 'exact';
          if (typeof value === 'string') add(value, match, field);
          else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') add(item, 'exact', field);
        }
      }
    }
  }
  // A name (`within`) inside every text, but inside someone else's or an organisation's name only in the person's
  // own records (`namesBeside`). A whole value (`exact`) only as the value of the fields it was the person's in, and
  // only where the person's id is too (`fields`, `onlyBeside`): elsewhere the same words (« Bonjour », « FLDA », an id
  // « p1 ») are someone else's.
  return [...found]
    .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, { match, fields }]) =>
      match === 'within'
        ? { value, match, replacement: REDACTED, namesBeside: subject }
        : { value, match, replacement: REDACTED, onlyBeside: subject, fields: [...fields].sort() },
    );
}
