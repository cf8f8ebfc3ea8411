import { reportFailure } from './report-failure';

describe('reportFailure: the French reasons of a failed report shown as they are, any other hidden', () => {
  it('shows the reasons `ops report` records when it is stopped (apps/ops/src/report-command.ts, `reportInterrupted`)', () => {
    for (const reason of ['interrompu par l’opérateur (Ctrl-C) ; relancez ops report', 'arrêté par un signal d’arrêt (SIGTERM) ; relancez ops report']) {
      expect(reportFailure(reason)).toBe(reason);
    }
  });

  it('shows each reason recorded for a report whose job died (libs/reports/src/job/orphaned-reports.ts, `orphanFailedReason`)', () => {
    for (const reason of [
      'le rapport n’a pas pu être établi : sa tâche a été abandonnée après plusieurs arrêts de son processus ; demandez-le de nouveau',
      'le rapport n’a pas pu être établi : sa tâche a été relancée trop de fois sans aboutir ; demandez-le de nouveau',
      'le rapport n’a pas pu être établi : sa tâche a échoué sans l’achever ; demandez-le de nouveau',
      'le rapport n’a pas pu être établi : sa tâche a pris fin sans l’achever ; demandez-le de nouveau',
    ]) {
      expect(reportFailure(reason)).toBe(reason);
    }
  });

  it('never passes other text through, even beginning or ending like those', () => {
    const unforeseen = 'le rapport n’a pas pu être établi (erreur inattendue du serveur : ses journaux en disent la cause)';
    const untranslated = 'le rapport n’a pas pu être établi (raison non traduite : voir les journaux du serveur)';
    // What the report job records of an error it did not foresee: its English text after the French beginning.
    expect(reportFailure('le rapport n’a pas pu être établi : connect ECONNREFUSED 127.0.0.1:5432')).toBe(unforeseen);
    expect(reportFailure('le rapport n’a pas pu être établi : sa tâche a échoué sans l’achever ; demandez-le de nouveau (ENOSPC)')).toBe(unforeseen);
    expect(reportFailure('le rapport n’a pas pu être établi : sa tâche job stalled ; demandez-le de nouveau')).toBe(unforeseen);
    expect(reportFailure('interrupted by the operator (Ctrl-C) ; relancez ops report')).toBe(untranslated);
    expect(reportFailure('arrêté par un signal d’arrêt (kill -9 by root) ; relancez ops report')).toBe(untranslated);
    expect(reportFailure('Error: interrompu par l’opérateur (Ctrl-C) ; relancez ops report')).toBe(untranslated);
    expect(reportFailure('job stalled more than allowable limit')).toBe(untranslated);
    // The old reasons are kept.
    expect(reportFailure('le territoire ardeche n’existe pas au 31 décembre 2009')).toBe('le territoire ardeche n’existe pas au 31 décembre 2009');
    const recorded = 'le partenariat flda-cg-ardeche n’existe pas au 31 décembre 2012 selon ce qui était enregistré';
    expect(reportFailure(recorded)).toBe(recorded);
    expect(reportFailure(undefined)).toBe('raison non précisée');
  });
});
