/**
 * The GATT layout the simulator serves (and the gateway consumes), per device kind. Lowercase 16-bit
 * UUIDs as noble and the sim-radio protocol use them. Kept in one table so the integration tests and the
 * gateway's expectations can be compared line by line with the table.
 */
import type { DeviceKind } from '@openward/contracts';
import type { ServiceInfo } from '@openward/sim-radio';

export const UUID = {
  heartRateService: '180d',
  heartRateMeasurement: '2a37',
  bodySensorLocation: '2a38',
  pulseOximeterService: '1822',
  plxSpotCheck: '2a5e',
  plxContinuous: '2a5f',
  plxFeatures: '2a60',
  bloodPressureService: '1810',
  bloodPressureMeasurement: '2a35',
  intermediateCuffPressure: '2a36',
  bloodPressureFeature: '2a49',
  thermometerService: '1809',
  temperatureMeasurement: '2a1c',
  intermediateTemperature: '2a1e',
  temperatureType: '2a1d',
  measurementInterval: '2a21',
  glucoseService: '1808',
  glucoseMeasurement: '2a18',
  glucoseContext: '2a34',
  glucoseFeature: '2a51',
  racp: '2a52',
  weightScaleService: '181d',
  weightMeasurement: '2a9d',
  weightScaleFeature: '2a9e',
  bodyCompositionService: '181b',
  bodyCompositionMeasurement: '2a9c',
  bodyCompositionFeature: '2a9b',
  batteryService: '180f',
  batteryLevel: '2a19',
  deviceInfoService: '180a',
  manufacturerName: '2a29',
  modelNumber: '2a24',
  serialNumber: '2a25',
  firmwareRevision: '2a26',
  softwareRevision: '2a28',
  currentTimeService: '1805',
  currentTime: '2a2b',
} as const;

type Property = ServiceInfo['characteristics'][number]['properties'][number];
const c = (uuid: string, ...properties: Property[]): ServiceInfo['characteristics'][number] => ({
  uuid,
  properties,
});

/** Each kind's own service (first in the table and in the advertisement). */
export const PRIMARY_SERVICE: Record<DeviceKind, ServiceInfo> = {
  'heart-rate-strap': {
    uuid: UUID.heartRateService,
    characteristics: [c(UUID.heartRateMeasurement, 'notify'), c(UUID.bodySensorLocation, 'read')],
  },
  'pulse-oximeter': {
    uuid: UUID.pulseOximeterService,
    characteristics: [
      c(UUID.plxSpotCheck, 'indicate'),
      c(UUID.plxContinuous, 'notify'),
      c(UUID.plxFeatures, 'read'),
    ],
  },
  'blood-pressure-cuff': {
    uuid: UUID.bloodPressureService,
    characteristics: [
      c(UUID.bloodPressureMeasurement, 'indicate'),
      c(UUID.intermediateCuffPressure, 'notify'),
      c(UUID.bloodPressureFeature, 'read'),
    ],
  },
  thermometer: {
    uuid: UUID.thermometerService,
    characteristics: [
      c(UUID.temperatureMeasurement, 'indicate'),
      c(UUID.intermediateTemperature, 'notify'),
      c(UUID.temperatureType, 'read'),
      c(UUID.measurementInterval, 'read', 'indicate'),
    ],
  },
  'glucose-meter': {
    uuid: UUID.glucoseService,
    characteristics: [
      c(UUID.glucoseMeasurement, 'notify'),
      c(UUID.glucoseContext, 'notify'),
      c(UUID.glucoseFeature, 'read'),
      c(UUID.racp, 'write', 'indicate'),
    ],
  },
  'weight-scale': {
    uuid: UUID.weightScaleService,
    characteristics: [c(UUID.weightMeasurement, 'indicate'), c(UUID.weightScaleFeature, 'read')],
  },
  'body-composition-scale': {
    uuid: UUID.bodyCompositionService,
    characteristics: [c(UUID.bodyCompositionMeasurement, 'indicate'), c(UUID.bodyCompositionFeature, 'read')],
  },
};

export const BATTERY_SERVICE: ServiceInfo = {
  uuid: UUID.batteryService,
  characteristics: [c(UUID.batteryLevel, 'read', 'notify')],
};

export const DEVICE_INFO_CHARACTERISTICS = [
  UUID.manufacturerName,
  UUID.modelNumber,
  UUID.serialNumber,
  UUID.firmwareRevision,
  UUID.softwareRevision,
] as const;

export const DEVICE_INFO_SERVICE: ServiceInfo = {
  uuid: UUID.deviceInfoService,
  characteristics: DEVICE_INFO_CHARACTERISTICS.map((u) => c(u, 'read')),
};

export const CURRENT_TIME_SERVICE: ServiceInfo = {
  uuid: UUID.currentTimeService,
  characteristics: [c(UUID.currentTime, 'read', 'notify')],
};

/** The whole table a device of `kind` serves; Current Time only when the device has a clock. */
export function gattTable(kind: DeviceKind, hasClock: boolean): readonly ServiceInfo[] {
  const table = [PRIMARY_SERVICE[kind], BATTERY_SERVICE, DEVICE_INFO_SERVICE];
  return hasClock ? [...table, CURRENT_TIME_SERVICE] : table;
}

/** Services in the advertisement: the kind's own service, battery and device information. */
export function advertisedServices(kind: DeviceKind): readonly string[] {
  return [PRIMARY_SERVICE[kind].uuid, UUID.batteryService, UUID.deviceInfoService];
}
