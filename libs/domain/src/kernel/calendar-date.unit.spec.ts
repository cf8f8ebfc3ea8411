import { calendarDateOf, daysFrom, daysInMonth, isCalendarDate, isLeapYear } from './calendar-date';

describe('isCalendarDate', () => {
  it.each(['2015-06-30', '2016-02-29', '2000-02-29', '2014-12-31', '2015-01-01', '0001-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['a 29th of February outside a leap year', '2015-02-29'],
    ['a 29th of February of a century not divisible by 400', '1900-02-29'],
    ['a 31st in a 30-day month', '2014-04-31'],
    ['a 30th of February', '2016-02-30'],
    ['month 13', '2014-13-01'],
    ['month 00', '2014-00-10'],
    ['day 00', '2014-05-00'],
    ['day 32', '2014-05-32'],
    ['year 0000', '0000-01-01'],
    ['a French date', '30/06/2015'],
    ['single-digit month and day', '2015-6-3'],
    ['a five-digit year', '20150-06-30'],
    ['an instant', '2015-06-30T10:00:00Z'],
    ['a trailing newline', '2015-06-30\n'],
    ['surrounding blanks', ' 2015-06-30 '],
    ['non-ASCII digits', '２０１５-06-30'],
    ['an empty string', ''],
  ])('refuses %s (%j)', (_what, value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it.each([undefined, null, 20150630, new Date('2015-06-30'), ['2015-06-30']])('refuses the non-string %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('isLeapYear and daysInMonth', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2015, 2016, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
  });

  it('counts the days of each month', () => {
    expect(Array.from({ length: 12 }, (_, index) => daysInMonth(2015, index + 1))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2016, 2)).toBe(29);
  });
});

describe('daysFrom', () => {
  it.each([
    ['2014-12-08', '2014-12-15', 7],
    ['2014-12-15', '2014-12-15', 0],
    ['2015-01-05', '2014-12-15', -21],
    ['2016-02-27', '2016-03-01', 3], // 2016 is a leap year
    ['2015-02-27', '2015-03-01', 2],
    ['2026-03-28', '2026-03-30', 2], // across the change to summer time: calendar days, no clock
    ['1999-12-31', '2000-01-01', 1],
  ])('counts the days from %s to %s: %i', (from, to, days) => {
    expect(daysFrom(from, to)).toBe(days);
  });
});

describe('calendarDateOf', () => {
  it('reads the date in the given zone, not the server’s', () => {
    const lateEvening = new Date('2026-03-10T23:30:00Z');
    expect(calendarDateOf(lateEvening, 'Europe/Paris')).toBe('2026-03-11');
    expect(calendarDateOf(lateEvening, 'UTC')).toBe('2026-03-10');
    expect(calendarDateOf(lateEvening, 'America/Cayenne')).toBe('2026-03-10');
    expect(calendarDateOf(new Date('2026-07-01T21:59:00Z'), 'Europe/Paris')).toBe('2026-07-01'); // summer time
    expect(calendarDateOf(new Date('2026-07-01T22:00:00Z'), 'Europe/Paris')).toBe('2026-07-02');
  });
});
