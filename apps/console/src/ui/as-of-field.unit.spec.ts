import { asOfField, withPageDay, withTyped } from './as-of-field';

describe('the as-of date field: unreadable text typed there goes when the page sets its day itself', () => {
  it('a day read goes to the page without a reset: the field keeps what is typed', () => {
    const typed = withTyped(asOfField('2014-12-31'), '2013-01-01', true);
    expect(withPageDay(typed, '2013-01-01')).toEqual({ day: '2013-01-01', resets: 0 });
  });

  it('a text that reads as no day is not handed on; the page then going back to no day (« Réseau », back) resets the field', () => {
    // « 31/02/2014 » typed over 31/12/2014: the field says « no day » (empty, not valid), the page keeps 31/12/2014.
    const typed = withTyped(asOfField('2014-12-31'), '', false);
    expect(withPageDay(typed, '2014-12-31')).toEqual({ day: '2014-12-31', resets: 0 });
    // The page's day emptied from elsewhere: the same « no day » the field handed on, yet a reset (its text goes).
    expect(withPageDay(typed, '')).toEqual({ day: '', resets: 1 });
    // Any other day of the page's own too.
    expect(withPageDay(typed, '2010-06-30')).toEqual({ day: '2010-06-30', resets: 1 });
  });
});
