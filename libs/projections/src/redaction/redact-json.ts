import type { Redaction } from '../store';
import { holdsName, nameFragments, namePattern, type Spell } from './match-name';

export { nameFragments, type Spell } from './match-name';

/**
 * Erasure of personal values from JSON (read-model documents, their tags,
 * feed entries' data): pure functions shared by the `ProjectionStore`
 * adapters' `redact`.
 */

/** A JSON value with its redactions applied, and whether anything changed. */
export interface Redacted<T> {
  /** The same object when nothing changed; a copy otherwise (the input is never modified). */
  readonly value: T;
  readonly changed: boolean;
}

/** Rounds of `within` replacement before giving up (a replacement may build the value again with its neighbours). */
const MAX_ROUNDS = 32;

/** A lone UTF-16 surrogate: text that no JSON or SQL text column holds as such. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The redactions, checked before anything is written: a RangeError for an
 * empty value, a value that is not well-formed text (a lone surrogate), an
 * unknown match, or a replacement holding one of the names (`within`: it would
 * still be there) or equal to one of the whole texts (`exact`).
 */
export function checkedRedactions(redactions: readonly Redaction[]): readonly Redaction[] {
  const replacements = new Set<string>();
  const wholes = new Set<string>();
  const names: string[] = [];
  for (const redaction of redactions) {
    const { value, match, replacement } = redaction;
    if (typeof value !== 'string' || value.length === 0) throw new RangeError('a redacted value is a non-empty string');
    if (LONE_SURROGATE.test(value)) throw new RangeError('a redacted value must be well-formed text (no lone surrogate)');
    if (match !== 'exact' && match !== 'within') throw new RangeError(`a redaction matches 'exact' or 'within' (got ${JSON.stringify(match)})`);
    if (typeof replacement !== 'string') throw new RangeError('a redaction replacement is a string');
    replacements.add(replacement);
    if (match === 'exact') wholes.add(value);
    else names.push(value);
  }
  // Each distinct replacement (usually one, « [effacé] ») against every value: linear in the redactions, not quadratic
  // (a person's thousands of messages are as many whole values). A name (`within`) is looked for as `redactString`
  // finds it: in a replacement, in another case or form, it would be there for ever. A whole text (`exact`) only when
  // the replacement is that text: « e » is not in « [effacé] ».
  for (const replacement of replacements) {
    if (wholes.has(replacement) || names.some((name) => replacement.includes(name) || holdsName(replacement, name))) {
      throw new RangeError(`the replacement ${JSON.stringify(replacement)} holds a redacted value`);
    }
  }
  return redactions;
}

/**
 * The value as `JSON.stringify` writes it inside a string (the way both
 * adapters store JSON, and the way PostgreSQL prints `jsonb`): with its quotes
 * for `exact`, without for `within`. For an `exact` value, what to look for in
 * the JSON text of a row to find the rows it may change; a `within` value is
 * found in other cases and forms too (`redactString`): `searchTexts` gives what
 * to look for. Not a LIKE pattern: `%` and `_` are plain characters here.
 */
export function searchText(redaction: Redaction): string {
  const quoted = JSON.stringify(redaction.value);
  return redaction.match === 'exact' ? quoted : quoted.slice(1, -1);
}

/**
 * What to look for (`instr`, `strpos`: case-sensitive substrings) in the JSON
 * text of a row to find the rows redactions may change, a superset (keys, or
 * the value spelled inside a longer string for `exact`, match too; the JSON
 * decides): for an `exact` value only beside a person's id (`onlyBeside`), that
 * id as a JSON string (`applicable` changes no other row: a person's thousands
 * of messages are one search text, not thousands crossed with every row); for
 * another `exact` value, its `searchText`; for a `within` one, its
 * `nameFragments` (the beginning of its first word in every spelling and form
 * `redactString` finds it in), escaped as `JSON.stringify` writes them inside a
 * string. Distinct.
 */
