/// <reference types="jest" />
import { charCount, clipText, limitText, TEXT_MAX } from './text-limit';

describe('the limit of a room’s texts', () => {
  it('cuts a pasted text at 4,000 characters and says so', () => {
    const { text, clipped } = clipText('a'.repeat(5000));
    expect([text.length, clipped]).toEqual([TEXT_MAX, true]);
    expect(limitText(charCount(text), clipped)).toBe('Le texte collé dépassait 4\u202f000 caractères : il a été coupé à 4\u202f000.');
  });

  it('never cuts an emoji in two: characters are counted as the api counts them', () => {
    const pasted = `${'a'.repeat(3999)}👵👵`;
    const { text, clipped } = clipText(pasted);
    expect(clipped).toBe(true);
    expect(text).toBe(`${'a'.repeat(3999)}👵`);
    expect(text.endsWith('\ud83d')).toBe(false);
    // 4,000 emoji are 8,000 UTF-16 units and within the limit.
    expect(clipText('👵'.repeat(TEXT_MAX))).toEqual({ text: '👵'.repeat(TEXT_MAX), clipped: false });
  });

  it('counts a heart with its variation selector as one, as the api and the domain do: 3,000 are kept whole, 4,001 cut after the 4,000th', () => {
    const heart = '\u2764\ufe0f';
    expect(charCount(heart.repeat(3000))).toBe(3000);
    expect(clipText(heart.repeat(3000))).toEqual({ text: heart.repeat(3000), clipped: false });
    expect(clipText(heart.repeat(4001))).toEqual({ text: heart.repeat(4000), clipped: true });
  });

  it('shows the count near the limit, and nothing far from it', () => {
    expect(limitText(10, false)).toBe('');
    expect(limitText(3700, false)).toBe('3\u202f700 / 4\u202f000 caractères');
    expect(limitText(4000, false)).toBe('4\u202f000 / 4\u202f000 caractères : la limite est atteinte.');
  });
});
