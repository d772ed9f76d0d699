import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  FHIR_ID_PATTERN,
  fromFhirId,
  observationId,
  parseDeviceId,
  parseObservationId,
  phdDeviceId,
  phgDeviceId,
  shortHash,
  toFhirId,
} from './ids.js';

describe('record ids as FHIR ids', () => {
  it('maps "_" to "." and back, and refuses ids FHIR cannot hold', () => {
    expect(toFhirId('p-1001')).toBe('p-1001');
    expect(toFhirId('p_1001')).toBe('p.1001');
    expect(fromFhirId('p.1001')).toBe('p_1001');
    expect(toFhirId('a.b')).toBeNull();
    expect(toFhirId('x'.repeat(65))).toBeNull();
    expect(fromFhirId('a:b')).toBeNull();
  });

  it('round-trips every valid OpenWard id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/), (id) => {
        const fhir = toFhirId(id);
        expect(fhir).not.toBeNull();
        expect(FHIR_ID_PATTERN.test(fhir!)).toBe(true);
        expect(fromFhirId(fhir!)).toBe(id);
      }),
    );
  });
});

describe('device ids', () => {
  it('names a PHD by its address with dots and a PHG by its gateway id', () => {
    expect(phdDeviceId('C0:FF:EE:00:10:01')).toBe('c0.ff.ee.00.10.01');
    expect(parseDeviceId('c0.ff.ee.00.10.01')).toEqual({ kind: 'phd', address: 'c0:ff:ee:00:10:01' });
    expect(parseDeviceId(phgDeviceId('gw-demo-home-1'))).toEqual({
      kind: 'phg',
      gatewayId: 'gw-demo-home-1',
    });
  });

  it('refuses ids that name no device', () => {
    expect(parseDeviceId('c0.ff.ee')).toBeNull();
    expect(parseDeviceId('GW_1')).toBeNull();
    expect(parseDeviceId('-x')).toBeNull();
  });
});

describe('observation ids', () => {
  const reading = 'gw-demo-home-1:c0:ff:ee:00:10:05:2A35:1768032000000';

  it('encodes patient, time and a hash of reading and key, and parses back', () => {
    const id = observationId('p-1001', 1768032000000, reading, 'bp');
    expect(id).toMatch(FHIR_ID_PATTERN);
    expect(parseObservationId(id!)).toEqual({
      patientId: 'p-1001',
      measuredAtMs: 1768032000000,
      hash: shortHash(`${reading}/bp`),
    });
  });

  it('gives distinct ids to the observations of one reading', () => {
    const ids = ['bp', '3', '4'].map((k) => observationId('p-1001', 1768032000000, reading, k));
    expect(new Set(ids).size).toBe(3);
  });

  it('keeps patient ids with dots (from "_") intact', () => {
    const id = observationId('p_10_01', 5, reading, '0');
    expect(parseObservationId(id!)?.patientId).toBe('p_10_01');
  });

  it('returns null when the id would pass 64 characters, and refuses malformed ids', () => {
    expect(observationId('p'.repeat(60), 1768032000000, reading, '0')).toBeNull();
    expect(parseObservationId('zz')).toBeNull();
    expect(parseObservationId('1.abcdefgh')).toBeNull();
    expect(parseObservationId('1.abc.p-1')).toBeNull();
  });
});