export function searchTexts(redactions: readonly Redaction[]): string[] {
  const texts = new Set<string>();
  for (const redaction of redactions) {
    if (redaction.match === 'exact') texts.add(redaction.onlyBeside !== undefined ? JSON.stringify(redaction.onlyBeside) : searchText(redaction));
    else for (const fragment of nameFragments(redaction.value)) texts.add(JSON.stringify(fragment).slice(1, -1));
  }
  return [...texts];
}

/**
 * A string with every redaction applied, in order. `exact`: the whole string
 * when it is the value as written (same case, same form). `within`: every span
 * that reads as the value (a name), in any Unicode form and spacing between its
 * words, as whole words only: as written, in capitals, capitalised or (two
 * words or more) lower case (`namePattern` in `./match-name`: « Martinez »,
 * « Martin-Dupont », ordinary words and ids are left alone); the rest of the string is kept as
 * written (not normalised). `spell`: how the text writes a name's words (a kept
 * HTML report escapes them), applied to each spelling once its case is chosen.
 */
export function redactString(text: string, redactions: readonly Redaction[], spell?: Spell): string {
  const { exact, within } = compiled(redactions);
  let out = text;
  // The redactions in order, the `exact` ones looked up rather than compared one by one (a person's thousands of
  // messages are as many `exact` values): the first one after `after` whose value the string is now.
  let after = -1;
  const exactUpTo = (before: number): void => {
    // One after the other, as in order: a replacement may be the value of a whole value further on.
    for (let first = exact.get(out)?.find((e) => e.index > after && e.index < before); first;) {
      out = first.replacement;
      after = first.index;
      first = exact.get(out)?.find((e) => e.index > after && e.index < before);
    }
  };
  for (const { index, value, replacement } of within) {
    exactUpTo(index);
    after = index;
    const pattern = namePattern(value, spell);
    // Again while the replacement builds the name with its neighbours, a bounded number of times: never a throw, which
    // would stop an erasure (and the projector) for good on text someone chose (« [effacé] x x x … »).
    for (let round = 0; round < MAX_ROUNDS && out.search(pattern) !== -1; round++) {
      // A function: `$&` or `$1` in a replacement are plain characters.
      out = out.replace(pattern, () => replacement);
    }
  }
  exactUpTo(Infinity);
  return out;
}

/** A list of redactions indexed once: its `exact` ones by value (with their place in the list), its `within` ones in order. */
interface Compiled {
  readonly exact: ReadonlyMap<string, readonly { readonly index: number; readonly replacement: string }[]>;
  readonly within: readonly { readonly index: number; readonly value: string; readonly replacement: string }[];
}

/** Lists of redactions already indexed: an erasure redacts many strings with the same few lists (`forKey`, `besides` keep them). */
const compiledLists = new WeakMap<readonly Redaction[], Compiled>();

function compiled(redactions: readonly Redaction[]): Compiled {
  const known = compiledLists.get(redactions);
  if (known) return known;
  const exact = new Map<string, { index: number; replacement: string }[]>();
  const within: { index: number; value: string; replacement: string }[] = [];
  redactions.forEach(({ value, match, replacement }, index) => {
    if (match !== 'exact') within.push({ index, value, replacement });
    else {
      const same = exact.get(value);
      if (same) same.push({ index, replacement });
      else exact.set(value, [{ index, replacement }]);
    }
  });
  const made = { exact, within };
  compiledLists.set(redactions, made);
  return made;
}

