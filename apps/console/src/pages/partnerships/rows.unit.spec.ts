/// <reference types="jest" />
import { conclusionText, eventDetail, measureText } from './rows';
import type { RecordedEvent } from './types';

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
