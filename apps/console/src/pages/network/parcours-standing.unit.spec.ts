/// <reference types="jest" />
import type { ObservatoryTableData } from '../../ui/observatory-table-plan';
import { parcoursStatusText, withParcoursStanding } from './parcours-standing';

/** The `parcours` and `pilots` tables as the observatory's section serves them (the 2018 parcours of the demo). */
function section(steps: readonly string[], withdrawn = 0, status = 'completed'): ObservatoryTableData[] {
  const id = 'co-construction-territoriale-2018';
  return [
    {
      name: 'parcours',
      title: 'Parcours d’expérience',
      columns: [
        { key: 'parcours', label: 'Parcours' },
        { key: 'label', label: 'Libellé' },
        { key: 'status', label: 'Statut' },
        { key: 'status_label', label: 'Statut (libellé)' },
        { key: 'pilots', label: 'Territoires pilotes' },
        { key: 'withdrawn', label: 'Retirés' },
      ],
      rows: [
        {
          parcours: id,
          label: 'Co-construction territoriale',
          status,
          status_label: status === 'completed' ? 'Terminé' : 'En cours',
          pilots: steps.length,
          withdrawn,
        },
      ],
    },
    {
      name: 'pilots',
      title: 'Territoires pilotes',
      columns: [
        { key: 'territory', label: 'Territoire' },
        { key: 'parcours', label: 'Parcours' },
        { key: 'step', label: 'Étape' },
      ],
      rows: steps.map((step, k) => ({ territory: `t${k}`, parcours: id, step })),
    },
  ];
}
const statusOf = (tables: readonly ObservatoryTableData[]) => tables.find((t) => t.name === 'parcours')?.rows[0]?.['status_label'];

describe('a parcours completed while some of its pilots stopped', () => {
  it('says how many of its territories stopped before the last step, not a bare « Terminé »', () => {
    const steps = [...Array<string>(9).fill('dispositif'), 'modele_economique', 'modele_economique', 'modele_economique'];
    expect(statusOf(withParcoursStanding(section(steps)))).toBe('Terminé (3 territoires sur 12 arrêtés avant la dernière étape)');
    expect(statusOf(withParcoursStanding(section(['dispositif', 'non_commencee'])))).toBe('Terminé (1 territoire sur 2 arrêté avant la dernière étape)');
  });

  it('counts those who withdrew too, and says « Terminé » alone when every pilot reached the last step', () => {
    expect(statusOf(withParcoursStanding(section(['dispositif', 'solutions'], 2)))).toBe(
      'Terminé (1 territoire sur 2 arrêté avant la dernière étape ; 2 retirés)',
    );
    expect(statusOf(withParcoursStanding(section(['dispositif', 'dispositif'])))).toBe('Terminé');
  });

  it('leaves a parcours under way as the api labels it (its territories are still working), and the other tables as they are', () => {
    const tables = section(['solutions', 'dispositif'], 1, 'started');
    const told = withParcoursStanding(tables);
    expect(statusOf(told)).toBe('En cours');
    expect(told[1]).toBe(tables[1]);
    expect(parcoursStatusText('Inscriptions ouvertes', false, 0, 0, 0)).toBe('Inscriptions ouvertes');
  });
});