/**
 * Applies redactions to every string of a JSON value (as `JSON.parse` gives
 * it): strings, array items and object values at any depth. Keys of objects
 * are left alone, and so are numbers, booleans and null. A string is read as
 * the value of its property (an array's item as its array's): see `NAME_KEYS`.
 * `tables` (a kept JSON report, `libs/reports`, whose tables the report's code
 * writes; never a record others' input could shape): a cell of a table's
 * `nameColumns` as a `name` too.
 * `ownObjects` (a kept JSON report): the person's own record is not the whole
 * value but each object holding their id as the value of one of its properties
 * (their row: `{id: "cat-6", name: …}`): `onlyBeside` and `namesBeside` are
 * resolved there, for that object's own strings and lists of strings only (not
 * the objects nested in it); the redactions are given unresolved (not through
 * `applicable`).
 */
export function redactJson<T>(
  value: T,
  redactions: readonly Redaction[],
  options: { readonly tables?: boolean; readonly ownObjects?: boolean } = {},
): Redacted<T> {
  if (redactions.length === 0) return { value, changed: false };
  const keyed = redactions.some((r) => r.fields !== undefined || r.namesBeside !== undefined);
  const scoped = options.ownObjects === true && redactions.some((r) => r.onlyBeside !== undefined || r.namesBeside !== undefined);
  const context: Context = {
    keyed,
    tables: options.tables === true,
    ...(scoped ? { own: redactions } : {}),
  };
  // With `ownObjects`, nothing outside a person's own objects is theirs: their scoped values left out, their name
  // looked for inside texts only.
  const out = redactValue(value, scoped ? besides(redactions, () => false) : redactions, undefined, context);
  return { value: out as T, changed: out !== value };
}

/** How a value is walked: `own`, the unresolved redactions when each object holding a person's id is their record. */
interface Context {
  readonly keyed: boolean;
  readonly tables: boolean;
  readonly own?: readonly Redaction[];
}

/**
 * Properties holding a name, never a text: someone's, an organisation's or a territory's (`name`, `organisation`,
 * `territoryName`), or a list of organisations' names (`partners`, `conveners`, `carriers`: the feed summaries of
 * partnerships and experimentations and the reports' figures list the partners, conveners and carriers by name). A
 * `within` name with `namesBeside` is not looked for there outside the person's own records: the same names the
 * boards and the log keep under `name` (« Silver Geek », « Fondation X » as an organisation) read the same in a
 * summary, a report and a rebuild. A new property holding organisations' names belongs here (ADR 0006, amendment
 * « lists of organisations' names »).
 */
const NAME_KEYS: ReadonlySet<string> = new Set(['name', 'organisation', 'territoryName', 'partners', 'conveners', 'carriers']);

/**
 * Whether an object is an indicator, whose `name` is a label someone typed (« Heures de Léa Gauthier »), a text, not
 * an organisation's or a territory's name: it holds an `indicatorId` (a partnership's `RecordIndicator`,
 * `IndicatorRecorded`, its board's measures, its report's lines), or it is the value, or an item of the list, of a
 * property holding indicators (`INDICATOR_LISTS`: an experimentation's `ResultIndicator`s, a territory's
 * `FragilityIndicator`s, in their events, boards and reports; a territory's profile). `parent` is the key the object is
 * the value (or an item of the list) of. Only these objects themselves: an object nested in an indicator (an
 * organisation, a territory, with its `name`) is read as anywhere else, its name a name. ADR 0006, amendment « an
 * indicator's name is a text ».
 */
function isIndicator(value: object, parent: string | undefined): boolean {
  return (parent !== undefined && INDICATOR_LISTS.has(parent)) || Object.prototype.hasOwnProperty.call(value, 'indicatorId');
}

/**
 * The properties holding indicators, by their exact key: `indicators` (an experimentation's results, a territory's
 * measures `{measuredOn, indicators: […]}`, a partnership's report lines) and `indicatorsAgainstNational` (a
 * territory's profile). A new property holding indicators without an `indicatorId` belongs here.
 */
const INDICATOR_LISTS: ReadonlySet<string> = new Set(['indicators', 'indicatorsAgainstNational']);

/** The key a string is read under when it is an indicator's `name`: a text (not in `NAME_KEYS`), for `within` names only. */
const LABEL = '\u0000label';

