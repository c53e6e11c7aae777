import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid } from './ids';

describe('record ids', () => {
  it('are UUIDs in 8-4-4-4-12 hexadecimal form', () => {
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(true);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isUuid(id)).toBe(true);
      }),
    );
  });

  it('refuses what PostgreSQL would refuse or read differently', () => {
    for (const bad of [
      '-'.repeat(36),
      '0f8fad5bd9cb469fa16570867728950e',
      '{0f8fad5b-d9cb-469f-a165-70867728950e}',
      '0f8fad5b-d9cb-469f-a165-70867728950',
      '0f8fad5b-d9cb-469f-a165-70867728950g',
      ' 0f8fad5b-d9cb-469f-a165-70867728950e',
      '0f8fad5b-d9cb-469f-a165-70867728950e\n',
      '',
      undefined,
      42,
    ]) {
      expect(isUuid(bad), String(bad)).toBe(false);
    }
  });
});
