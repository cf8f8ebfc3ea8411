/// <reference types="jest" />
import { feedOrderText, recordedLater } from './feed-order';

describe('a feed in the order of recording, its facts dated when they happened', () => {
  it('marks each fact that happened before one recorded before it, and only those', () => {
    // The network's feed of the demo: gatherings of April, then a parcours' session of July, then a gathering of
    // December, then sessions of September and November recorded after it.
    expect(
      recordedLater([
        '2018-04-05T09:00:00Z',
        '2018-04-03T09:00:00Z',
        '2018-07-05T09:00:00Z',
        '2018-12-20T09:00:00Z',
        '2018-09-27T09:00:00Z',
        '2018-11-22T09:00:00Z',
        '2018-12-20T09:00:00Z',
      ]),
    ).toEqual([false, true, false, false, true, true, false]);
  });

  it('compares instants, not their text, and lets a row without a date move nothing', () => {
    // The same instant written in two zones is not « before ».
    expect(recordedLater(['2026-12-05T10:00:00+01:00', '2026-12-05T09:00:00Z'])).toEqual([false, false]);
    expect(recordedLater(['2026-12-05T10:00:00Z', undefined, 'pas une date', '2026-12-04T10:00:00Z'])).toEqual([false, false, false, true]);
    expect(recordedLater([])).toEqual([]);
  });

  it('says its order above the feed, the newest at the top or at the bottom', () => {
    // An entry's `at` is when its command was decided (a catalyseur joined in 2020, recorded today, is dated today),
    // or for a history imported by a script when its fact happened: the line says so, not « du jour où il s’est produit ».
    expect(feedOrderText(true)).toBe(
      'Dans l’ordre où les faits ont été enregistrés, le dernier en haut ; chacun est daté du moment où il a été enregistré, ou du jour où il s’est produit s’il vient d’un historique importé.',
    );
    expect(feedOrderText(false)).toBe(
      'Dans l’ordre où les faits ont été enregistrés, le dernier en bas ; chacun est daté du moment où il a été enregistré, ou du jour où il s’est produit s’il vient d’un historique importé.',
    );
  });
});