/**
 * A kept report's table (`{columns, rows, nameColumns?}`, `libs/reports`): the indexes of the columns whose cells are
 * names (an organisation's, or a list of organisations' names), read as `name` properties (none without
 * `nameColumns`); its other cells as texts.
 */
function nameColumnsOf(value: object): ReadonlySet<number> | undefined {
  const { columns, rows, nameColumns } = value as { columns?: unknown; rows?: unknown; nameColumns?: unknown };
  if (!Array.isArray(rows) || (!Array.isArray(columns) && !Array.isArray(nameColumns))) return undefined;
  return new Set(Array.isArray(nameColumns) ? nameColumns.filter((column): column is number => Number.isInteger(column)) : []);
}

/** `forKey`'s answers, by list and key: the same list is asked for the same few keys across a whole erasure. */
const byKey = new WeakMap<readonly Redaction[], Map<string | undefined, readonly Redaction[]>>();

/** The redactions that apply to a string that is the value of property `key` (undefined: the top, or no key). */
function forKey(redactions: readonly Redaction[], key: string | undefined): readonly Redaction[] {
  let keys = byKey.get(redactions);
  if (!keys) byKey.set(redactions, (keys = new Map()));
  const known = keys.get(key);
  if (known) return known;
  // An indicator's `name` (`LABEL`) is the field `name` for a whole value, a text for a name.
  const field = key === LABEL ? 'name' : key;
  const applying = redactions.filter((r) =>
    r.match === 'exact'
      ? r.fields === undefined || (field !== undefined && r.fields.includes(field))
      : r.namesBeside === undefined || key === undefined || !NAME_KEYS.has(key),
  );
  keys.set(key, applying);
  return applying;
}

function redactValue(value: unknown, redactions: readonly Redaction[], key: string | undefined, context: Context): unknown {
  const { keyed, tables, own } = context;
  if (typeof value === 'string') return redactString(value, keyed ? forKey(redactions, key) : redactions);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      // An item of an array is read as its property's value (`skills: […]`, `names: […]`).
      const redacted = redactValue(item, redactions, key, context);
      if (redacted === item) return;
      copy ??= [...value];
      copy[i] = redacted;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const names = keyed && tables ? nameColumnsOf(value) : undefined;
    // An indicator's `name` is its label, a text (`isIndicator`); the objects nested in it are read as anywhere else.
    const indicator = keyed && isIndicator(value, key);
    // The person's own object (`ownObjects`): one of its properties is their id. Its own strings and lists of strings
    // read as their record's; the objects nested in it (an organisation beside them) as anyone's.
    const ids = own === undefined ? [] : entries.flatMap(([, item]) => (typeof item === 'string' ? [item] : []));
    const mine = own !== undefined && ids.length > 0 ? besides(own, (id) => ids.includes(id)) : undefined;
    let changed = false;
    const redacted = entries.map(([property, item]): [string, unknown] => {
      const scalar = typeof item === 'string' || (Array.isArray(item) && item.every((i) => typeof i === 'string'));
      const applied = mine !== undefined && scalar ? mine : redactions;
      const next =
        names !== undefined && property === 'rows' && Array.isArray(item)
          ? redactRows(item, redactions, names, context)
          : redactValue(item, applied, indicator && property === 'name' ? LABEL : property, context);
      if (next !== item) changed = true;
      return [property, next];
    });
    // fromEntries defines own properties: a "__proto__" key stays a key.
    return changed ? Object.fromEntries(redacted) : value;
  }
  return value;
}

/**
 * A table's rows: a cell of a name column read as a `name`, any other as an item of `rows` (a text). A row holding a
 * person's id as one of its cells (`ownObjects`) is their record: their values apply to its cells, whole (`exact`,
 * whatever field they were theirs in) or inside (`within`, names too), as in the object holding their id.
 */
