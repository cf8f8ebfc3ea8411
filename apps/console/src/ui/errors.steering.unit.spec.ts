/// <reference types="jest" />
import { errorText, faultText, fieldName } from './errors';

/** Every field the steering forms of a partnership send (apps/console/src/pages/partnerships/steering.tsx), nested ones too. */
const STEERING_FIELDS = [
  // agree-objectives
  'orgId',
  'objectives',
  // plan-milestone, reach/reschedule/drop-milestone, start-pilotage, open-evaluation
  'title',
  'dueDate',
  'milestoneId',
  'reachedOn',
  'reason',
  'startedOn',
  'openedOn',
  // hold-steering-committee
  'heldOn',
  'attendees',
  'decisions',
  // record-indicator
  'name',
  'value',
  'measuredOn',
  'unit',
  'target',
  'direction',
  // assess-impact
  'dimension',
  'scores',
  'scores.growth_and_jobs',
  'scores.fewer_fragilities',
  'scores.association_performance',
  'scores.company_performance',
  'scores.collective_trust',
  'scores.individual_trust',
  'evidence',
  // conclude-evaluation
  'decision',
  'concludedOn',
];

describe('the faults of the partnership steering forms, in French', () => {
  it('names every field the steering forms send (never « le champ « value » »)', () => {
    const unnamed = STEERING_FIELDS.filter((field) => fieldName(field).startsWith('le champ'));
    expect(unnamed).toEqual([]);
    expect(fieldName('value')).toBe('la valeur');
    expect(fieldName('scores.growth_and_jobs')).toBe('la note « Croissance économique et emplois »');
    expect(fieldName('decisions')).toBe('les décisions');
  });

  it('writes the bounds the French way', () => {
    // `toLocaleString('fr-FR')` groups thousands with a narrow no-break space.
    const nnbsp = '\u202f';
    const big = ['1', '000', '000', '000', '000', '000'].join(nnbsp);
    expect(faultText('value', 'value must not be greater than 1000000000000000')).toBe(`la valeur doit valoir au plus ${big}`);
    expect(faultText('target', 'target must not be less than -1000000000000000')).toMatch(
      new RegExp(`^la cible doit valoir au moins .1${nnbsp}000${nnbsp}000`),
    );
    expect(faultText('scores.growth_and_jobs', 'scores.growth_and_jobs must not be greater than 5')).toBe(
      'la note « Croissance économique et emplois » doit valoir au plus 5',
    );
    expect(faultText('value', 'value must not be greater than 2.5')).toBe('la valeur doit valoir au plus 2,5');
    expect(
      errorText({
        code: 'VALIDATION',
        message: 'invalid request: value',
        details: [{ field: 'value', messages: ['value must not be greater than 1000000000000000'] }],
      }),
    ).toBe(`La demande est invalide : la valeur doit valoir au plus ${big}.`);
  });
});
