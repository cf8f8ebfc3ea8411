/// <reference types="jest" />
import { nothingCounted } from './chart-data';

describe('a chart of counts', () => {
  it('has nothing to show when every count is zero (a territory without introductions)', () => {
    expect(nothingCounted([{ values: [0, 0, 0, 0] }])).toBe(true);
    expect(nothingCounted([{ values: [] }])).toBe(true);
    expect(nothingCounted([{ values: [0, 0] }, { values: [0, 0] }])).toBe(true);
  });

  it('draws as soon as one count is not zero', () => {
    expect(nothingCounted([{ values: [0, 1, 0, 0] }])).toBe(false);
    expect(nothingCounted([{ values: [0, 0] }, { values: [0, 3] }])).toBe(false);
  });
});
