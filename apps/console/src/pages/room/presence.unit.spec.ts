/// <reference types="jest" />
import { othersText, presentShown } from './presence';

describe('who is present', () => {
  it('lists the first 60 by name, the signed-in person first, and counts the others', () => {
    const present = Array.from({ length: 71 }, (_, i) => `catalyseur-${String(i + 1).padStart(3, '0')}`);
    const { shown, others } = presentShown(present, 'catalyseur-050');
    expect(shown).toHaveLength(60);
    expect(shown[0]).toBe('catalyseur-050');
    expect(others).toBe(11);
    expect(othersText(others)).toBe('et 11 autres');
    expect(othersText(1)).toBe('et 1 autre');
  });

  it('lists everyone in a small room', () => {
    expect(presentShown(['a', 'b'], 'b')).toEqual({ shown: ['b', 'a'], others: 0 });
  });
});
