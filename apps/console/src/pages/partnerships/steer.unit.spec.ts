/// <reference types="jest" />
import { actionsOf, agreedObjectives, decisionsFault, isOpen, lines, networkToday, objectiveOrgs, objectivesPartner, reflects, steererOf } from './steer';

const board = {
  partners: [
    { orgId: 'flda', name: 'FLDA', sphere: 'association' },
    { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' },
  ],
  catalyseurs: ['cat-ardeche'],
};

describe('who steers a partnership, and what its phase offers', () => {
  it('follows the access table: operators, the catalyseurs who accompany it, its partners', () => {
    expect(steererOf({ role: 'operator', sub: 'op-1' }, board)).toEqual({ role: 'operator' });
    expect(steererOf({ role: 'catalyseur', sub: 'cat-ardeche' }, board)).toEqual({ role: 'catalyseur' });
    expect(steererOf({ role: 'catalyseur', sub: 'cat-alsace' }, board)).toBeNull();
    expect(steererOf({ role: 'catalyseur', sub: 'cat-ardeche' }, { partners: board.partners })).toBeNull();
    expect(steererOf({ role: 'partner', sub: 'marie', org: 'flda' }, board)).toEqual({ role: 'partner', orgId: 'flda' });
    expect(steererOf({ role: 'partner', sub: 'paul', org: 'la-poste' }, board)).toBeNull();
    expect(steererOf({ role: 'partner', sub: 'paul' }, board)).toBeNull();
    expect(steererOf(null, board)).toBeNull();
  });

  it('lets a partner agree its own objectives only, the others any partner’s', () => {
    expect(objectiveOrgs({ role: 'partner', orgId: 'flda' }, board)).toEqual(['flda']);
    expect(objectiveOrgs({ role: 'catalyseur' }, board)).toEqual(['flda', 'cg-ardeche']);
    expect(objectiveOrgs({ role: 'operator' }, board)).toEqual(['flda', 'cg-ardeche']);
  });

  it('offers each phase its commands, and a closed partnership none', () => {
    expect(actionsOf('cadrage')).toEqual(['agree-objectives', 'plan-milestone', 'start-pilotage', 'milestone-actions']);
    expect(actionsOf('pilotage')).toEqual(['plan-milestone', 'milestone-actions', 'hold-steering-committee', 'record-indicator', 'open-evaluation']);
    expect(actionsOf('evaluation')).toEqual(['assess-impact', 'record-indicator', 'conclude-evaluation']);
    expect(actionsOf('closed')).toEqual([]);
  });

  it('acts on milestones still planned', () => {
    expect(isOpen({ status: 'planned' })).toBe(true);
    expect(isOpen({ status: 'rescheduled' })).toBe(true);
    expect(isOpen({ status: 'reached' })).toBe(false);
    expect(isOpen({ status: 'dropped' })).toBe(false);
  });

  it('says in French, before sending, what the api would refuse of a committee’s decisions: more than 20, or one over 1,000 characters', () => {
    expect(decisionsFault(Array.from({ length: 20 }, (_, i) => `Décision ${i}`).join('\n'))).toBeUndefined();
    expect(decisionsFault(Array.from({ length: 21 }, (_, i) => `Décision ${i}`).join('\n\n'))).toBe(
      'Un comité enregistre 20 décisions au plus (une par ligne) : il y en a 21.',
    );
    expect(decisionsFault(`Courte\n${'x'.repeat(1000)}`)).toBeUndefined();
    expect(decisionsFault(`Courte\n${'x'.repeat(1001)}`)).toBe('La décision n° 2 fait 1\u202f001 caractères : 1\u202f000 au plus, raccourcissez-la.');
  });

  it('counts a decision’s characters as the api and the domain do (`textLength`): an emoji is one, its variation selector none', () => {
    // 1,000 '😀' are 2,000 UTF-16 units: the api and the domain take them, the console must not refuse them.
    expect(decisionsFault('😀'.repeat(1000))).toBeUndefined();
    expect(decisionsFault('❤️'.repeat(1000))).toBeUndefined();
    expect(decisionsFault('😀'.repeat(1001))).toBe('La décision n° 1 fait 1\u202f001 caractères : 1\u202f000 au plus, raccourcissez-la.');
    expect(decisionsFault(`${'❤️'.repeat(1000)}x`)).toBe('La décision n° 1 fait 1\u202f001 caractères : 1\u202f000 au plus, raccourcissez-la.');
  });

  it('reads a committee’s decisions one a line, and knows when the board shows a command', () => {
    expect(lines('  Ouvrir un second atelier \r\n\n Recruter 3 bénévoles\n  ')).toEqual(['Ouvrir un second atelier', 'Recruter 3 bénévoles']);
    expect(lines(' \n ')).toEqual([]);
    expect(reflects({ revision: 4 }, 4)).toBe(true);
    expect(reflects({ revision: '5' as unknown as number }, 4)).toBe(true);
    expect(reflects({ revision: 3 }, 4)).toBe(false);
    // Today on the network's calendar (Europe/Paris without a page naming another), whatever the machine's zone.
    expect(networkToday(new Date('2025-01-09T22:30:00Z'))).toBe('2025-01-09');
    expect(networkToday(new Date('2025-01-09T23:30:00Z'))).toBe('2025-01-10');
  });

  it('opens the objectives form on a partner that has not agreed yet, its boxes as the partner agreed them', () => {
    const orgs = ['flda', 'cg-ardeche'];
    expect(objectivesPartner(orgs, {})).toBe('flda');
    expect(objectivesPartner(orgs, { flda: ['innovation'] })).toBe('cg-ardeche');
    expect(objectivesPartner(orgs, { flda: ['innovation'], 'cg-ardeche': ['economique'] }, 'cg-ardeche')).toBe('cg-ardeche');
    expect(objectivesPartner(orgs, { flda: ['innovation'], 'cg-ardeche': ['economique'] })).toBe('flda');
    expect(objectivesPartner([], {})).toBe('');
    expect(agreedObjectives({ flda: ['innovation', 'economique'] }, 'flda')).toEqual(['innovation', 'economique']);
    expect(agreedObjectives({ flda: ['innovation'] }, 'cg-ardeche')).toEqual([]);
  });
});
