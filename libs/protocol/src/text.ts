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
 * The bidirectional embeddings and overrides (U+202A to U+202E) and isolates (U+2066 to U+2069): invisible, they
 * reorder what follows them until their end (« Trojan Source »: `\u202Etxt.exe` shows as `exe.txt`), in a title, a
 * name or an export's cell as well as in a message. Text in a right-to-left script shows right without them: its
 * letters carry their direction, and the marks U+200E and U+200F (allowed) settle the neutral characters between.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/**
 * One character that shows: not white space (any Unicode separator), not a format character (zero-width space and
 * joiners, bidirectional marks, soft hyphen), not a control, not one of the letters that render blank (Hangul
 * fillers, the blank Braille pattern).
 */
const VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]/u;

/** Why `text` cannot be stored as a person's text (words to follow the field's name), or `undefined` when it can. */
export function textFault(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode text (it holds half of a surrogate pair)';
  if (CONTROL.test(text)) return 'must not hold control characters (only tabs and line breaks)';
  if (!VISIBLE.test(text)) return 'must not be blank';
  if (BIDI_CONTROL.test(text)) return 'must not hold bidirectional embedding, override or isolate characters (U+202A to U+202E, U+2066 to U+2069)';
  return undefined;
}
