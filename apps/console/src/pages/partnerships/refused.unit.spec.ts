/// <reference types="jest" />
import { chronologyShown } from './refused';

const forbidden = { code: 'FORBIDDEN', message: 'partner-of-partnership' };

describe('a partnership’s page refused says it once', () => {
  it('leaves the chronology out when the board is refused to a partner of another organisation, answered or not', () => {
    expect(chronologyShown(forbidden, forbidden)).toBe(false);
    expect(chronologyShown(forbidden, undefined)).toBe(false);
  });

  it('leaves it out when both reads failed for the same reason (a partnership that does not exist)', () => {
    const missing = { code: 'NOT_FOUND', message: 'partnership x not found' };
    expect(chronologyShown(missing, missing)).toBe(false);
  });

  it('shows it when the board reads well, or failed for another reason than the chronology', () => {
    expect(chronologyShown(undefined, undefined)).toBe(true);
    expect(chronologyShown(undefined, forbidden)).toBe(true);
    expect(chronologyShown({ code: 'NETWORK' }, undefined)).toBe(true);
    expect(chronologyShown({ code: 'NETWORK' }, { code: 'RATE_LIMITED' })).toBe(true);
  });
});
