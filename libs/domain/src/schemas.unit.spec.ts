import { AGGREGATE_CATEGORIES, anyAggregate } from './aggregates';
import { impactAssessedV1ToV2 } from './partnership/upcasters';
import { EVENT_SCHEMAS, eventSchemaVersions, schemaVersionOf } from './schemas';

describe('the registry of event schemas', () => {
  const versions = eventSchemaVersions();

  it('gives a version to every event type of every aggregate, and to nothing else', () => {
    expect(Object.keys(versions).sort()).toEqual([...AGGREGATE_CATEGORIES].sort());
    for (const category of AGGREGATE_CATEGORIES) {
      expect(Object.keys(versions[category]).sort()).toEqual([...anyAggregate(category).eventTypes].sort());
    }
  });

  it('has ImpactAssessed at version 2; every other type is at its first version', () => {
    const evolved = AGGREGATE_CATEGORIES.flatMap((category) =>
      Object.entries(versions[category] as Record<string, number>)
        .filter(([, version]) => version !== 1)
        .map(([type, version]) => `${category}/${type}@${version}`),
    );
    expect(evolved).toEqual(['partnership/ImpactAssessed@2']);
  });

  it('has, for every type, an upcaster from each earlier version to the next, and none beyond', () => {
    for (const category of AGGREGATE_CATEGORIES) {
      for (const [type, version] of Object.entries(versions[category] as Record<string, number>)) {
        for (let v = 1; v < version; v++) expect(EVENT_SCHEMAS.upcaster(`${category}-x`, type, v)).toEqual(expect.any(Function));
        expect(EVENT_SCHEMAS.upcaster(`${category}-x`, type, version)).toBeUndefined();
      }
    }
    expect(EVENT_SCHEMAS.upcaster('partnership-flda', 'ImpactAssessed', 1)).toBe(impactAssessedV1ToV2);
  });

  it('answers by stream: the category is the stream name up to its first dash', () => {
    expect(EVENT_SCHEMAS.currentVersion('partnership-flda-cg-ardeche', 'ImpactAssessed')).toBe(2);
    expect(EVENT_SCHEMAS.currentVersion('partnership-flda-cg-ardeche', 'PartnershipProposed')).toBe(1);
    expect(schemaVersionOf('room', 'MessagePosted')).toBe(1);
    expect(versions.organisation).toEqual({ OrganisationRegistered: 1, OrganisationProfileUpdated: 1, AllianceStrategyRecorded: 1 });
    expect(EVENT_SCHEMAS.currentVersion('organisation-flda', 'AllianceStrategyRecorded')).toBe(1);
    expect(versions.accompaniment).toEqual({ AccompanimentOpened: 1, AccompanimentSessionHeld: 1, OrganisationMaturityRecorded: 1, AccompanimentClosed: 1 });
  });

  it('knows no version for a type of another aggregate, an unknown type or a stream of no aggregate (readers leave them as stored)', () => {
    expect(EVENT_SCHEMAS.currentVersion('room-general', 'ImpactAssessed')).toBeUndefined();
    expect(EVENT_SCHEMAS.currentVersion('partnership-flda', 'PartnershipTeleported')).toBeUndefined();
    expect(EVENT_SCHEMAS.currentVersion('mystery-1', 'ImpactAssessed')).toBeUndefined();
    expect(EVENT_SCHEMAS.currentVersion('nodash', 'ImpactAssessed')).toBeUndefined();
    expect(EVENT_SCHEMAS.upcaster('mystery-1', 'ImpactAssessed', 1)).toBeUndefined();
  });
});
