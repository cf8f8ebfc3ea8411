import { dayOfWeek, formatCalendarDate, isThirdThursday, isTimeOfDay, nthWeekdayOfMonth, thirdThursdayOf } from './calendar-date';

describe('dayOfWeek', () => {
  it.each([
    ['2018-04-19', 4], // a Thursday: the network's webinaire of April 2018
    ['2018-04-03', 2], // the CNFPT webinaire, a Tuesday
    ['2015-01-01', 4],
    ['2000-01-01', 6],
    ['2016-02-29', 1],
    ['2014-09-28', 7],
    ['1900-03-01', 4],
    ['0001-01-01', 1], // proleptic Gregorian
    ['9999-12-31', 5],
  ])('%s is ISO day %i', (date, day) => {
    expect(dayOfWeek(date)).toBe(day);
  });

  it('agrees with the JavaScript calendar on every day from 1999 to 2032', () => {
    const mismatches: string[] = [];
    for (let time = Date.UTC(1999, 0, 1); time <= Date.UTC(2032, 11, 31); time += 86_400_000) {
      const instant = new Date(time);
      const date = instant.toISOString().slice(0, 10);
      if (dayOfWeek(date) !== (instant.getUTCDay() || 7)) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('thirdThursdayOf and nthWeekdayOfMonth', () => {
  it.each([
    [2018, 4, '2018-04-19'],
    [2019, 1, '2019-01-17'],
    [2015, 1, '2015-01-15'], // the month starts on a Thursday: the earliest possible
    [2019, 2, '2019-02-21'], // the month starts on a Friday: the latest possible
    [2016, 2, '2016-02-18'],
    [2018, 12, '2018-12-20'],
  ])('the third Thursday of %i-%i is %s', (year, month, date) => {
    expect(thirdThursdayOf(year, month)).toBe(date);
  });

  it('always falls on a Thursday between the 15th and the 21st', () => {
    for (let year = 2014; year <= 2030; year += 1) {
      for (let month = 1; month <= 12; month += 1) {
        const date = thirdThursdayOf(year, month);
        expect(dayOfWeek(date)).toBe(4);
        expect(Number(date.slice(8, 10))).toBeGreaterThanOrEqual(15);
        expect(Number(date.slice(8, 10))).toBeLessThanOrEqual(21);
      }
    }
  });

  it('finds other weekdays too', () => {
    expect(nthWeekdayOfMonth(2018, 6, 2, 2)).toBe('2018-06-12'); // the second Tuesday of June 2018
    expect(nthWeekdayOfMonth(2014, 9, 1, 1)).toBe('2014-09-01'); // the month starts on that weekday
    expect(nthWeekdayOfMonth(2014, 9, 7, 4)).toBe('2014-09-28');
  });
});

describe('isThirdThursday', () => {
  it.each(['2018-04-19', '2019-01-17', '2015-01-15', '2019-02-21'])('accepts %s', (date) => {
    expect(isThirdThursday(date)).toBe(true);
  });

  it.each([
    ['a Thursday, but the second', '2018-04-12'],
    ['a Thursday, but the fourth', '2018-04-26'],
    ['the 19th of another month, not a Thursday', '2018-05-19'],
    ['not a real date', '2018-02-30'],
    ['not a date at all', 'jeudi'],
    ['a number', 20180419],
  ])('refuses %s (%j)', (_what, value) => {
    expect(isThirdThursday(value)).toBe(false);
  });
});

describe('isTimeOfDay', () => {
  it.each(['00:00', '09:30', '12:00', '23:59'])('accepts %s', (value) => {
    expect(isTimeOfDay(value)).toBe(true);
  });

  it.each(['24:00', '12:60', '9:30', '12h00', '12:00:00', ' 12:00', '', 1200, undefined])('refuses %p', (value) => {
    expect(isTimeOfDay(value)).toBe(false);
  });
});

describe('formatCalendarDate', () => {
  it('pads each part', () => {
    expect(formatCalendarDate(2018, 4, 9)).toBe('2018-04-09');
    expect(formatCalendarDate(1, 1, 1)).toBe('0001-01-01');
  });
});
