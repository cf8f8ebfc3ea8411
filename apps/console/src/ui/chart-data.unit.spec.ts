/// <reference types="jest" />
import { labelRoom, nothingCounted, shortLabel } from './chart-data';

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

describe('a chart’s axis labels', () => {
  const label = '12 mars 2026 · Le rôle des collectivités territoriales dans les alliances';

  it('keep their beginning (the date) and end with « … » when too long', () => {
    expect(shortLabel(label, 30)).toBe('12 mars 2026 · Le rôle des co…');
    expect([...shortLabel(label, 30)]).toHaveLength(30);
    expect(shortLabel(label, 20)).toBe('12 mars 2026 · Le r…');
    expect(shortLabel('1er juin 2025 · Atelier', 30)).toBe('1er juin 2025 · Atelier');
    // No space left before « … ».
    expect(shortLabel('12 mars 2026 · Le rôle', 16)).toBe('12 mars 2026 ·…');
  });

  it('get room for about 40 % of the chart’s width, never less than 12 characters', () => {
    expect(labelRoom(1100)).toBe(67);
    expect(labelRoom(340)).toBe(20);
    expect(labelRoom(100)).toBe(12);
  });
});
