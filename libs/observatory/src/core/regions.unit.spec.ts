import { regionResolver, territoryNamer } from './regions';

describe('a territory as the observatory names it', () => {
  const nameOf = territoryNamer([
    { territoryId: 'petite-couronne', name: 'Petite couronne parisienne', region: 'Île-de-France' },
    { territoryId: 'poitou-charentes', name: ' ', region: 'Nouvelle-Aquitaine' },
    { territoryId: 'creuse', region: 'Nouvelle-Aquitaine' },
  ]);

  it('its profile’s name, whatever name the subject gives it', () => {
    expect(nameOf({ id: 'petite-couronne' })).toBe('Petite couronne parisienne');
    expect(nameOf({ id: 'petite-couronne', name: 'Petite couronne' })).toBe('Petite couronne parisienne');
  });

  it('with no name in its profile (or no profile), the subject’s name of it, else its id', () => {
    expect(nameOf({ id: 'creuse', name: 'Creuse' })).toBe('Creuse');
    expect(nameOf({ id: 'creuse' })).toBe('creuse');
    expect(nameOf({ id: 'poitou-charentes' })).toBe('poitou-charentes');
    expect(nameOf({ id: 'alsace', name: '' })).toBe('alsace');
    expect(territoryNamer([])({ id: 'alsace' })).toBe('alsace');
  });

  it('leaves the regions as they were', () => {
    expect(regionResolver([{ territoryId: 'petite-couronne', name: 'Petite couronne parisienne', region: 'Île-de-France' }])({ id: 'petite-couronne' })).toBe(
      'Île-de-France',
    );
  });
});
