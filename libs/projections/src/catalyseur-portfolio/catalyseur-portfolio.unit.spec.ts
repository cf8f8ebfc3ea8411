import { EventLog, SILVER_GEEK } from '../testing/fixtures';
import { foldModel } from '../testing/fold-model';
import { portfolioOf } from './catalyseur-portfolio';
import { type PortfolioAccompaniment, portfolioAccompaniments } from './portfolio-organisations';
import type { RecordedEvent } from '@catalyse/event-store';
import { evolvePortfolioPartnership, type PortfolioPartnership, portfolioPartnershipTags, portfolioPartnerships } from './portfolio-partnerships';

const P = 'partnership-silver-geek';

/** Silver Geek, proposed by cat-charenton (assigned with it), then cat-vyv beside it, cat-charenton released, the pilotage started. */
function silverGeekLife() {
  const log = new EventLog();
  log.record(P, 'PartnershipProposed', SILVER_GEEK);
  log.record(P, 'CatalyseurAssigned', { catalyseurId: 'cat-charenton', assignedOn: '2026-01-12' });
  log.record(P, 'CatalyseurAssigned', { catalyseurId: 'cat-vyv', assignedOn: '2026-01-20' });
  log.record(P, 'MilestonePlanned', { milestoneId: 'm-1', title: 'Ateliers', dueDate: '2026-04-15' });
  log.record(P, 'CatalyseurReleased', { catalyseurId: 'cat-charenton', releasedOn: '2026-02-01', reason: 'relais pris par cat-vyv' });
  log.record(P, 'PilotageStarted', { startedOn: '2026-02-02', cycle: 1 });
  return log;
}

