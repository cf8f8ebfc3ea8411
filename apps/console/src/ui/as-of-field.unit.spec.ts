import { asOfField, withPage, withTyped } from './as-of-field';

describe('the as-of date field: unreadable text typed there goes when the page sets its day itself, or on a navigation', () => {
  it('a day read goes to the page without a reset: the field keeps what is typed, a navigation too', () => {
    const typed = withTyped(asOfField('2014-12-31'), '2013-01-01', true);
    expect(withPage(typed, '2013-01-01', 0)).toEqual({ day: '2013-01-01', resets: 0, unread: false, navigation: 0 });
    // « Réseau » followed to the same day: nothing unread in the field, nothing to drop.
    expect(withPage(typed, '2013-01-01', 1)).toEqual({ day: '2013-01-01', resets: 0, unread: false, navigation: 1 });
  });

  it('a text that reads as no day is not handed on; the page then going back to no day (« Réseau », back) resets the field', () => {
    // « 31/02/2014 » typed over 31/12/2014: the field says « no day » (empty, not valid), the page keeps 31/12/2014.
    const typed = withTyped(asOfField('2014-12-31'), '', false);
    expect(withPage(typed, '2014-12-31', 0)).toEqual({ day: '2014-12-31', resets: 0, unread: true, navigation: 0 });
    // The page's day emptied from elsewhere: the same « no day » the field handed on, yet a reset (its text goes).
    expect(withPage(typed, '', 1)).toEqual({ day: '', resets: 1, unread: false, navigation: 1 });
    // Any other day of the page's own too.
    expect(withPage(typed, '2010-06-30', 1)).toEqual({ day: '2010-06-30', resets: 1, unread: false, navigation: 1 });
  });

  it('on a page with no day, a text that reads as none goes at the next navigation, though the day stays « no day »', () => {
    // « 31/02/2014 » typed on /reseau: the page's day stays empty, as it was.
    const typed = withTyped(asOfField(''), '', false);
    expect(withPage(typed, '', 0)).toEqual({ day: '', resets: 0, unread: true, navigation: 0 });
    // « Réseau » followed (the same address, still no day): a reset, the text and its error gone.
    const reset = withPage(typed, '', 1);
    expect(reset).toEqual({ day: '', resets: 1, unread: false, navigation: 1 });
    // Once reset, renders and further navigations leave the field alone.
    expect(withPage(reset, '', 1)).toBe(reset);
    expect(withPage(reset, '', 2)).toEqual({ day: '', resets: 1, unread: false, navigation: 2 });
  });

  it('a text that reads as a day again clears the mark: a navigation then keeps what is typed', () => {
    const fixed = withTyped(withTyped(asOfField(''), '', false), '2014-02-28', true);
    expect(fixed).toEqual({ day: '2014-02-28', resets: 0, unread: false, navigation: 0 });
    expect(withPage(fixed, '2014-02-28', 1)).toEqual({ day: '2014-02-28', resets: 0, unread: false, navigation: 1 });
    // The field emptied (valid: no day) is handed on too.
    expect(withTyped(withTyped(asOfField('2014-12-31'), '', false), '', true)).toEqual({ day: '', resets: 0, unread: false, navigation: 0 });
  });
});
