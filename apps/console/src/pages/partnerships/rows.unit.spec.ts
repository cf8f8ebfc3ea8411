/// <reference types="jest" />
import { conclusionText, cycleImpacts, eventDetail, factDay, measureText, replayDay, replayDays, replayHint } from './rows';
import type { RecordedEvent } from './types';
import { networkToday } from '../../ui/words';

const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ id: `${type}-1`, type, data, metadata: { occurredAt: '2026-12-04T10:00:00Z' }, recordedAt: '2026-12-04T10:00:00Z' }) as unknown as RecordedEvent;
const detail = (type: string, data: Record<string, unknown>): string => eventDetail(event(type, data), (id) => id, new Map());

describe('a partnership’s facts, in French', () => {
  it('says what an evaluation concluded with a noun, never the decision’s code', () => {
    expect(detail('EvaluationConcluded', { decision: 'renouveler', cycle: 1 })).toBe('renouvellement');
    expect(detail('EvaluationConcluded', { decision: 'essaimer', cycle: 1 })).toBe('essaimage');
    expect(detail('EvaluationConcluded', { decision: 'clore', cycle: 1 })).toBe('clôture');
  });

  it('writes an indicator’s value the French way', () => {
    expect(detail('IndicatorRecorded', { name: 'Bénévoles formés', value: 12.5, unit: 'personnes' })).toBe('Bénévoles formés : 12,5 personnes');
    expect(detail('IndicatorRecorded', { name: 'Repas servis', value: 1250 })).toBe('Repas servis : 1\u202f250');
    expect(measureText(0.75, '%')).toBe('0,75 %');
  });

  it('says what became of the partnership at each conclusion as a fact, not an order', () => {
    expect(conclusionText({ cycle: 1, decision: 'renouveler', concludedOn: '2026-12-04' })).toBe('Cycle 1 : Renouvelé le 4 décembre 2026');
    expect(conclusionText({ cycle: 2, decision: 'essaimer', concludedOn: '2015-07-20' })).toBe('Cycle 2 : Essaimé le 20 juillet 2015');
    expect(conclusionText({ cycle: 1, decision: 'clore', concludedOn: '2015-07-01' })).toBe('Cycle 1 : Clos le 1er juillet 2015');
  });
});

describe('the replay slider of a partnership', () => {
  it('says its dates naturally: two for one day before today, the count (plural) beyond', () => {
    expect(replayHint([])).toBe('');
    expect(replayHint(['2026-12-03'])).toBe('Deux dates : le 3 décembre 2026 et aujourd’hui ; le tableau de bord est celui du jour choisi (faits survenus).');
    expect(replayHint(['2011-06-01', '2011-12-31'])).toBe(
      '3 dates, du 1er juin 2011 à aujourd’hui ; le tableau de bord est celui du jour choisi (faits survenus).',
    );
    expect(replayHint(['2011-06-01', '2011-12-31'])).not.toMatch(/^1 dates/);
  });

  it('offers the days from the proposal to yesterday, once each: none for a partnership proposed today', () => {
    // Assigned on the server's day (a calendar date), proposed at the same moment after midnight in France.
    expect(replayDays(['2026-12-04', '2026-12-05', '2026-12-05'], '2026-12-05', '2026-12-05')).toEqual([]);
    expect(replayDays(['2011-12-31', '2009-11-16', '2009-11-16', '2026-12-05'], '2009-11-16', '2026-12-05')).toEqual(['2009-11-16', '2011-12-31']);
    expect(replayDays(['2011-12-31', '2009-11-16'], undefined, '2026-12-05')).toEqual(['2009-11-16', '2011-12-31']);
  });

  it('shows an address’s day as the slider’s day on or before it, and a day before the first as the first, not today', () => {
    const days = ['2012-12-14', '2013-03-01', '2014-06-30'];
    expect(replayDay('', days)).toBe('');
    expect(replayDay('2013-03-01', days)).toBe('2013-03-01');
    expect(replayDay('2012-12-31', days)).toBe('2012-12-14');
    expect(replayDay('2026-12-04', days)).toBe('2014-06-30');
    // Before the partnership existed (the api's 404 « did not exist as of 2000-01-01 »): its first day.
    expect(replayDay('2000-01-01', days)).toBe('2012-12-14');
    expect(replayDay('2012-12-13', days)).toBe('2012-12-14');
    // Proposed today: no day before today to offer, today it is.
    expect(replayDay('2000-01-01', [])).toBe('');
  });

  it('dates a fact on the reader’s calendar: a partnership proposed just after midnight in France is of today there, not of yesterday', () => {
    // A day on France's calendar (the network's, `networkToday`, without a page naming another zone).
    const inFrance = (instant: Date): string => instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    expect(factDay('2026-12-04T23:30:00.000Z', inFrance)).toBe('2026-12-05');
    expect(factDay('2026-12-04T10:00:00.000Z', inFrance)).toBe('2026-12-04');
    expect(factDay('2011-12-31', inFrance)).toBe('2011-12-31');
    expect(factDay('2026-12-04T23:30:00.000Z')).toBe(networkToday(new Date('2026-12-04T23:30:00.000Z')));
  });

  it('shows each concluded cycle’s impact scores, a renewed partnership’s first cycle too', () => {
    // FLDA × CG Ardèche: cycle 1 assessed, then renewed; the board's `impact` is cycle 2's, emptied by the renewal.
    const cycle1 = {
      innovation_societale: { score: 4, scores: { croissance_economique_emplois: 3, reduction_fragilites: 5 } },
      confiance: { score: 5, scores: { confiance_collective: 5, confiance_individuelle: 5 } },
    };
    const renewed = cycleImpacts({
      cycle: 2,
      impact: {},
      conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2012-12-14', impact: cycle1 }],
    });
    expect(renewed.map((c) => c.heading)).toEqual(['Cycle 1 : Renouvelé le 14 décembre 2012']);
    expect(renewed[0]?.lines.map((l) => l.text)).toEqual([
      expect.stringMatching(/^Innovation sociétale : 4\/5 \(/),
      expect.stringMatching(/^Confiance : 5\/5 \(/),
    ]);
    // Cycle 2 under way, with a score already: shown apart, after cycle 1.
    const assessing = cycleImpacts({
      cycle: 2,
      impact: { confiance: 3 },
      conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2012-12-14', impact: cycle1 }],
    });
    expect(assessing.map((c) => [c.cycle, c.heading, c.lines.length])).toEqual([
      [1, 'Cycle 1 : Renouvelé le 14 décembre 2012', 2],
      [2, undefined, 1],
    ]);
    // A closed partnership (its conclusion without an impact of its own, on an older board): the board's, once.
    const closed = cycleImpacts({ cycle: 1, impact: { confiance: 5 }, conclusions: [{ cycle: 1, decision: 'clore', concludedOn: '2015-07-01' }] });
    expect(closed).toEqual([{ cycle: 1, heading: 'Cycle 1 : Clos le 1er juillet 2015', lines: [{ dimension: 'confiance', text: 'Confiance : 5/5' }] }]);
    expect(cycleImpacts({ cycle: 1, impact: {}, conclusions: [] })).toEqual([]);
  });
});
