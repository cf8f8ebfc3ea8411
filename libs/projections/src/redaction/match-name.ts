/**
 * How a `within` value (a name) is found inside a text at erasure (docs/adr/0006-personal-data.md): wherever it
 * is (inside a longer word too: "Martin" in "Martinez"), whatever
 * - its case: simple case folding, as a RegExp's `iu` ("ZÉBULON" and "zébulon" are "Zébulon"; "ß" is not "SS",
 *   and "i" is not "İ", which lower-cases to two characters);
 * - its Unicode form: each character composed or decomposed (NFC "é" or NFD "e\u0301"), the text is not
 *   normalised;
 * - the spaces between its words: a run of any space separators (`Zs`: spaces, no-break spaces U+00A0 and
 *   U+202F, thin spaces…) for a run of them in the value; not a tab nor a line break. Spaces around the value
 *   are not searched.
 * A span found is never cut before a combining mark ("Martin" is not found in a decomposed "Martiñ", as it is not
 * in a composed one). Not covered: combining marks in a non-canonical order, compatibility forms (NFKC: "ﬁ",
 * full-width letters).
 */

/** A space separator (Unicode `Zs`). */
const SPACE = /^\p{Zs}$/u;
/** Characters a RegExp (`u`) reads as syntax: escaped. */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
/** Compiled patterns, by value: an erasure redacts every string of many documents with the same few values. */
const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 256;
/** Most spellings `nameFragments` gives for one value: the fragment is as long as that allows. */
const MAX_FRAGMENTS = 32;

/**
 * The pattern finding `value` (flags `giu`: use it with `replace`, or `search`, which ignore and keep no
 * `lastIndex`; never `test` or `exec`).
 */
export function namePattern(value: string): RegExp {
  const known = patterns.get(value);
  if (known) return known;
  const chars = nameChars(value);
  let source: string;
  if (chars === undefined) source = escapeRegExp(value);
  else {
    source = '';
    for (const [i, char] of chars.entries()) {
      if (SPACE.test(char)) {
        if (!SPACE.test(chars[i - 1] ?? '')) source += '\\p{Zs}+';
        continue;
      }
      const spellings = forms(char).map(escapeRegExp);
      source += spellings.length === 1 ? spellings[0] : `(?:${spellings.join('|')})`;
    }
    source += '(?!\\p{M})';
  }
  const pattern = new RegExp(source, 'giu');
  if (patterns.size >= MAX_PATTERNS) patterns.clear();
  patterns.set(value, pattern);
  return pattern;
}

/** Whether `text` holds `value` as `namePattern` finds it. */
export function holdsName(text: string, value: string): boolean {
  return text.search(namePattern(value)) !== -1;
}

/**
 * Substrings one of which every span `namePattern` finds in a text holds, as written: for a store's
 * case-sensitive search (`instr`, `strpos`) of the rows worth reading. The beginning of the value's first word (at
 * least its first character, as many as `MAX_FRAGMENTS` spellings allow), in every case and form the pattern
 * accepts. A value of nothing but spaces: itself.
 */
export function nameFragments(value: string): string[] {
  const chars = nameChars(value);
  if (chars === undefined) return [value];
  let fragments = [''];
  for (const char of chars) {
    if (SPACE.test(char)) break;
    const spellings = [...new Set(forms(char).flatMap(caseSpellings))];
    if (fragments.length > 1 && fragments.length * spellings.length > MAX_FRAGMENTS) break;
    fragments = fragments.flatMap((fragment) => spellings.map((spelling) => fragment + spelling));
  }
  return fragments;
}

/** The characters a RegExp `iu` reads as `char` (itself included), sorted. */
export function caseVariants(char: string): readonly string[] {
  caseClasses ??= buildCaseClasses();
  return caseClasses.get(char) ?? [char];
}

/** The value's characters (NFC) without the spaces around it; `undefined` when it holds nothing but spaces (searched as written, then). */
function nameChars(value: string): string[] | undefined {
  const chars = [...value.normalize('NFC')];
  let start = 0;
  let end = chars.length;
  while (start < end && SPACE.test(chars[start] ?? '')) start++;
  while (end > start && SPACE.test(chars[end - 1] ?? '')) end--;
  return start === end ? undefined : chars.slice(start, end);
}

function escapeRegExp(text: string): string {
  return text.replace(SYNTAX, '\\$&');
}

/** The spellings of one (NFC) character: composed, and decomposed when it differs. */
function forms(char: string): string[] {
  const decomposed = char.normalize('NFD');
  return decomposed === char ? [char] : [char, decomposed];
}

/** Every string a RegExp `iu` reads as `text`: each of its characters in every case. */
function caseSpellings(text: string): string[] {
  let spellings = [''];
  for (const char of text) {
    const variants = caseVariants(char);
    spellings = spellings.flatMap((spelling) => variants.map((variant) => spelling + variant));
  }
  return spellings;
}

let caseClasses: Map<string, readonly string[]> | undefined;

/**
 * The classes of characters a RegExp `iu` reads as one, built once (about 0.2 s), the first time fragments are
 * asked: the characters linked by their one-character lower and upper cases and by their longer upper cases, then, in each group, those the
 * RegExp itself reads as equal (so "ı" and "İ", both linked to "i", are kept apart, as the RegExp keeps them).
 * Only the characters that have another one in their class are kept.
 */
function buildCaseClasses(): Map<string, readonly string[]> {
  const parent = new Map<number, number>();
  const root = (cp: number): number => {
    let r = cp;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    return r;
  };
  const link = (a: number, b: number): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  // Characters whose upper case is longer are linked by it ("ΐ" U+0390 and U+1FD3 both give "Ϊ́", "ﬅ" and "ﬆ" "ST").
  const byLongUpper = new Map<string, number>();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const char = String.fromCodePoint(cp);
    for (const other of [char.toLowerCase(), char.toUpperCase()]) {
      const code = other.codePointAt(0);
      if (other === char || code === undefined) continue;
      if (other === String.fromCodePoint(code)) link(cp, code);
      else if (other === char.toUpperCase()) {
        const first = byLongUpper.get(other);
        if (first === undefined) byLongUpper.set(other, cp);
        else link(cp, first);
      }
    }
  }
  const groups = new Map<number, string[]>();
  for (const cp of parent.keys()) {
    const r = root(cp);
    const group = groups.get(r) ?? [];
    group.push(String.fromCodePoint(cp));
    groups.set(r, group);
  }
  const classes = new Map<string, readonly string[]>();
  for (const group of groups.values()) {
    for (const char of group) {
      const same = new RegExp(`^${escapeRegExp(char)}$`, 'iu');
      const members = group.filter((other) => same.test(other)).sort();
      if (members.length > 1) classes.set(char, members);
    }
  }
  return classes;
}
