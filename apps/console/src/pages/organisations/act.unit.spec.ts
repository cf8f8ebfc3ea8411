/// <reference types="jest" />
import { actorOf, actsOn, profileChanges, registrationBody, registryNumberAsSent, shows, slugOf, topicsOf } from './act';

describe('who acts on an organisation, and what its forms send', () => {
  it('follows the access table: catalyseurs and operators act, a partner reads only', () => {
    expect(actorOf({ role: 'operator', sub: 'op-1' })).toEqual({ role: 'operator' });
    expect(actorOf({ role: 'catalyseur', sub: 'cat-1' })).toEqual({ role: 'catalyseur', sub: 'cat-1' });
    expect(actorOf({ role: 'partner', sub: 'marie' })).toBeNull();
    expect(actorOf(null)).toBeNull();
  });

  it('lets the catalyseur who holds an open accompaniment act on it, and operators on any open one', () => {
    const open = { catalyseurId: 'cat-1', status: 'open' };
    expect(actsOn({ role: 'catalyseur', sub: 'cat-1' }, open)).toBe(true);
    expect(actsOn({ role: 'catalyseur', sub: 'cat-2' }, open)).toBe(false);
    expect(actsOn({ role: 'operator' }, open)).toBe(true);
    expect(actsOn({ role: 'operator' }, { ...open, status: 'closed' })).toBe(false);
    expect(actsOn(null, open)).toBe(false);
  });

  it('sends a registration trimmed, its registry number without spaces, or none', () => {
    const form = { id: ' csc-privas ', name: ' Centre social de Privas ', kind: 'association', size: 'tpe', territory: 'ardeche', registryNumber: '' };
    expect(registrationBody(form)).toEqual({ id: 'csc-privas', name: 'Centre social de Privas', kind: 'association', size: 'tpe', territory: 'ardeche' });
    expect(registrationBody({ ...form, registryNumber: ' 775 672 272 ' })).toMatchObject({ registryNumber: '775672272' });
    expect(registryNumberAsSent('w073001234')).toBe('W073001234');
  });

  it('suggests an id from the name', () => {
    expect(slugOf('Centre social de Privas')).toBe('centre-social-de-privas');
    expect(slugOf('  Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche ')).toBe('fondation-de-la-caisse-d-epargne-loire-drome-ardeche');
    expect(slugOf('« Œuvre » & Cie')).toBe('oeuvre-cie');
    expect(slugOf('a'.repeat(120)).length).toBe(100);
    expect(slugOf('')).toBe('');
  });

  it('sends only what changed of a profile', () => {
    const current = { name: 'FLDA', kind: 'fondation', size: 'pme', territoryId: 'ardeche', registryNumber: '775672272' };
    const same = { name: 'FLDA', kind: 'fondation', size: 'pme', territory: 'ardeche', registryNumber: '775 672 272' };
    expect(profileChanges(current, same)).toEqual({});
    expect(profileChanges(current, { ...same, name: ' Fondation FLDA ', size: 'eti' })).toEqual({ name: 'Fondation FLDA', size: 'eti' });
    expect(profileChanges(current, { ...same, territory: 'drome', registryNumber: '' })).toEqual({ territory: 'drome' });
    expect(profileChanges({ ...current, registryNumber: undefined }, { ...same, registryNumber: 'W073001234' })).toEqual({ registryNumber: 'W073001234' });
  });

  it('reads a session’s topics one a line, or separated by commas', () => {
    expect(topicsOf(' gouvernance \n\n mécénat de compétences ; bénévolat, gouvernance ')).toEqual(['gouvernance', 'mécénat de compétences', 'bénévolat']);
    expect(topicsOf(' \n ')).toEqual([]);
  });

  it('knows when the page shows a command', () => {
    const row = { accompanimentId: 'acc-1', catalyseurId: 'cat-1', status: 'open', sessionCount: 1, maturity: 'engagee' };
    const view = { revision: 4, accompaniments: [row] };
    expect(shows(view, { kind: 'organisation', revision: 4 })).toBe(true);
    expect(shows({ ...view, revision: '5' }, { kind: 'organisation', revision: 4 })).toBe(true);
    expect(shows(view, { kind: 'organisation', revision: 5 })).toBe(false);
    expect(shows(view, { kind: 'opened', accompanimentId: 'acc-1' })).toBe(true);
    expect(shows(view, { kind: 'opened', accompanimentId: 'acc-2' })).toBe(false);
    expect(shows(view, { kind: 'session', accompanimentId: 'acc-1', sessions: 1 })).toBe(true);
    expect(shows(view, { kind: 'session', accompanimentId: 'acc-1', sessions: 2 })).toBe(false);
    expect(shows(view, { kind: 'maturity', accompanimentId: 'acc-1', maturity: 'engagee' })).toBe(true);
    expect(shows(view, { kind: 'maturity', accompanimentId: 'acc-1', maturity: 'strategique' })).toBe(false);
    expect(shows(view, { kind: 'closed', accompanimentId: 'acc-1' })).toBe(false);
    expect(shows({ ...view, accompaniments: [{ ...row, status: 'closed' }] }, { kind: 'closed', accompanimentId: 'acc-1' })).toBe(true);
  });
});
