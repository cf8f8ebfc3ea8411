/**
 * How a `within` value (a name) is found inside a text at erasure (docs/adr/0006-personal-data.md). Whatever its
 * Unicode form (each character composed or decomposed: NFC "é" or NFD "e\u0301"; the text is not normalised) and
 * the spaces between its words (any run of space separators, `Zs`: spaces, no-break spaces; not a tab nor a line
 * break; the spaces around the value are not looked for), a name is found **only as whole words** (neither a letter,
 * a digit, a mark nor a connector (`_`) just before or after it, nor a hyphen joining it to a letter or digit: «
 * Martin » is not in « Martinez », « Martin-Dupont » nor « pharmacie-martin », « Camille Martin » not in «
 * Marie-Camille Martin »; an apostrophe does not join: « d’Élodie Martin » holds « Élodie Martin »), in the spellings
 * people write a name in: as written, ALL CAPITALS ("ZÉBULON MARTIN"), Each Word Capitalised ("Zébulon Martin"), the
 * last word in capitals as in French lists ("Zébulon MARTIN"), and, for a name of two words or more, all lower case
 * ("zébulon martin"). Not any case inside any word: "Claire" must not become « [effacé]ment » in « clairement ». The
 * log's rewrite cannot be undone: it errs on the side of leaving an odd spelling (« zÉbUlOn ») rather than rewriting
 * other people's words. (Until 2026-12-05 the spelling as written was found inside longer words too: erasing «
 * Camille Martin » rewrote « Camille Martinez » for good, a name « Lyon » « Lyonnaise des Eaux ».)
 */

/** Characters a RegExp (`u`) reads as syntax: escaped. */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
/**
 * What may not touch a name found: a letter, a digit, a combining mark, a connector (`_`), or a hyphen joining it to
 * a letter or a digit (a compound name or an id: « Martin-Dupont », « pharmacie-martin »).
 */
const WORD_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}\\p{Pc}])(?<![\\p{L}\\p{N}][-\\u2010\\u2011])';
const WORD_AFTER = '(?![\\p{L}\\p{N}\\p{M}\\p{Pc}])(?![-\\u2010\\u2011][\\p{L}\\p{N}])';
/**
 * How the text searched writes a spelling (HTML escapes `&`, `<`, `>`, quotes): applied to each word of each spelling
 * once its case is chosen, so that « Dupont & Fils » in capitals is looked for as `DUPONT &amp; FILS`, not as the
 * capitals of the escaped value (`&AMP;`). None: as is.
 */
export type Spell = (word: string) => string;
/** Compiled patterns, by spelling function and value: an erasure redacts every string of many documents with the same few values. */
const patterns = new Map<Spell | undefined, Map<string, RegExp>>();
const MAX_PATTERNS = 256;
/** Most spellings of a beginning `nameFragments` gives for one spelling of the value. */
const MAX_FORMS_PER_SPELLING = 8;

/** The pattern finding `value` (flags `gu`: use it with `replace` or `search`, never `test` or `exec`), each spelling written by `spell`. */
export function namePattern(value: string, spell?: Spell): RegExp {
  let cache = patterns.get(spell);
  if (!cache) patterns.set(spell, (cache = new Map()));
  const known = cache.get(value);
  if (known) return known;
  const words = nameWords(value);
  let source: string;
  if (words === undefined) source = escapeRegExp(spell ? spell(value) : value);
  else {
    const forms = spellings(words).map((spelling) => spelled(spell ? spelling.map(spell) : spelling));
    source = `${WORD_BEFORE}(?:${forms.join('|')})${WORD_AFTER}`;
  }
  const pattern = new RegExp(source, 'gu');
  if (cache.size >= MAX_PATTERNS) cache.clear();
  cache.set(value, pattern);
  return pattern;
}

/** Whether `text` holds `value` as `namePattern` finds it. */
export function holdsName(text: string, value: string): boolean {
  return text.search(namePattern(value)) !== -1;
}

/**
 * Substrings one of which every span `namePattern` finds in a text holds, as written: for a store's case-sensitive
 * search (`instr`, `strpos`) of the rows worth reading. For each spelling, the beginning of its first word in every
 * composed or decomposed form (as long as a few forms allow, at least its first character), written by `spell`. A
 * value of nothing but spaces: itself.
 */
export function nameFragments(value: string, spell?: Spell): string[] {
  const words = nameWords(value);
  if (words === undefined) return [spell ? spell(value) : value];
  const fragments = new Set<string>();
  for (const spelling of spellings(words)) {
    let beginnings = [''];
    const first = spelling[0] ?? '';
    for (const char of spell ? spell(first) : first) {
      const forms = charForms(char);
      if (beginnings.length > 1 && beginnings.length * forms.length > MAX_FORMS_PER_SPELLING) break;
      beginnings = beginnings.flatMap((beginning) => forms.map((form) => beginning + form));
    }
    for (const beginning of beginnings) fragments.add(beginning);
  }
  return [...fragments];
}

/** The value's words (NFC), without the spaces around them; `undefined` when it holds nothing but spaces (searched as written). */
function nameWords(value: string): string[] | undefined {
  const words = value
    .normalize('NFC')
    .split(/\p{Zs}+/u)
    .filter((word) => word !== '');
  return words.length === 0 ? undefined : words;
}

/** The spellings looked for, each a list of words: as written first, then the others (distinct). */
function spellings(words: readonly string[]): (readonly string[])[] {
  const upper = (word: string): string => word.toLocaleUpperCase('fr');
  // « Jean-Pierre », « d’Artagnan » → « D’Artagnan »: a capital after a hyphen or an apostrophe too.
  const title = (word: string): string =>
    word.toLocaleLowerCase('fr').replace(/(^|[-'’])(\p{L})/gu, (_, before: string, letter: string) => before + upper(letter));
  const candidates = [
    words,
    words.map(upper),
    words.map(title),
    words.map((word, i) => (i === words.length - 1 ? upper(word) : title(word))),
    ...(words.length > 1 ? [words.map((word) => word.toLocaleLowerCase('fr'))] : []),
  ];
  const seen = new Set<string>();
  return candidates.filter((spelling) => {
    const key = spelling.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One spelling as a pattern: each character composed or decomposed, any run of spaces between its words. */
function spelled(words: readonly string[]): string {
  return words.map((word) => [...word].map((char) => alternatives(charForms(char).map(escapeRegExp))).join('')).join('\\p{Zs}+');
}

function alternatives(options: readonly string[]): string {
  return options.length === 1 ? (options[0] ?? '') : `(?:${options.join('|')})`;
}

function escapeRegExp(text: string): string {
  return text.replace(SYNTAX, '\\$&');
}

/** The spellings of one (NFC) character: composed, and decomposed when it differs. */
function charForms(char: string): string[] {
  const decomposed = char.normalize('NFD');
  return decomposed === char ? [char] : [char, decomposed];
}
