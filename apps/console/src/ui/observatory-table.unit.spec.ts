import { chartPlan, chartValue, type ObservatoryTableData, readableColumns } from './observatory-table-plan';

const scores = [1, 2, 3, 4, 5].map((n) => ({ key: `score_${n}`, label: `Note ${n}` }));
const impacts: ObservatoryTableData = {
  name: 'impacts',
  title: 'Impacts évalués par dimension et sous-dimension (moyenne et répartition des notes de 1 à 5)',
  columns: [
    { key: 'dimension', label: 'Dimension' },
    { key: 'part_of', label: 'Sous-dimension de' },
    { key: 'label', label: 'Libellé' },
    { key: 'assessments', label: 'Évaluations' },
    { key: 'mean', label: 'Note moyenne' },
    ...scores,
  ],
  rows: [
    { dimension: 'confiance', label: 'Confiance', assessments: 48, mean: 3.75, score_1: null, score_2: null, score_3: null, score_4: null, score_5: null },
    { dimension: 'collective_trust', part_of: 'confiance', label: 'Confiance collective', assessments: 48, mean: 3.5, score_3: 24, score_4: 24 },
    { dimension: 'individual_trust', part_of: 'confiance', label: 'Confiance individuelle', assessments: 0, mean: null, score_3: 0 },
  ],
};

describe('an observatory table in the console', () => {
  it('draws the impacts’ mean note on an axis from 1 to 5, not the count of assessments', () => {
    const plan = chartPlan(impacts);
    expect(plan).toEqual({ labelKey: 'label', series: [{ key: 'mean', label: 'Note moyenne' }], kind: 'bar', scale: { min: 1, max: 5 } });
    // A sub-dimension never assessed has no bar (not a bar at 0, below the axis).
    expect(impacts.rows.map((r) => (plan ? chartValue(r['mean'], plan) : 0))).toEqual([3.75, 3.5, Number.NaN]);
  });

  it('still draws counts from 0 elsewhere', () => {
    const byMode: ObservatoryTableData = {
      name: 'by_mode',
      title: 'Partenariats par mode',
      columns: [
        { key: 'mode', label: 'Mode' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
        { key: 'share', label: 'Part (%)' },
      ],
      rows: [
        { mode: 'mecenat', label: 'Mécénat', count: 3, share: 60 },
        { mode: 'pratiques_responsables', label: 'Pratiques responsables', count: 2, share: 40 },
      ],
    };
    expect(chartPlan(byMode)).toEqual({ labelKey: 'label', series: [{ key: 'count', label: 'Nombre' }], kind: 'bar' });
  });

  it('shows the French label in place of a machine key, and in a column naming those keys (part_of)', () => {
    const { columns, value } = readableColumns(impacts);
    expect(columns.map((c) => c.key)).toEqual(['label', 'part_of', 'assessments', 'mean', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5']);
    expect(columns[0]).toEqual({ key: 'label', label: 'Dimension' });
    const second = impacts.rows[1] ?? {};
    expect(value(second, 'label')).toBe('Confiance collective');
    expect(value(second, 'part_of')).toBe('Confiance');
    const pairs = readableColumns({
      name: 'by_sphere_pair',
      title: 'Partenariats par paire de sphères',
      columns: [
        { key: 'spheres', label: 'Sphères' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
      ],
      rows: [{ spheres: 'collectivite + fondation', label: 'Collectivité + Fondation', count: 1 }],
    });
    expect(pairs.columns.map((c) => c.label)).toEqual(['Sphères', 'Nombre']);
    expect(pairs.value({ spheres: 'collectivite + fondation', label: 'Collectivité + Fondation', count: 1 }, 'label')).toBe('Collectivité + Fondation');
  });

  it('a table by territory: the territory’s name under « Territoire », on the bars too', () => {
    const byTerritory: ObservatoryTableData = {
      name: 'by_territory',
      title: 'Catalyseurs par territoire',
      columns: [
        { key: 'territory', label: 'Territoire' },
        { key: 'label', label: 'Libellé' },
        { key: 'region', label: 'Région' },
        { key: 'count', label: 'Nombre' },
        { key: 'share', label: 'Part (%)' },
      ],
      rows: [
        { territory: 'petite-couronne', label: 'Petite couronne parisienne', region: 'Île-de-France', count: 30, share: 63.8 },
        { territory: 'poitou-charentes', label: 'Région Poitou-Charentes', region: 'Nouvelle-Aquitaine', count: 17, share: 36.2 },
      ],
    };
    const { columns, value } = readableColumns(byTerritory);
    expect(columns).toEqual([
      { key: 'label', label: 'Territoire' },
      { key: 'region', label: 'Région' },
      { key: 'count', label: 'Nombre' },
      { key: 'share', label: 'Part (%)' },
    ]);
    expect(byTerritory.rows.map((row) => value(row, 'label'))).toEqual(['Petite couronne parisienne', 'Région Poitou-Charentes']);
    expect(chartPlan(byTerritory)?.labelKey).toBe('label');
  });

  it('shows a coded column through its `_label` under its own header, and days in French words', () => {
    const experimentations: ObservatoryTableData = {
      name: 'experimentations',
      title: 'Expérimentations collectives',
      columns: [
        { key: 'experimentation', label: 'Expérimentation' },
        { key: 'label', label: 'Libellé' },
        { key: 'launched_on', label: 'Lancée le' },
        { key: 'stage', label: 'Étape' },
        { key: 'stage_label', label: 'Étape (libellé)' },
        { key: 'participants', label: 'Participants' },
      ],
      rows: [
        {
          experimentation: 'agir-ensemble-charenton',
          label: 'Agir ensemble',
          launched_on: '2012-01-16',
          stage: 'evaluation_resultats',
          stage_label: 'Évaluation des résultats',
          participants: 39,
        },
      ],
    };
    const { columns, value } = readableColumns(experimentations);
    expect(columns).toEqual([
      { key: 'label', label: 'Expérimentation' },
      { key: 'launched_on', label: 'Lancée le' },
      { key: 'stage_label', label: 'Étape' },
      { key: 'participants', label: 'Participants' },
    ]);
    const row = experimentations.rows[0] ?? {};
    expect(columns.map((c) => value(row, c.key))).toEqual(['Agir ensemble', '16 janvier 2012', 'Évaluation des résultats', 39]);
  });
});
