import { Script } from '@catalyse/operations';
import { addCharenton, addSilverGeek } from './experimentations';
import { addFldaArdeche } from './flda-ardeche';
import { addGatherings } from './gatherings';
import { addLaboAlsace } from './labo-alsace';
import { addOrganisations } from './organisations';
import { addCatalyseurs, addTerritories, demoCatalyseurs } from './network';
import { addParcours } from './parcours';
import { addTerritoryDiagnostics } from './territory-diagnostics';

/**
 * The demo network of the source documents, as the
 * commands its users would have sent: 350 catalyseurs over twenty territories
 * of several regions, the territories and three diagnostics, the Labo régional
 * des partenariats en Alsace (10 events a year, 300 associations and 150
 * entreprises, introductions, 70 partnerships of which 63 accompanied), the
 * key figures, indicators and actions of territories, the FLDA × Conseil général de l'Ardèche partnership
 * (2010–2012, renewed 2013–2015), the Charenton-Saint-Maurice and Silver Geek
 * experimentations in the documents' stages, the 2018 rencontre, monthly
 * webinaires and those of organisers outside the network, and the
 * parcours d'expérience of 12 pilot territories over 9 months; and every organisation they name, registered under
 * the id they name it by.
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
  addTerritoryDiagnostics(script);
  addOrganisations(script);
  return script;
}
