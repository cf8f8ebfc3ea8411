/// <reference types="jest" />
import { sayOwn } from './said';

describe('what a command form shows of what the page’s forms said', () => {
  const none = { error: null, done: null };

  it('shows its own refusal and success', () => {
    const done = { form: 'milestone', text: 'Enregistré.' };
    expect(sayOwn('milestone', none, { error: null, done })).toEqual({ done: 'Enregistré.' });
    const error = { form: 'milestone', text: 'Rien n’a été enregistré.' };
    expect(sayOwn('milestone', none, { error, done: null })).toEqual({ error: 'Rien n’a été enregistré.' });
  });

  it('shows nothing of another form', () => {
    expect(sayOwn('hold', none, { error: null, done: { form: 'register', text: 'Enregistré.' } })).toEqual({});
  });

  it('opens with no stale status: what a form of the same name said before it opened is not its own', () => {
    // « Replanifier » succeeded, then « Atteint » opens on the same row (both are the form « milestone »).
    const rescheduled = { form: 'milestone', text: 'Enregistré.' };
    const before = { error: null, done: rescheduled };
    expect(sayOwn('milestone', before, { error: null, done: rescheduled })).toEqual({});
    // Its own sending then says anew, even in the same words.
    expect(sayOwn('milestone', before, { error: null, done: { form: 'milestone', text: 'Enregistré.' } })).toEqual({ done: 'Enregistré.' });
    const refused = { form: 'milestone', text: 'Rien n’a été enregistré.' };
    expect(sayOwn('milestone', { error: refused, done: null }, { error: refused, done: null })).toEqual({});
  });
});
