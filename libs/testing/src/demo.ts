/**
 * The demo world shared by `npm start`, the API's demo seed and the end-to-end tests: one simulated home
 * gateway with a full kit (heart-rate straps, oximeter, BP cuff, thermometer, glucose meter, scales), each
 * device assigned to a patient, and staff in two care teams. Ids are opaque;
 * names are fictitious.
 */
export interface DemoDevice {
  address: string;
  /** One of contracts' DEVICE_KINDS. */
  kind:
    | 'heart-rate-strap'
    | 'pulse-oximeter'
    | 'blood-pressure-cuff'
    | 'thermometer'
    | 'glucose-meter'
    | 'weight-scale'
    | 'body-composition-scale';
  localName: string;
  patientId: string;
  /** Resting heart rate the simulator centres on (bpm). */
  baselineBpm?: number;
  /** firmware-sim scenario (stable, hypoxia-episode, hypertensive-crisis, fever, …). */
  scenario?: string;
  /** Spot devices: how often the simulated patient measures, in seconds (demo-friendly, not clinical). */
  measureIntervalSeconds?: number;
}

export const DEMO_GATEWAY_ID = 'gw-demo-home-1';

export const DEMO_CARE_TEAMS = [
  { id: 'team-north', name: 'North community team' },
  { id: 'team-south', name: 'South community team' },
] as const;

/** Demo patients with fictitious demographics (FHIR administrative gender; MRN = the hospital's record number). */
export const DEMO_PATIENTS = [
  {
    id: 'p-1001',
    displayName: 'Ada Example',
    careTeamId: 'team-north',
    givenName: 'Ada',
    familyName: 'Example',
    birthDate: '1948-03-14',
    gender: 'female',
    mrn: 'OW-0001001',
  },
  {
    id: 'p-1002',
    displayName: 'Ben Sample',
    careTeamId: 'team-north',
    givenName: 'Ben',
    familyName: 'Sample',
    birthDate: '1952-11-02',
    gender: 'male',
    mrn: 'OW-0001002',
  },
  {
    id: 'p-1003',
    displayName: 'Cleo Placeholder',
    careTeamId: 'team-south',
    givenName: 'Cleo',
    familyName: 'Placeholder',
    birthDate: '1961-07-23',
    gender: 'female',
    mrn: 'OW-0001003',
  },
] as const;

/** The monitoring consent every demo patient signed on paper before enrolment (one record each). */
export const DEMO_MONITORING_CONSENT = {
  version: '2019-12',
  language: 'en-GB',
  method: 'paper',
  givenAt: '2019-12-20T10:00:00.000Z',
} as const;

export const DEMO_DEVICES: readonly DemoDevice[] = [
  {
    address: 'c0:ff:ee:00:10:01',
    kind: 'heart-rate-strap',
    localName: 'OW-HRM 1001',
    patientId: 'p-1001',
    baselineBpm: 72,
  },
  {
    address: 'c0:ff:ee:00:10:02',
    kind: 'heart-rate-strap',
    localName: 'OW-HRM 1002',
    patientId: 'p-1002',
    baselineBpm: 64,
  },
  {
    address: 'c0:ff:ee:00:10:03',
    kind: 'heart-rate-strap',
    localName: 'OW-HRM 1003',
    patientId: 'p-1003',
    baselineBpm: 88,
  },
  // The rest of a home kit, so `npm start` exercises every BLE health profile end to end.
  {
    address: 'c0:ff:ee:00:10:04',
    kind: 'pulse-oximeter',
    localName: 'OW-PLX 1004',
    patientId: 'p-1001',
    measureIntervalSeconds: 600,
  },
  {
    address: 'c0:ff:ee:00:10:05',
    kind: 'blood-pressure-cuff',
    localName: 'OW-BPM 1005',
    patientId: 'p-1001',
    measureIntervalSeconds: 300,
  },
  {
    address: 'c0:ff:ee:00:10:06',
    kind: 'thermometer',
    localName: 'OW-THM 1006',
    patientId: 'p-1002',
    scenario: 'fever',
    measureIntervalSeconds: 600,
  },
  {
    address: 'c0:ff:ee:00:10:07',
    kind: 'glucose-meter',
    localName: 'OW-GLU 1007',
    patientId: 'p-1003',
    measureIntervalSeconds: 900,
  },
  {
    address: 'c0:ff:ee:00:10:08',
    kind: 'weight-scale',
    localName: 'OW-WSC 1008',
    patientId: 'p-1002',
    scenario: 'heart-failure-weight-gain',
    measureIntervalSeconds: 1800,
  },
  {
    address: 'c0:ff:ee:00:10:09',
    kind: 'body-composition-scale',
    localName: 'OW-BCS 1009',
    patientId: 'p-1003',
    measureIntervalSeconds: 1800,
  },
];

/** Demo staff; passwords are for the local demo only and are printed by `npm start`. */
export const DEMO_STAFF = [
  {
    id: 'u-nurse',
    username: 'nurse',
    password: 'nurse-demo-pass',
    displayName: 'Nina Nurse',
    role: 'nurse',
    careTeamIds: ['team-north'],
  },
  {
    id: 'u-clinician',
    username: 'clinician',
    password: 'clinician-demo-pass',
    displayName: 'Dr Carl Clinician',
    role: 'clinician',
    careTeamIds: ['team-north', 'team-south'],
  },
  {
    id: 'u-admin',
    username: 'admin',
    password: 'admin-demo-pass',
    displayName: 'Ada Admin',
    role: 'admin',
    careTeamIds: [],
  },
] as const;

/**
 * Demo patient accounts (role `patient`: they see only their own record). Passwords pass the API's password
 * policy; they are for the local demo only and are printed by `npm start`.
 */
export const DEMO_PATIENT_USERS = [
  {
    id: 'u-patient-1001',
    username: 'patient',
    password: 'home-monitor-1001',
    displayName: 'Ada Example',
    role: 'patient',
    patientId: 'p-1001',
  },
] as const;

/** Assignment start for demo devices: far enough back that every simulated reading is attributed. */
export const DEMO_ASSIGNED_FROM = '2020-01-01T00:00:00.000Z';
