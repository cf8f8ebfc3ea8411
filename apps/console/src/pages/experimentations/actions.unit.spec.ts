/// <reference types="jest" />
import { componentsText, durationText, type ExperimentationAction, indicatorText, recordedFigures, resultLines } from './actions';

const NBSP = '\u00a0';

/** Silver Geek's action as the demo records it (its adoption's figures, its evaluation's indicators). */
const silverGeek: ExperimentationAction = {
  actionId: 'silver-geek',
  title: 'Silver Geek : ateliers numériques',
  carriers: [{ name: 'Orange' }, { name: 'La Poste' }],
  adoptedOn: '2014-06-20',
  hostPlaces: 15,
  durationMonths: 8,
  components: ['Prêt de matériel', 'Animation', 'Évaluation'],
  results: {
    outcome: 'concluante',
    summary: 'une réelle dynamique entre les structures',
    indicators: [
      { name: 'Durée de l’expérimentation', value: 8, unit: 'mois' },
      { name: 'Structures organisatrices', value: 10 },
      { name: 'Taux de satisfaction', value: 87.5, unit: '%' },
    ],
    evaluatedOn: '2015-06-15',
  },
};
/** One of Charenton's: no figure recorded at its adoption, an evaluation without indicators. */
const charenton: ExperimentationAction = {
  actionId: 'parcours-action-jeunes',
  title: 'Parcours-action vers le monde professionnel',
  carriers: [{ name: 'Tremplin' }],
  adoptedOn: '2013-06-05',
  results: { outcome: 'mitigee', summary: ' ', indicators: [], evaluatedOn: '2016-02-15' },
};

describe('the actions of an experimentation, with what was recorded of them', () => {
  it('tells the figures of its adoption in French, with their units', () => {
    expect(durationText(8)).toBe(`8${NBSP}mois`);
    expect(durationText(1)).toBe(`1${NBSP}mois`);
    expect(componentsText(silverGeek.components)).toBe('Prêt de matériel, Animation, Évaluation');
    for (const text of [durationText(undefined), componentsText(undefined), componentsText([])]) expect(text).toBe('—');
  });

  it('shows a column of figures only when one of the actions has its figure', () => {
    expect(recordedFigures([silverGeek])).toEqual({ hostPlaces: true, duration: true, components: true });
    expect(recordedFigures([charenton, charenton])).toEqual({ hostPlaces: false, duration: false, components: false });
    expect(recordedFigures([charenton, { ...charenton, durationMonths: 6 }])).toEqual({ hostPlaces: false, duration: true, components: false });
  });

  it('tells each evaluation: its outcome and day, its summary, its indicators the French way', () => {
    expect(indicatorText({ name: 'Structures organisatrices', value: 10 })).toBe(`Structures organisatrices${NBSP}: 10`);
    expect(resultLines([silverGeek, charenton, { ...charenton, actionId: 'not-yet', results: undefined }])).toEqual([
      {
        actionId: 'silver-geek',
        title: silverGeek.title,
        head: 'Concluante, évaluée le 15 juin 2015',
        summary: 'une réelle dynamique entre les structures',
        indicators: [`Durée de l’expérimentation${NBSP}: 8${NBSP}mois`, `Structures organisatrices${NBSP}: 10`, `Taux de satisfaction${NBSP}: 87,5${NBSP}%`],
      },
      // A blank summary is left out; an action not evaluated yet has no line.
      { actionId: 'parcours-action-jeunes', title: charenton.title, head: 'Mitigée, évaluée le 15 février 2016', indicators: [] },
    ]);
  });
});
