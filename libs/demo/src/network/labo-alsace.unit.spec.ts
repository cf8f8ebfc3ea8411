import { slug } from './labo-alsace';

describe('the Labo Alsace organisations’ ids', () => {
  it('spell the ligatures out and drop the accents, as the console’s ids do', () => {
    expect(slug('Les Restos du Cœur du Bas-Rhin')).toBe('les-restos-du-coeur-du-bas-rhin');
    expect(slug('Électricité de Strasbourg')).toBe('electricite-de-strasbourg');
    expect(slug('Caisse d’Épargne Grand Est Europe')).toBe('caisse-d-epargne-grand-est-europe');
  });
});
