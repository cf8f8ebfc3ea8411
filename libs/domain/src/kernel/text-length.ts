/**
 * The one length of a person's text, wherever a bound on it is checked: the api's validation (`TextField`,
 * `TextArrayField`), the deciders (`requireShortText`), the console before sending. Counted as the api's validator
 * (class-validator's `MaxLength`) has always counted: code points, an emoji outside the BMP (`😀`, two UTF-16 units)
 * is one, and a variation selector (U+FE0E, U+FE0F) after a character adds nothing (`❤️`, U+2764 U+FE0F, is one), as a
 * person sees them. UTF-16 `.length` would count `😀` twice, `Array.from` would count `❤️` twice: three counts, and a
 * text the api accepted could then be refused by the domain (422), or refused by the console when the api takes it.
 * Combining marks (`e` + U+0301) and the parts of a joined emoji (👩‍💻) still count one each: a bound on what is
 * stored, not on what is shown.
 */
export function textLength(text: string): number {
  let length = 0;
  let previous: string | undefined;
  for (const char of text) {
    // A selector after a character is its presentation (as the validator reads it); one alone, or after another, counts.
    if (!isVariationSelector(char) || previous === undefined || isVariationSelector(previous)) length++;
    previous = char;
  }
  return length;
}

function isVariationSelector(char: string): boolean {
  return char === '\uFE0E' || char === '\uFE0F';
}
