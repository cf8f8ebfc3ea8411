import type { HistoryClock } from '@catalyse/domain';
import type { Fact } from './document';
import { frenchDate, frenchDateTime } from './french';

/** What every report says about itself: when it was made, and which history it speaks of. */
export interface ReportContext {
  /** When the report was made (an instant). */
  readonly generatedAt: string;
  readonly timeZone: string;
  /** The history cut asked for, if any. */
  readonly asOf?: { readonly time?: string; readonly position?: string; readonly clock: HistoryClock };
}

const CLOCKS: Readonly<Record<HistoryClock, string>> = {
  happened: 'selon la date des faits',
  recorded: 'selon la date d’enregistrement',
};

/** "Situation au 31 décembre 2012 (selon la date des faits)" and "Établi le …". */
export function contextFacts(context: ReportContext): Fact[] {
  const { asOf } = context;
  const situation =
    asOf?.time !== undefined
      ? // A date reads as a date; an instant keeps its time (two reports of one day at different hours differ).
        `au ${asOf.time.includes('T') ? frenchDateTime(asOf.time, context.timeZone) : frenchDate(asOf.time, context.timeZone)} (${CLOCKS[asOf.clock]})`
      : asOf?.position !== undefined
        ? `à la position ${asOf.position} du journal`
        : `à ce jour (${frenchDate(context.generatedAt, context.timeZone)})`;
  return [
    { label: 'Situation', value: situation },
    { label: 'Établi le', value: frenchDateTime(context.generatedAt, context.timeZone) },
  ];
}
