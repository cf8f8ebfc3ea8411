import { RebuildBusyError } from './projection-rebuild';
import { describeRebuildProgress, frenchRebuildFailure } from './rebuild-job';

describe('describeRebuildProgress: what an operator reads of a rebuild, in French', () => {
  const nnbsp = '\u202f';

  it('writes its numbers as French readers do, thousands apart', () => {
    expect(describeRebuildProgress({ epoch: 3, phase: 'rebuilding', position: 1_200n, target: 5_400n, events: 1_187 })).toEqual({
      percent: 22,
      message: `reconstruction de l’époque 3 : position 1${nnbsp}200 sur 5${nnbsp}400 (1${nnbsp}187 événements)`,
    });
    expect(describeRebuildProgress({ epoch: 3, phase: 'switched', position: 5_400n, target: 5_400n, events: 5_399 })).toEqual({
      percent: 99,
      message: `l’époque 3 est en service à la position 5${nnbsp}400 ; suppression de la précédente`,
    });
    expect(describeRebuildProgress({ epoch: 3, phase: 'done', position: 5_400n, target: 5_400n, events: 3_631 })).toEqual({
      percent: 100,
      message: `l’époque 3 est en service ; la précédente a été supprimée (3${nnbsp}631 événements)`,
    });
  });

  it('one event is singular; a log of nothing is at 0 %', () => {
    expect(describeRebuildProgress({ epoch: 2, phase: 'done', position: 1n, target: 1n, events: 1 }).message).toBe(
      'l’époque 2 est en service ; la précédente a été supprimée (1 événement)',
    );
    expect(describeRebuildProgress({ epoch: 2, phase: 'rebuilding', position: 0n, target: 0n, events: 0 })).toEqual({
      percent: 0,
      message: 'reconstruction de l’époque 2 : position 0 sur 0 (0 événement)',
    });
  });
});

describe('frenchRebuildFailure: why a rebuild job failed, as the console shows it (Échec : …)', () => {
  it('says another rebuild under way and a stop in French, by name: a worker thread sends back names and messages only', () => {
    const busy = 'une autre reconstruction des modèles de lecture est en cours : celle-ci n’a rien fait ; relancez-la quand l’autre sera terminée';
    expect(frenchRebuildFailure(new RebuildBusyError('another rebuild of the main read models is under way'))).toBe(busy);
    expect(frenchRebuildFailure(Object.assign(new Error('another rebuild of the main read models is under way'), { name: 'RebuildBusyError' }))).toBe(busy);
    const aborted = new AbortController();
    aborted.abort();
    expect(frenchRebuildFailure(aborted.signal.reason)).toMatch(/^reconstruction interrompue par l’arrêt du service, avant la bascule/);
  });

  it('leads anything else in French, with its own words', () => {
    expect(frenchRebuildFailure(new Error('SQLITE_FULL: database or disk is full'))).toBe('la reconstruction a échoué : SQLITE_FULL: database or disk is full');
    expect(frenchRebuildFailure('boom')).toBe('la reconstruction a échoué : boom');
  });
});
