import { describe, expect, it } from 'vitest';
import { artifactKey, artifactKeyOf, disambiguate, safeSegment, sidecarKey } from './layout.js';

describe('layout', () => {
  const startedAt = new Date('2026-03-04T05:06:07.890Z');

  it('names artifacts {source}/{database}/{UTC stamp}.{ext}', () => {
    expect(artifactKey({ source: 'prod-db', database: 'shop', startedAt, extension: 'dump.zst' })).toBe(
      'prod-db/shop/2026-03-04_05-06-07.dump.zst',
    );
    expect(artifactKey({ source: 'app', startedAt, extension: 'db.gz' }, '/backups/')).toBe(
      'backups/app/_server/2026-03-04_05-06-07.db.gz',
    );
  });

  it('makes hostile names safe path segments', () => {
    expect(safeSegment('../etc')).toBe('.._etc');
    expect(safeSegment('..')).toBe('_..');
    expect(safeSegment('a/b\\c;$(rm -rf)')).toBe('a_b_c___rm_-rf_');
    expect(safeSegment('données 📦')).toBe('données__');
    expect(safeSegment('')).toBe('_');
  });

  it('pairs sidecars with artifacts and disambiguates collisions', () => {
    const key = 'a/b/2026-03-04_05-06-07.sql.zst';
    expect(artifactKeyOf(sidecarKey(key))).toBe(key);
    expect(disambiguate(key, 2)).toBe('a/b/2026-03-04_05-06-07_2.sql.zst');
    expect(disambiguate(key, 1)).toBe(key);
  });
});
