/// <reference types="jest" />
import { sectionCsvFallbackName, sectionCsvPath } from './csv';

describe('the CSV of an observatory section', () => {
  it('is the section’s own address, with the filters the page shows', () => {
    expect(sectionCsvPath('partnerships', {})).toBe('/api/observatory/partnerships');
    expect(sectionCsvPath('partnerships', { asOf: '2014-12-31', clock: 'recorded', region: 'Grand Est' })).toBe(
      '/api/observatory/partnerships?asOf=2014-12-31&clock=recorded&region=Grand+Est',
    );
    // A region in French (accents, apostrophes) arrives whole; filters not set are left out.
    expect(
      new URL(sectionCsvPath('parcours', { asOf: undefined, clock: undefined, region: 'Provence-Alpes-Côte d’Azur' }), 'http://x').searchParams.get('region'),
    ).toBe('Provence-Alpes-Côte d’Azur');
    expect(sectionCsvPath('gatherings', { asOf: '', region: undefined })).toBe('/api/observatory/gatherings');
  });

  it('has a name of its own when the api gives none', () => {
    expect(sectionCsvFallbackName('catalyseurs', '2026-12-05T10:00:00.000Z')).toBe('observatoire-catalyseurs-2026-12-05.csv');
    expect(sectionCsvFallbackName('catalyseurs', '')).toBe('observatoire-catalyseurs.csv');
  });
});
