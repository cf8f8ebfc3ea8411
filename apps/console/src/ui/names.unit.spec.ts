/// <reference types="jest" />
import { keepsAnswer } from './names';

describe('the names read by id', () => {
  it('keep an answer that asking again would not change: a name, or a 404 (an operator’s id is no catalyseur)', () => {
    expect(keepsAnswer(200)).toBe(true);
    expect(keepsAnswer(404)).toBe(true);
    expect(keepsAnswer(403)).toBe(true);
    expect(keepsAnswer(400)).toBe(true);
  });

  it('ask again after no answer, a failing service, too many requests or a refused token', () => {
    expect(keepsAnswer(0)).toBe(false);
    expect(keepsAnswer(500)).toBe(false);
    expect(keepsAnswer(502)).toBe(false);
    expect(keepsAnswer(503)).toBe(false);
    expect(keepsAnswer(429)).toBe(false);
    expect(keepsAnswer(408)).toBe(false);
    expect(keepsAnswer(401)).toBe(false);
  });
});