describe("a catalyseur's portfolio", () => {
  it('keeps who accompanied a partnership when, and finds it by every catalyseur who did and by those who do now', () => {
    const { doc, entries } = foldModel<PortfolioPartnership>(portfolioPartnerships, silverGeekLife().events);
    expect(doc).toMatchObject({
      partnershipId: 'silver-geek',
      title: SILVER_GEEK.title,
      territory: { id: 'charenton', name: 'Charenton-le-Pont' },
      phase: 'pilotage',
      spans: [
        { catalyseurId: 'cat-charenton', assignedOn: '2026-01-12', releasedOn: '2026-02-01', reason: 'relais pris par cat-vyv' },
        { catalyseurId: 'cat-vyv', assignedOn: '2026-01-20' },
      ],
      revision: '5',
    });
    expect(doc && portfolioPartnershipTags(doc)).toEqual({ catalyseur: ['cat-charenton', 'cat-vyv'], current: ['cat-vyv'] });
    // Live: each assignment and release in that catalyseur's portfolio, the change of phase in the portfolios of those who accompany it.
    expect(entries.map((e) => [e.room, e.kind])).toEqual([
      ['portfolio:cat-charenton', 'CatalyseurAssigned'],
      ['portfolio:cat-vyv', 'CatalyseurAssigned'],
      ['portfolio:cat-charenton', 'CatalyseurReleased'],
      ['portfolio:cat-vyv', 'PilotageStarted'],
    ]);
    expect(entries[2]?.data).toEqual({
      partnershipId: 'silver-geek',
      title: SILVER_GEEK.title,
      phase: 'cadrage',
      catalyseurId: 'cat-charenton',
      releasedOn: '2026-02-01',
      reason: 'relais pris par cat-vyv',
    });
  });

  it('leaves out what does not fit: an assignment twice, a release of someone not there, anything before the proposal', () => {
    const log = new EventLog();
    log.record(P, 'CatalyseurAssigned', { catalyseurId: 'cat-x', assignedOn: '2026-01-01' });
    log.record(P, 'PartnershipProposed', SILVER_GEEK);
    log.record(P, 'CatalyseurAssigned', { catalyseurId: 'cat-a', assignedOn: '2026-01-12' });
    log.record(P, 'CatalyseurAssigned', { catalyseurId: 'cat-a', assignedOn: '2026-01-13' });
    log.record(P, 'CatalyseurReleased', { catalyseurId: 'cat-b', releasedOn: '2026-01-14' });
    log.record(P, 'CatalyseurAssigned', 'not an object');
    const { doc, entries } = foldModel<PortfolioPartnership>(portfolioPartnerships, log.events);
    expect(doc?.spans).toEqual([{ catalyseurId: 'cat-a', assignedOn: '2026-01-12' }]);
    expect(entries.map((e) => e.room)).toEqual(['portfolio:cat-a']);
    // A proposal without its territory (written by hand) makes no document, and never throws.
    const malformed = new EventLog();
    malformed.record(P, 'PartnershipProposed', { partnershipId: 'x', title: 'X' });
    expect(evolvePortfolioPartnership(undefined, malformed.events[0] as RecordedEvent)).toBeUndefined();
  });

  it('keeps the accompaniments of organisations, live in the catalyseur’s portfolio', () => {
    const log = new EventLog();
    const A = 'accompaniment-acc-1';
    log.record(A, 'AccompanimentOpened', {
      accompanimentId: 'acc-1',
      organisationId: 'silver-geek',
      catalyseurId: 'cat-vyv',
      purpose: 'stratégie',
      openedOn: '2026-01-05',
    });
    log.record(A, 'AccompanimentSessionHeld', { sessionId: 's-1' });
    log.record(A, 'AccompanimentClosed', {
      accompanimentId: 'acc-1',
      organisationId: 'silver-geek',
      catalyseurId: 'cat-vyv',
      closedOn: '2026-03-01',
      outcome: 'ready',
      reason: 'un partenariat est né',
    });
    const { doc, entries, docs } = foldModel<PortfolioAccompaniment>(portfolioAccompaniments, log.events);
    expect(docs[0]).toMatchObject({ accompanimentId: 'acc-1', organisationId: 'silver-geek', catalyseurId: 'cat-vyv', openedOn: '2026-01-05' });
    expect(doc).toMatchObject({ closedOn: '2026-03-01', outcome: 'ready' });
    expect(entries.map((e) => [e.room, e.kind])).toEqual([
      ['portfolio:cat-vyv', 'AccompanimentOpened'],
      ['portfolio:cat-vyv', 'AccompanimentClosed'],
    ]);
    expect(portfolioAccompaniments.tags(doc)).toEqual({ catalyseur: 'cat-vyv', organisation: 'silver-geek', status: 'closed' });
  });

  it('puts one catalyseur’s documents together: what it accompanies now, the latest first, and what it accompanied', () => {
    const silverGeek = foldModel<PortfolioPartnership>(portfolioPartnerships, silverGeekLife().events).doc;
    const log = new EventLog();
    log.record('partnership-flda', 'PartnershipProposed', { ...SILVER_GEEK, partnershipId: 'flda', title: 'FLDA × Ardèche' });
    log.record('partnership-flda', 'CatalyseurAssigned', { catalyseurId: 'cat-vyv', assignedOn: '2026-02-10' });
    const flda = foldModel<PortfolioPartnership>(portfolioPartnerships, log.events).doc;
    const open: PortfolioAccompaniment = {
      accompanimentId: 'acc-2',
      organisationId: 'flda',
      catalyseurId: 'cat-vyv',
      openedOn: '2026-02-01',
      revision: '0',
      position: '9',
      updatedAt: '2026-02-01T09:00:00.000Z',
    };
    const closed: PortfolioAccompaniment = { ...open, accompanimentId: 'acc-1', organisationId: 'silver-geek', openedOn: '2026-01-05', closedOn: '2026-03-01' };
    if (!silverGeek || !flda) throw new Error('expected both documents');

    const vyv = portfolioOf('cat-vyv', [silverGeek, flda], [closed, open]);
    expect(vyv.partnerships.map((p) => [p.partnershipId, p.since, p.phase])).toEqual([
      ['flda', '2026-02-10', 'cadrage'],
      ['silver-geek', '2026-01-20', 'pilotage'],
    ]);
    expect(vyv.pastPartnerships).toEqual([]);
    expect(vyv.organisations).toEqual([{ organisationId: 'flda', accompanimentId: 'acc-2', since: '2026-02-01' }]);
    expect(vyv.pastOrganisations).toEqual([{ organisationId: 'silver-geek', accompanimentId: 'acc-1', from: '2026-01-05', until: '2026-03-01' }]);

    const charenton = portfolioOf('cat-charenton', [silverGeek], []);
    expect(charenton.partnerships).toEqual([]);
    expect(charenton.pastPartnerships).toEqual([
      expect.objectContaining({ partnershipId: 'silver-geek', from: '2026-01-12', until: '2026-02-01', reason: 'relais pris par cat-vyv' }),
    ]);
  });
});
