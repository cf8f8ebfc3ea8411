/**
 * What a person's text (a message, a title, a reason) must be to be stored: well-formed Unicode, no control
 * characters but tabs and line breaks, and something visible. Both edges (the api's validation, the hub's payloads)
 * refuse the rest with the same words, before anything reaches the domain.
 */

/** C0 and C1 control characters, DEL included, but tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/** A UTF-16 surrogate without its other half (what `JSON.parse` lets through from `"\ud800"`). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
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
  return undefined;
}
