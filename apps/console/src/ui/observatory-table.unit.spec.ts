import { chartPlan, chartValue, nothingInTable, type ObservatoryTableData, readableColumns, withEveryYear } from './observatory-table-plan';

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

  it('draws the mean and median days of « Temps passé par phase », as its title says, not how many stays ended', () => {
    const phases: ObservatoryTableData = {
      name: 'phase_durations',
      title: 'Temps passé par phase (séjours terminés, en jours)',
      columns: [
        { key: 'phase', label: 'Phase' },
        { key: 'label', label: 'Libellé' },
        { key: 'completed', label: 'Séjours terminés' },
        { key: 'mean_days', label: 'Durée moyenne (jours)' },
        { key: 'median_days', label: 'Durée médiane (jours)' },
        { key: 'ongoing', label: 'En cours' },
      ],
      rows: [
        { phase: 'cadrage', label: 'Cadrage', completed: 64, mean_days: 31.6, median_days: 28, ongoing: 23 },
        { phase: 'pilotage', label: 'Pilotage', completed: 48, mean_days: 347.9, median_days: 365, ongoing: 16 },
        { phase: 'evaluation', label: 'Évaluation', completed: 0, mean_days: null, median_days: null, ongoing: 8 },
      ],
    };
    const plan = chartPlan(phases);
    expect(plan).toEqual({
      labelKey: 'label',
      series: [
        { key: 'mean_days', label: 'Durée moyenne (jours)' },
        { key: 'median_days', label: 'Durée médiane (jours)' },
      ],
      kind: 'bar',
      measure: true,
    });
    // A phase no stay ended has no bar (not a bar at 0 days).
    expect(phases.rows.map((r) => (plan ? chartValue(r['mean_days'], plan) : 0))).toEqual([31.6, 347.9, Number.NaN]);
  });

  it('draws the delays since an introduction in days (mean and median), not the count of introductions', () => {
    const delays: ObservatoryTableData = {
      name: 'delays',
      title: 'Délais depuis la mise en relation (jours)',
      columns: [
        { key: 'step', label: 'Étape' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
        { key: 'mean', label: 'Moyenne' },
        { key: 'median', label: 'Médiane' },
      ],
      rows: [
        { step: 'met', label: 'Jusqu’à la rencontre', count: 95, mean: 21, median: 14 },
        { step: 'partnership', label: 'Jusqu’au premier partenariat', count: 70, mean: 122, median: 98 },
      ],
    };
    expect(chartPlan(delays)?.series.map((c) => c.key)).toEqual(['mean', 'median']);
    expect(chartPlan(delays)?.measure).toBe(true);
  });

  it('fills the years a table « par année » skips with zeros, so its axis has no hole', () => {
    const arrivals: ObservatoryTableData = {
      name: 'per_year',
      title: 'Arrivées et départs par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'joined', label: 'Arrivées' },
        { key: 'left', label: 'Départs' },
      ],
      rows: [
        { year: '2009', joined: 3, left: 0 },
        { year: '2012', joined: 5, left: 1 },
        { year: '2013', joined: 2, left: 2 },
      ],
    };
    expect(withEveryYear(arrivals).rows).toEqual([
      { year: '2009', joined: 3, left: 0 },
      { year: '2010', joined: 0, left: 0 },
      { year: '2011', joined: 0, left: 0 },
      { year: '2012', joined: 5, left: 1 },
      { year: '2013', joined: 2, left: 2 },
    ]);
    // A table already without a hole (the partnerships' per year, filled by the observatory) is the same table.
    const full = { ...arrivals, rows: arrivals.rows.slice(1) };
    expect(withEveryYear(full)).toBe(full);
    // Not a table of years: untouched.
    expect(withEveryYear(impacts)).toBe(impacts);
  });

  it('says a table with nothing but zeros and blanks has nothing to show (a region without any partnership)', () => {
    const byCycle: ObservatoryTableData = {
      name: 'by_cycle',
      title: 'Partenariats par cycle',
      columns: [
        { key: 'cycle', label: 'Cycle' },
        { key: 'count', label: 'Nombre' },
        { key: 'share', label: 'Part (%)' },
      ],
      rows: [{ cycle: 1, count: 0, share: null }],
    };
    expect(nothingInTable(byCycle)).toBe(true);
    expect(nothingInTable({ ...byCycle, rows: [] })).toBe(true);
    expect(nothingInTable({ ...byCycle, rows: [{ cycle: 1, count: 3, share: 100 }] })).toBe(false);
    // Words alone (a list of experimentations without figures) are something to show.
    expect(
      nothingInTable({
        name: 'list',
        title: 'Liste',
        columns: [
          { key: 'id', label: 'Id' },
          { key: 'label', label: 'Nom' },
        ],
        rows: [{ id: 'a', label: 'A' }],
      }),
    ).toBe(false);
  });
});
