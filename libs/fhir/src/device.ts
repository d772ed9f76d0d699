/**
 * Registry records → FHIR Device per the PHD IG (../shared/reference/clinical.md §1): a personal health device
 * (PHD, MDC_MOC_VMS_MDS_SIMP) identified by its Bluetooth MAC, and the home gateway (PHG,
 * MDC_MOC_VMS_MDS_AHD) it reports through. Pure.
 */
import type { DeviceKind } from '@openward/contracts';
import { phdDeviceId, phgDeviceId, toFhirId } from './ids.js';
import { MDC_DEVICE, SYSTEMS } from './systems.js';
import type { CodeableConcept, Device } from './types.js';

/**
 * `Device.specialization.systemType` per device kind: MDC_DEV_SPEC_PROFILE_* = 528384 + (IEEE 11073-104xx
 * specialization − 10400). 528388 (pulse oximeter), 528391 (blood pressure) and 528401 (glucose) are in the PHD
 * IG examples; the others follow the same numbering (clinical.md marks them derived).
 */
export const DEVICE_SPECIALIZATIONS: Readonly<Record<DeviceKind, { code: string; display: string }>> = {
  'heart-rate-strap': { code: '528390', display: 'MDC_DEV_SPEC_PROFILE_ECG' },
  'pulse-oximeter': { code: '528388', display: 'MDC_DEV_SPEC_PROFILE_PULS_OXIM' },
  'blood-pressure-cuff': { code: '528391', display: 'MDC_DEV_SPEC_PROFILE_BPM' },
  thermometer: { code: '528392', display: 'MDC_DEV_SPEC_PROFILE_TEMP' },
  'glucose-meter': { code: '528401', display: 'MDC_DEV_SPEC_PROFILE_GLUCOSE' },
  'weight-scale': { code: '528399', display: 'MDC_DEV_SPEC_PROFILE_SCALE' },
  'body-composition-scale': { code: '528404', display: 'MDC_DEV_SPEC_PROFILE_BCA' },
};

const mdc = (c: { code: string; display: string }): CodeableConcept => ({
  coding: [{ system: SYSTEMS.mdc, code: c.code, display: c.display }],
});

/** The registry columns the PHD mapping reads. */
export interface DeviceRecord {
  readonly address: string;
  readonly gatewayId: string;
  /** Registry kind (contracts DEVICE_KINDS); other strings get no specialization. */
  readonly kind: string;
  readonly model: string | null;
  readonly serial: string | null;
  readonly manufacturer: string | null;
  /** The patient the device is assigned to now; null when unassigned (or assigned to someone else). */
  readonly currentPatientId: string | null;
}

/** PHD IG: identifier values are uppercase hex with dashes. */
export function macIdentifierValue(address: string): string {
  return address.toUpperCase().replace(/:/g, '-');
}

export function toPhdDevice(r: DeviceRecord): Device {
  const spec = (DEVICE_SPECIALIZATIONS as Readonly<Record<string, { code: string; display: string }>>)[
    r.kind
  ];
  const patient = r.currentPatientId === null ? null : toFhirId(r.currentPatientId);
  return {
    resourceType: 'Device',
    id: phdDeviceId(r.address),
    identifier: [
      {
        type: {
          coding: [
            { system: SYSTEMS.continuaDeviceIdentifiers, code: 'BTMAC', display: 'Bluetooth MAC address' },
          ],
        },
        system: SYSTEMS.bluetoothMac,
        value: macIdentifierValue(r.address),
      },
    ],
    status: 'active',
    ...(r.manufacturer ? { manufacturer: r.manufacturer } : {}),
    ...(r.serial ? { serialNumber: r.serial } : {}),
    ...(r.model ? { modelNumber: r.model } : {}),
    ...(r.model ? { deviceName: [{ name: r.model, type: 'model-name' as const }] } : {}),
    type: mdc(MDC_DEVICE.phd),
    ...(spec ? { specialization: [{ systemType: mdc(spec) }] } : {}),
    ...(patient ? { patient: { reference: `Patient/${patient}` } } : {}),
  };
}

/** The registry columns the PHG mapping reads. The gateway's label is free text and is not exported. */
export interface GatewayRecord {
  readonly id: string;
  readonly status: 'pending' | 'active' | 'revoked';
}

export function toPhgDevice(r: GatewayRecord): Device {
  return {
    resourceType: 'Device',
    id: phgDeviceId(r.id),
    identifier: [{ system: SYSTEMS.openwardGateway, value: r.id }],
    status: r.status === 'revoked' ? 'inactive' : 'active',
    manufacturer: 'OpenWard',
    deviceName: [{ name: 'OpenWard home gateway', type: 'manufacturer-name' }],
    type: mdc(MDC_DEVICE.phg),
    specialization: [{ systemType: mdc(MDC_DEVICE.phgSpecialization) }],
  };
}