function redactRows(rows: readonly unknown[], redactions: readonly Redaction[], names: ReadonlySet<number>, context: Context): unknown {
  let copy: unknown[] | undefined;
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) {
      const redacted = redactValue(row, redactions, 'rows', context);
      if (redacted !== row) (copy ??= [...rows])[r] = redacted;
      return;
    }
    const own = context.own === undefined ? undefined : ownRow(context.own, row);
    let cells: unknown[] | undefined;
    row.forEach((cell: unknown, c) => {
      const redacted =
        own !== undefined
          ? redactValue(cell, [...redactions, ...own], undefined, context)
          : redactValue(cell, redactions, names.has(c) ? 'name' : 'rows', context);
      if (redacted !== cell) (cells ??= [...row])[c] = redacted;
    });
    if (cells) (copy ??= [...rows])[r] = cells;
  });
  return copy ?? rows;
}

/**
 * The person's own values for a table's row holding their id as one of its cells, unscoped (a cell is nobody's field):
 * undefined when it holds no one's.
 */
export function ownRow(redactions: readonly Redaction[], cells: readonly unknown[]): Redaction[] | undefined {
  const ids = new Set(cells.filter((cell): cell is string => typeof cell === 'string'));
  const mine = redactions.filter((r) => (r.onlyBeside !== undefined && ids.has(r.onlyBeside)) || (r.namesBeside !== undefined && ids.has(r.namesBeside)));
  return mine.length === 0 ? undefined : mine.map(({ value, match, replacement }) => ({ value, match, replacement }));
}

/**
 * The redactions that apply to a record holding the ids `holds` says it holds: those without `onlyBeside`, and those
 * whose `onlyBeside` it holds; a `namesBeside` whose id it holds applies to its `name` properties too.
 */
function besides(redactions: readonly Redaction[], holds: (id: string) => boolean): readonly Redaction[] {
  let scoping = scopings.get(redactions);
  if (!scoping) {
    const ids = new Set<string>();
    for (const r of redactions) {
      if (r.onlyBeside !== undefined) ids.add(r.onlyBeside);
      if (r.namesBeside !== undefined) ids.add(r.namesBeside);
    }
    scoping = { ids: [...ids], byHeld: new Map() };
    scopings.set(redactions, scoping);
  }
  if (scoping.ids.length === 0) return redactions;
  // The answer depends only on which of the ids the record holds: computed once per such set (and the same list
  // answered each time, which `forKey` and `redactString` index once).
  const held = scoping.ids.filter(holds);
  const key = held.join('\u0000');
  const known = scoping.byHeld.get(key);
  if (known) return known;
  const answer = scopedTo(redactions, (id) => held.includes(id));
  scoping.byHeld.set(key, answer);
  return answer;
}

/** Per list of redactions: the ids its scoped ones name, and `besides`' answers by the ids a record holds. */
const scopings = new WeakMap<readonly Redaction[], { readonly ids: readonly string[]; readonly byHeld: Map<string, readonly Redaction[]> }>();

function scopedTo(redactions: readonly Redaction[], holds: (id: string) => boolean): readonly Redaction[] {
  const out: Redaction[] = [];
  for (const r of redactions) {
    if (r.onlyBeside !== undefined && !holds(r.onlyBeside)) continue;
    // The person's own record: their name is looked for in its `name` properties too.
    if (r.namesBeside !== undefined && holds(r.namesBeside)) {
      const { namesBeside: _beside, ...everywhere } = r;
      out.push(everywhere);
    } else out.push(r);
  }
  return out;
}

/**
 * The redactions that apply to a record whose stored JSON text is `text`: those
 * without `onlyBeside`, and those whose `onlyBeside` appears in it as a JSON
 * string; a `namesBeside` whose id it holds applies to its `name` properties too.
 */
export function applicable(text: string, redactions: readonly Redaction[]): readonly Redaction[] {
  return besides(redactions, (id) => text.includes(JSON.stringify(id)));
}
