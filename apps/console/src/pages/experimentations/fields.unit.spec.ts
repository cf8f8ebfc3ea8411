/// <reference types="jest" />
import { essaimageText, invitationText } from './fields';

describe('the fields of an experimentation’s page', () => {
  it('tells the dirigeants invited, and the volunteers only when the read model has them', () => {
    // Silver Geek's invitation has no volunteers: « 20 (undefined volontaires) » before.
    expect(invitationText({ invitedOn: '2014-01-15', dirigeants: 20 })).toBe('20');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 40 })).toBe('142 (40 volontaires)');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 1 })).toBe('142 (1 volontaire)');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 0 })).toBe('142 (0 volontaire)');
    expect(invitationText(undefined)).toBe('—');
  });

  it('tells the essaimage, with its territories only when there are some', () => {
    expect(essaimageText(undefined)).toBe('pas encore décidé');
    expect(essaimageText({ essaimer: false, decidedOn: '2015-06-01' })).toBe('non');
    expect(essaimageText({ essaimer: true, decidedOn: '2015-06-01' })).toBe('oui');
    expect(essaimageText({ essaimer: true, territories: [], decidedOn: '2015-06-01' })).toBe('oui');
    expect(essaimageText({ essaimer: true, territories: ['Gironde', 'Landes'], decidedOn: '2015-06-01' })).toBe('oui : Gironde, Landes');
  });

  it('never shows « undefined » nor « null » for a field the read model leaves out', () => {
    const texts = [
      invitationText({ invitedOn: '2014-01-15', dirigeants: 20 }),
      invitationText(JSON.parse('{"invitedOn":"2014-01-15","dirigeants":20,"volunteers":null}') as never),
      essaimageText({ essaimer: true, decidedOn: '2015-06-01' }),
    ];
    for (const text of texts) expect(text).not.toMatch(/undefined|null/);
  });
});
