/** The rows of an export: which events a period keeps on each clock, and how an event is written as CSV. */
import type { RecordedEvent } from '@catalyse/event-store';
import { csvEventLine, EVENT_CSV_HEADERS, inPeriod, ndjsonLine, spreadsheetDateTime, spreadsheetEventHeaders, spreadsheetEventLine } from './export';

const PARIS = 'Europe/Paris';
const event = (type: string, data: unknown, occurredAt: string, recordedAt: string): RecordedEvent => ({
  id: 'e1',
  stream: 'room-agora',
  type,
  revision: 1n,
  position: 7n,
  data,
  metadata: { correlationId: 'c', causationId: 'c', actor: 'op-1', occurredAt, schemaVersion: 1 },
  recordedAt,
});

describe('export rows', () => {
  // Posted at 23:30 in Paris on 31 December... in UTC; recorded in 2026.
  const posted = event(
    'MessagePosted',
    { messageId: 'm1', text: 'un', postedAt: '2024-12-31T23:30:00.000Z' },
    '2024-12-31T23:30:00.000Z',
    '2026-11-30T10:00:00.000Z',
  );

  it('a period on the happened clock reads the date the event carries, by days in the network’s zone', () => {
    expect(inPeriod(posted, { from: '2025-01-01', to: '2025-01-01', clock: 'happened' }, PARIS)).toBe(true);
    expect(inPeriod(posted, { to: '2024-12-31', clock: 'happened' }, PARIS)).toBe(false);
    expect(inPeriod(posted, { to: '2024-12-31', clock: 'happened' }, 'UTC')).toBe(true);
    expect(inPeriod(posted, { from: '2024-12-31T23:30:00Z', to: '2024-12-31T23:30:00Z', clock: 'happened' }, PARIS)).toBe(true);
    expect(inPeriod(posted, { from: '2024-12-31T23:30:01Z', clock: 'happened' }, PARIS)).toBe(false);
  });

  it('a period on the recorded clock (the default) reads when the log received it', () => {
    expect(inPeriod(posted, { to: '2025-01-01' }, PARIS)).toBe(false);
    expect(inPeriod(posted, { from: '2026-11-30', to: '2026-11-30' }, PARIS)).toBe(true);
    expect(inPeriod(posted, {}, PARIS)).toBe(true);
  });

  it('writes one CSV record per event, its data and metadata as JSON, quoted as RFC 4180 says', () => {
    expect(EVENT_CSV_HEADERS.slice(0, 6)).toEqual(['position', 'stream', 'type', 'revision', 'occurredAt', 'recordedAt']);
    const line = csvEventLine(event('MessagePosted', { text: 'dit "bonjour", puis\nrien' }, '2025-01-01T10:00:00.000Z', '2026-11-30T10:00:00.000Z'));
    expect(line).toBe(
      '7,room-agora,MessagePosted,1,2025-01-01T10:00:00.000Z,2026-11-30T10:00:00.000Z,e1,op-1,' +
        '"{""text"":""dit \\""bonjour\\"", puis\\nrien""}",' +
        '"{""correlationId"":""c"",""causationId"":""c"",""actor"":""op-1"",""occurredAt"":""2025-01-01T10:00:00.000Z"",""schemaVersion"":1}"\r\n',
    );
    expect(JSON.parse(ndjsonLine(posted))).toMatchObject({ position: '7', revision: '1', type: 'MessagePosted', stream: 'room-agora' });
  });

  it('for a French spreadsheet: `;` between cells, French headers, times in the network’s zone; the machine CSV unchanged', () => {
    expect(spreadsheetEventHeaders(PARIS).join(';')).toBe(
      'Position;Flux;Type d’événement;Révision;Décidé le (Europe/Paris);Enregistré le (Europe/Paris);Identifiant;Auteur;Données;Métadonnées',
    );
    const line = spreadsheetEventLine(event('MessagePosted', { text: 'dit "bonjour"; puis' }, '2024-12-31T23:30:00.000Z', '2026-07-01T10:00:00.000Z'), PARIS);
    expect(line).toBe(
      '7;room-agora;MessagePosted;1;01/01/2025 00:30:00;01/07/2026 12:00:00;e1;op-1;' +
        '"{""text"":""dit \\""bonjour\\""; puis""}";' +
        '"{""correlationId"":""c"",""causationId"":""c"",""actor"":""op-1"",""occurredAt"":""2024-12-31T23:30:00.000Z"",""schemaVersion"":1}"\r\n',
    );
    expect(line.split(';')[4]).toBe('01/01/2025 00:30:00');
    expect(spreadsheetDateTime('2024-12-31T23:30:00.000Z', 'UTC')).toBe('31/12/2024 23:30:00');
    expect(spreadsheetDateTime('')).toBe('');
    // An actor named like a formula stays text.
    const formula = { ...posted, metadata: { ...posted.metadata, actor: '=1+1' } };
    expect(spreadsheetEventLine(formula, PARIS).split(';')[7]).toBe("'=1+1");
    expect(EVENT_CSV_HEADERS.join(',')).toBe('position,stream,type,revision,occurredAt,recordedAt,id,actor,data,metadata');
  });
});
