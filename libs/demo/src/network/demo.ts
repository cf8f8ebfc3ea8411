import { Script } from '@catalyse/operations';
import { addCharenton, addSilverGeek } from './experimentations';
import { addFldaArdeche } from './flda-ardeche';
import { addGatherings } from './gatherings';
import { addLaboAlsace } from './labo-alsace';
import { addCatalyseurs, addTerritories, demoCatalyseurs } from './network';
import { addParcours } from './parcours';

/**
 * The demo network of the source documents, as the
 * commands its users would have sent: 350 catalyseurs over twenty territories
 * of several regions, the territories and two diagnostics, the Labo régional
 * des partenariats en Alsace (speed datings, introductions, its 63 accompanied
 * partnerships, ateliers), the FLDA × Conseil général de l'Ardèche partnership
 * (2010–2012, renewed 2013–2015), the Charenton-Saint-Maurice and Silver Geek
 * experimentations, the 2018 rencontre and monthly webinaires, and the
 * parcours d'expérience of 12 pilot territories over 9 months.
 */
export function demoScript(): Script {
  const script = new Script();
  const catalyseurs = demoCatalyseurs();
  addTerritories(script);
  addCatalyseurs(script, catalyseurs);
  addFldaArdeche(script, catalyseurs);
  addLaboAlsace(script, catalyseurs);
  addCharenton(script, catalyseurs);
  addSilverGeek(script, catalyseurs);
  addGatherings(script, catalyseurs);
  addParcours(script);
  return script;
}
