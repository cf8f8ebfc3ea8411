/// <reference types="jest" />
import { roomKindChoices, roomListStatus } from './kinds';

describe('the Salons page’s list', () => {
  it('offers each role the kinds of rooms it may open (libs/auth `room-open`): a partner only its partnerships’', () => {
    expect(roomKindChoices('partner')).toEqual([['partnership', 'Partenariat']]);
    expect(roomKindChoices('catalyseur').map(([k]) => k)).toEqual(['territory', 'theme', 'partnership', 'experimentation', 'gathering', 'network']);
    expect(roomKindChoices('operator').map(([k]) => k)).toContain('ops');
  });

  it('says an empty list once, and counts a full one', () => {
    expect(roomListStatus({ total: 0, offset: 0, shown: 0 }, false, 25)).toBe('Aucun salon pour l’instant.');
    expect(roomListStatus({ total: 0, offset: 0, shown: 0 }, true, 25)).toBe('Aucun salon archivé.');
    expect(roomListStatus({ total: 1, offset: 0, shown: 1 }, false, 25)).toBe('1 salon');
    expect(roomListStatus({ total: 2, offset: 0, shown: 2 }, true, 25)).toBe('2 salons archivés');
    expect(roomListStatus({ total: 30, offset: 25, shown: 5 }, false, 25)).toBe('30 salons · 26 à 30');
  });
});
