/// <reference types="jest" />
import { resubmitted, sayOwn } from './said';

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

  it('no longer shows its last refusal once submitted again, even when the browser stops the new attempt', () => {
    // « Programmer la rencontre » was refused (a day past); the form is submitted again, a required link left empty:
    // the browser stops it (no sending, nothing new said), and the old refusal is not this attempt's.
    const refused = { error: { form: 'create', text: 'Rien n’a été enregistré. La date de la rencontre précède sa programmation.' }, done: null };
    expect(sayOwn('create', none, refused)).toEqual({ error: refused.error.text });
    expect(sayOwn('create', resubmitted(refused), refused)).toEqual({});
    // What the new sending says is shown, even in the same words.
    const again = { error: { form: 'create', text: refused.error.text }, done: null };
    expect(sayOwn('create', resubmitted(refused), again)).toEqual({ error: refused.error.text });
  });
});
