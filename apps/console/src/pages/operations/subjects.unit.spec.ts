import { subjectChoice, subjectsPath } from './subjects';

describe('the subjects a report is asked of', () => {
  it('lists partnerships and experimentations, nothing for a territory or a batch (their own pickers)', () => {
    expect(['partnership', 'experimentation', 'territory', 'batch'].map(subjectsPath)).toEqual(['/api/partnerships', '/api/experimentations', null, null]);
  });

  it('offers each by its title, asked by its id (a partnership’s `id`, an experimentation’s `experimentationId`)', () => {
    expect(subjectChoice({ id: 'flda-cg-ardeche', title: 'FLDA et le Conseil général' })).toEqual({
      value: 'flda-cg-ardeche',
      label: 'FLDA et le Conseil général',
    });
    expect(subjectChoice({ experimentationId: 'silver-geek', title: 'Dialoguer et agir ensemble' })).toEqual({
      value: 'silver-geek',
      label: 'Dialoguer et agir ensemble',
    });
  });
});
