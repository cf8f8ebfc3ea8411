import { line } from './erase-command';

describe('ops erase / ops person, in sentences', () => {
  it('says an erasure as a French sentence, with its day', () => {
    expect(
      line({ subject: 'cat-claire', status: 'erased', streams: 0, erasedAt: '2026-12-04T10:00:00.000Z' } as Parameters<typeof line>[0], 'Europe/Paris'),
    ).toBe('Les données personnelles de cat-claire sont effacées depuis le 4 décembre 2026 à 11:00 (Europe/Paris) : leur clé est détruite.\n');
  });
});
