/**
 * What a person's text (a message, a title, a reason) must be to be stored: well-formed Unicode, no control
 * characters but tabs and line breaks, something visible, and no character that reorders how the rest is shown.
 * Both edges (the api's validation, the hub's payloads) refuse the rest with the same words, before anything reaches
 * the domain.
 */

/** C0 and C1 control characters, DEL included, but tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** A UTF-16 surrogate without its other half (what `JSON.parse` lets through from `"\ud800"`). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * The bidirectional overrides (U+202D, U+202E): invisible, they force the direction of every character after them
 * (« Trojan Source »: `facture\u202Etxt.exe` shows as `factureexe.txt`), in a title, a name or an export's cell as
 * well as in a message. Refused wherever they are.
 */
const BIDI_OVERRIDE = /[\u202D\u202E]/u;
/**
 * Embeddings (U+202A, U+202B, closed by U+202C) and isolates (U+2066 to U+2068, closed by U+2069) only set the
 * direction of a run, and text pasted from messaging apps and word processors holds them (a name wrapped in an isolate,
 * an Arabic phrase in an embedding): kept when each is closed, in order, within the text; one left open would reorder
 * whatever is shown after the text (the next cell, the rest of the page), and a closing one alone is a stray.
 */
const BIDI_FORMAT = /[\u202A-\u202C\u2066-\u2069]/u;

function bidiUnbalanced(text: string): boolean {
  const open: ('embedding' | 'isolate')[] = [];
  for (const char of text) {
    if (char === '\u202A' || char === '\u202B') open.push('embedding');
    else if (char === '\u2066' || char === '\u2067' || char === '\u2068') open.push('isolate');
    else if (char === '\u202C' && open.pop() !== 'embedding') return true;
    else if (char === '\u2069' && open.pop() !== 'isolate') return true;
  }
  return open.length > 0;
}
/**
 * One character that shows on its own: not white space (any Unicode separator), not a format character (zero-width
 * space and joiners, word joiner, bidirectional marks, soft hyphen, the Mongolian vowel separator U+180E, tags), not a
 * control, not a mark (`\p{M}`: a combining accent, a variation selector such as U+FE0F, the combining grapheme joiner
 * U+034F, the Khmer inherent vowels U+17B4 and U+17B5 all show nothing without a character before them), not one of
 * the letters that render blank (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the blank Braille pattern). A text
 * with one such character is visible, whatever marks follow it: `é` written `e` + U+0301 is.
 */
const VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\p{M}\u115F\u1160\u2800\u3164\uFFA0]/u;

/** Why `text` cannot be stored as a person's text (words to follow the field's name), or `undefined` when it can. */
export function textFault(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode text (it holds half of a surrogate pair)';
  if (CONTROL.test(text)) return 'must not hold control characters (only tabs and line breaks)';
  if (!VISIBLE.test(text)) return 'must not be blank';
  if (BIDI_OVERRIDE.test(text) || (BIDI_FORMAT.test(text) && bidiUnbalanced(text)))
    return 'must not hold bidirectional overrides (U+202D, U+202E) nor embeddings or isolates left unclosed (U+202A to U+202C, U+2066 to U+2069)';
  return undefined;
}
