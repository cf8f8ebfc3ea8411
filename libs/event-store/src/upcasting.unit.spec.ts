import type { EventMetadata, RecordedEvent } from './event-store';
import { type EventSchemas, storedSchemaVersion, unreadableReason, upcastRecorded } from './upcasting';

const schemas: EventSchemas = {
  currentVersion: (stream, type) => (stream.startsWith('meter-') ? ({ Measured: 2, Broken: 2 } as Record<string, number>)[type] : undefined),
  upcaster: (_stream, type, version) => {
    if (type === 'Measured' && version === 1) return (data) => ({ kelvin: (data as { celsius: number }).celsius + 273 });
    if (type === 'Broken' && version === 1)
      return () => {
        throw new Error('no celsius');
      };
    return undefined;
  },
};
const event = (type: string, data: unknown, metadata: Partial<EventMetadata> = { schemaVersion: 1 }, stream = 'meter-1'): RecordedEvent => ({
  id: 'e1',
  stream,
  type,
  revision: 3n,
  position: 42n,
  data,
  metadata: { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2013-01-01T00:00:00.000Z', ...metadata } as EventMetadata,
  recordedAt: '2026-12-02T10:00:00.000Z',
});

describe('upcastRecorded', () => {
  it('brings an older event to the current version and says where it came from', () => {
    const { event: read, outcome } = upcastRecorded(event('Measured', { celsius: 20 }), schemas);
    expect(outcome).toEqual({ kind: 'upcast', from: 1, to: 2 });
    expect(read).toEqual({ ...event('Measured', { kelvin: 293 }), metadata: { ...event('Measured', {}).metadata, schemaVersion: 2, upcastFrom: 1 } });
    expect(unreadableReason(read)).toBeUndefined();
  });

  it('reads an event without a schemaVersion as version 1, the first', () => {
    expect(storedSchemaVersion(undefined)).toBe(1);
    expect(upcastRecorded(event('Measured', { celsius: 0 }, {}), schemas).outcome).toEqual({ kind: 'upcast', from: 1, to: 2 });
  });

  it('gives back the very same event when it is current, or of a type or a stream the registry does not know', () => {
    for (const e of [event('Measured', { kelvin: 1 }, { schemaVersion: 2 }), event('Other', { x: 1 }), event('Measured', { celsius: 1 }, {}, 'room-1')]) {
      expect(upcastRecorded(e, schemas).event).toBe(e);
    }
    expect(upcastRecorded(event('Other', {}), schemas).outcome).toEqual({ kind: 'unknown_type' });
  });

  it('marks as unreadable, with the reason, an event an upcaster throws on; its data stays as stored', () => {
    const stored = event('Broken', { x: 1 });
    const { event: read, outcome } = upcastRecorded(stored, schemas);
    expect(outcome).toMatchObject({ kind: 'unreadable', problem: 'upcaster_failed', stored: 1, current: 2 });
    expect(read.data).toBe(stored.data);
    expect(read.metadata.schemaVersion).toBe(1);
    expect(unreadableReason(read)).toBe('Broken: the upcaster from schema version 1 failed (no celsius)');
  });

  it.each([
    [3, 'newer'],
    [0, 'not_a_version'],
    [1.5, 'not_a_version'],
    ['2', 'not_a_version'],
  ])('marks schema version %p as %s', (version, problem) => {
    expect(upcastRecorded(event('Measured', {}, { schemaVersion: version as number }), schemas).outcome).toMatchObject({ kind: 'unreadable', problem });
  });
});
