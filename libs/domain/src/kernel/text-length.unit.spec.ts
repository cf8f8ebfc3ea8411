import { textLength } from './text-length';
import { requireShortText } from './validation';

describe('textLength: the one count of a person’s text (api, domain, console)', () => {
  it('counts code points: an emoji outside the BMP is one character, not two UTF-16 units', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('décision')).toBe(8);
    expect(textLength('😀')).toBe(1);
    expect(textLength('😀'.repeat(600))).toBe(600);
    expect(textLength('a😀b')).toBe(3);
  });

  it('adds nothing for a variation selector after a character (❤️ is one), counts one alone or after another', () => {
    expect(textLength('❤️')).toBe(1);
    expect(textLength('❤︎')).toBe(1);
    expect(textLength('❤️'.repeat(600))).toBe(600);
    expect(textLength('😀\uFE0F')).toBe(1);
    expect(textLength('\uFE0F')).toBe(1);
    expect(textLength('\uFE0Fa')).toBe(2);
    expect(textLength('a\uFE0F\uFE0F')).toBe(2);
    expect(textLength('\uFE0E\uFE0F\uFE0F')).toBe(3);
  });

  it('counts combining marks and the parts of a joined emoji: a bound on what is stored', () => {
    expect(textLength('e\u0301')).toBe(2);
    expect(textLength('👩‍💻')).toBe(3);
  });

  it('is the count of requireShortText: 600 ❤️ (1,200 code points) pass a bound of 600, one more is refused', () => {
    expect(requireShortText('❤️'.repeat(600), 'empty', 600, 'a decision')).toBe('❤️'.repeat(600));
    expect(requireShortText(` ${'😀'.repeat(600)} `, 'empty', 600, 'a decision')).toBe('😀'.repeat(600));
    expect(() => requireShortText(`${'❤️'.repeat(600)}x`, 'empty', 600, 'a decision')).toThrow('a decision is at most 600 characters (got 601)');
  });
});
