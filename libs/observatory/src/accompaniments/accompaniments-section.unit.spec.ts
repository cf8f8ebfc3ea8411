import { accompanimentObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { OBSERVATORY_SECTIONS } from '../sections';
import { accompanimentsSection } from './accompaniments-section';

/**
 * Four accompaniments: the centre social of Privas (two sessions, closed ready
 * after 57 days), an association of Aubenas (one session, closed not ready),
 * a small entreprise (abandoned without a session) and FLDA (opened in 2015,
 * one session, still open).
 */
function history(): EventLog {
  const log = new EventLog();
  const open = (id: string, organisationId: string, catalyseurId: string, openedOn: string) =>
    log.record(
      `accompaniment-${id}`,
      'AccompanimentOpened',
      { accompanimentId: id, organisationId, catalyseurId, purpose: 'préparer un premier partenariat', openedOn },
      at(openedOn),
    );
  const session = (id: string, heldOn: string) =>
    log.record(
      `accompaniment-${id}`,
      'AccompanimentSessionHeld',
      { heldOn, topics: ['gouvernance'], summary: 'Compte rendu confidentiel', recordedBy: 'c1' },
      at(heldOn),
    );
  const maturity = (id: string, level: string, recordedOn: string) =>
    log.record(`accompaniment-${id}`, 'OrganisationMaturityRecorded', { maturity: level, objectiveFamilies: ['innovation'], recordedOn }, at(recordedOn));
  const close = (id: string, outcome: string, closedOn: string) =>
    log.record(
      `accompaniment-${id}`,
      'AccompanimentClosed',
      { accompanimentId: id, organisationId: 'x', catalyseurId: 'y', outcome, reason: 'raison personnelle', closedOn },
      at(closedOn),
    );
  open('a1', 'csc-privas', 'c1', '2014-02-03');
  session('a1', '2014-02-17');
  maturity('a1', 'decouverte', '2014-02-17');
  open('a2', 'asso-aubenas', 'c1', '2014-03-01');
  session('a1', '2014-03-10');
  maturity('a1', 'engagee', '2014-03-31');
  close('a1', 'ready', '2014-03-31');
  session('a2', '2014-04-02');
  open('a3', 'tpe-largentiere', 'c2', '2014-05-01');
  close('a2', 'not-ready', '2014-06-01');
  close('a3', 'abandoned', '2014-06-15');
  open('a4', 'flda', 'c2', '2015-01-12');
  session('a4', '2015-02-01');
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(accompanimentsSection, docsOf(accompanimentObservations, history().events), query);

describe('the accompaniments section, in front of the introductions funnel', () => {
  it('keeps no purpose, topic, summary or reason', () => {
    expect(JSON.stringify(docsOf(accompanimentObservations, history().events))).not.toMatch(/préparer|gouvernance|confidentiel|personnelle/);
  });

  it('the funnel: opened → with a session → closed ready, not ready, abandoned, open; by catalyseur, per year, the delay to ready', () => {
    const a = answer();
    expect(a.subjects).toBe(4);
    expect(rowsBy(tableOf(a, 'funnel'), 'stage', ['count', 'share'])).toEqual({
      opened: [4, 100],
      with_session: [3, 75],
      closed_ready: [1, 25],
      closed_not_ready: [1, 25],
      abandoned: [1, 25],
      open: [1, 25],
    });
    expect(tableOf(a, 'by_catalyseur').rows).toEqual([
      { catalyseur: 'c1', opened: 2, sessions: 3, closed_ready: 1, ready_rate: 50 },
      { catalyseur: 'c2', opened: 2, sessions: 1, closed_ready: 0, ready_rate: 0 },
    ]);
    expect(tableOf(a, 'by_year').rows).toEqual([
      { year: '2014', opened: 3, sessions: 3, closed_ready: 1 },
      { year: '2015', opened: 1, sessions: 1, closed_ready: 0 },
    ]);
    expect(tableOf(a, 'delays').rows).toEqual([{ count: 1, mean: 56, median: 56 }]);
  });

  it('as of a day: later openings, sessions and closings are not counted', () => {
    const a = answer({ asOf: '2014-03-15' });
    expect(rowsBy(tableOf(a, 'funnel'), 'stage', ['count'])).toEqual({
      opened: [2],
      with_session: [1],
      closed_ready: [0],
      closed_not_ready: [0],
      abandoned: [0],
      open: [2],
    });
  });

  it('over a period: the accompaniments still at work in it', () => {
    expect(answer({ from: '2015-01-01', to: '2015-12-31' }).subjects).toBe(1);
  });

  it('comes before the introductions in the observatory', () => {
    const names = OBSERVATORY_SECTIONS.map((s) => s.name);
    expect(names.indexOf('accompaniments')).toBe(names.indexOf('introductions') - 1);
  });
});
