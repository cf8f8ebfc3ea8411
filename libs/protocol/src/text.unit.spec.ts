import { textFault } from './text';

const BIDI = 'must not hold bidirectional overrides (U+202D, U+202E) nor embeddings or isolates left unclosed (U+202A to U+202C, U+2066 to U+2069)';

describe('textFault: what a person’s text must be to be stored', () => {
  it.each([
    ['plain French', 'Réunion du comité de pilotage à 14 h'],
    ['several lines and a tab', 'Ordre du jour :\n\t1. budget\r\n\t2. calendrier'],
    ['an emoji sequence joined by zero-width joiners', '👨‍👩‍👧 famille'],
    ['an emoji alone (a surrogate pair)', '😀'],
    ['Arabic with a right-to-left mark', 'مرحبا\u200f'],
    ['a word between non-breaking spaces', '\u00a0Bonjour\u00a0'],
    ['a combining accent on a letter', 'e\u0301te\u0301'],
    ['one letter with a combining accent, the rest invisible', '\u200be\u0301\ufe0f\u034f'],
    ['a character and its emoji variation selector', '\u2764\ufe0f'],
    ['a Devanagari syllable (a letter and its vowel sign)', '\u0915\u093f'],
    ['Hebrew and French with left-to-right and right-to-left marks', 'שלום\u200e (salut)\u200f'],
    // Pasted from messaging apps and word processors: each run closed within the text.
    ['a name in a first-strong isolate (a messaging app’s paste)', 'Message de \u2068Leïla\u2069 : à demain'],
    ['an Arabic phrase in a right-to-left embedding (a word processor’s paste)', 'Voté par \u202Bمجلس الإدارة\u202C hier'],
    ['nested isolates and an embedding inside one', '\u2067\u2066abc\u2069 \u202Aد\u202C\u2069 fin'],
  ])('accepts %s', (_name, text) => {
    expect(textFault(text)).toBeUndefined();
  });

  it.each([
    ['spaces alone', '   ', 'must not be blank'],
    ['a zero-width space', '\u200b', 'must not be blank'],
    ['no-break and ideographic spaces', '\u00a0\u3000\u2009', 'must not be blank'],
    ['a byte-order mark and a soft hyphen', '\ufeff\u00ad', 'must not be blank'],
    ['a Hangul filler', '\u3164', 'must not be blank'],
    ['the blank Braille pattern', '\u2800\u2800', 'must not be blank'],
    ['line breaks alone', '\n\r\n\t', 'must not be blank'],
    // Marks and fillers that show nothing without a visible character before them.
    ['a combining grapheme joiner', '\u034f', 'must not be blank'],
    ['a Khmer inherent vowel', '\u17b4', 'must not be blank'],
    ['the other Khmer inherent vowel between spaces', ' \u17b5 ', 'must not be blank'],
    ['an emoji variation selector', '\ufe0f', 'must not be blank'],
    ['a supplementary variation selector', '\u{E0100}', 'must not be blank'],
    ['a lone combining accent', '\u0301', 'must not be blank'],
    ['combining accents after a space', ' \u0301\u0300', 'must not be blank'],
    ['a Mongolian vowel separator and a free variation selector', '\u180e\u180b', 'must not be blank'],
    ['a word joiner and an invisible operator', '\u2060\u2062', 'must not be blank'],
    ['the Hangul choseong and jungseong fillers', '\u115f\u1160', 'must not be blank'],
    ['the half-width Hangul filler', '\uffa0', 'must not be blank'],
    ['a tag sequence alone', '\u{E0067}\u{E0062}\u{E007F}', 'must not be blank'],
    ['a NUL', '\u0000', 'must not hold control characters (only tabs and line breaks)'],
    ['a NUL between letters', 'a\u0000b', 'must not hold control characters (only tabs and line breaks)'],
    ['an escape sequence', 'rouge \u001b[31m', 'must not hold control characters (only tabs and line breaks)'],
    ['a C1 control', 'texte\u0085', 'must not hold control characters (only tabs and line breaks)'],
    ['DEL', 'a\u007f', 'must not hold control characters (only tabs and line breaks)'],
    ['a lone high surrogate', 'a\ud800', 'must be well-formed Unicode text (it holds half of a surrogate pair)'],
    ['a lone low surrogate', '\udc00b', 'must be well-formed Unicode text (it holds half of a surrogate pair)'],
    ['surrogates in the wrong order', '\udc00\ud800', 'must be well-formed Unicode text (it holds half of a surrogate pair)'],
    ['a right-to-left override (« Trojan Source »)', 'facture\u202Etxt.exe', BIDI],
    ['a left-to-right embedding', '\u202Aabc', BIDI],
    ['a right-to-left embedding', 'abc\u202B', BIDI],
    ['a pop directional formatting', 'a\u202Cb', BIDI],
    ['a left-to-right override', 'a\u202Db', BIDI],
    ['a left-to-right isolate', 'a\u2066b', BIDI],
    ['a right-to-left isolate', 'a\u2067b', BIDI],
    ['a first-strong isolate', 'a\u2068b', BIDI],
    ['a pop directional isolate', 'a\u2069b', BIDI],
    ['an override closed again (it still forces the run)', 'facture \u202Etxt.exe\u202C', BIDI],
    ['an isolate closed by a pop directional formatting', '\u2066abc\u202C', BIDI],
    ['runs closed out of order', '\u2066a\u202Ab\u2069c\u202C', BIDI],
    ['one isolate closed, another left open', '\u2068Leïla\u2069 et \u2068Paul', BIDI],
    // Nothing visible: blank first.
    ['a right-to-left override alone', '\u202E', 'must not be blank'],
  ])('refuses %s', (_name, text, fault) => {
    expect(textFault(text)).toBe(fault);
  });
});
