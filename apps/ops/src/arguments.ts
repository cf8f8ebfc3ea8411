import { type Command, InvalidArgumentError } from 'commander';
import { AGGREGATES } from '@catalyse/domain';
import { ROOM_ID_PATTERN, STREAM_PREFIX_PATTERN } from '@catalyse/protocol';

/**
 * Identifiers as the API takes them in its paths (`--sub`, `--org`, a person): a token naming another could record a
 * person nobody can read or erase over HTTP, and `GET /api/people/../x` is a 400, not « nothing known ».
 */
export function identifierArg(value: string): string {
  if (!ROOM_ID_PATTERN.test(value))
    throw new InvalidArgumentError('attendu : un identifiant (lettres, chiffres et . _ ~ - seulement, 100 au plus, pas seulement des points)');
  return value;
}

/** `--stream-prefix`: the beginning of a stream's name, as `GET /api/exports/events?streamPrefix=` takes it. */
export function streamPrefixArg(value: string, previous: readonly string[] = []): string[] {
  if (!STREAM_PREFIX_PATTERN.test(value)) {
    throw new InvalidArgumentError('attendu : le début d’un nom de flux (lettres, chiffres et . _ ~ -, 120 au plus), par exemple partnership-');
  }
  return [...previous, value];
}

/** `--link <url>`: the console's address, an http(s) origin with perhaps a path (no credentials, query or fragment). */
export function linkArg(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash || !url.hostname)
    throw new InvalidArgumentError('attendu : l’adresse http ou https de la console (http://hôte:port, sans identifiants, paramètres ni fragment)');
  return value;
}

/** Every event type the aggregates of Catalyse record (what `GET /api/exports/events?type=` accepts). */
export function knownEventTypes(): readonly string[] {
  return Object.values(AGGREGATES).flatMap((aggregate) => aggregate.eventTypes as readonly string[]);
}

/** Refuses `--type` values no aggregate records, as the API does (400), naming the close ones. */
export function requireKnownEventTypes(types: readonly string[]): void {
  const known = knownEventTypes();
  const unknown = types.filter((type) => !known.includes(type));
  if (unknown.length === 0) return;
  const near = known.filter((type) => unknown.some((u) => type.toLowerCase().includes(u.toLowerCase()) || u.toLowerCase().includes(type.toLowerCase())));
  const hint = near.length > 0 ? ` ; vouliez-vous dire : ${near.slice(0, 8).join(', ')} ?` : ` ; types connus : ${known.join(', ')}`;
  throw new InvalidArgumentError(`--type : type d’événement inconnu ${unknown.map((u) => `« ${u} »`).join(', ')}${hint}`);
}

/**
 * An option of one value given twice (`token --sub x --sub y`): commander keeps the last, silently; the operator meant
 * one of them. A usage error (exit 2) naming it. Options that take a list (`--type a b`, `--stream-prefix`) may be.
 */
export function refuseRepeatedOptions(action: Command): void {
  const given = new Map<string, number>();
  // `rawArgs`: what commander was given (the operator's words, before it kept the last of each option); not typed.
  const raw = (command: Command | null): readonly string[] => (command as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  for (const arg of raw(action.parent).length > 0 ? raw(action.parent) : raw(action)) {
    if (arg === '--') break;
    const flag = arg.split('=')[0] ?? arg;
    if (flag.startsWith('--')) given.set(flag, (given.get(flag) ?? 0) + 1);
  }
  for (const option of action.options) {
    if (option.variadic || option.long === undefined) continue;
    if ((given.get(option.long) ?? 0) > 1) throw new InvalidArgumentError(`${option.long} est donné plusieurs fois : une seule valeur est attendue`);
  }
}
