/**
 * The demo world shared by `npm start`, the API's demo seed and the end-to-end tests: one simulated home
 * gateway with heart-rate straps, each assigned to a patient, and staff in two care teams. Ids are opaque;
 * names are fictitious.
 */
export interface DemoDevice {
  address: string;
  kind: 'heart-rate-strap';
  localName: string;
  patientId: string;
  /** Resting heart rate the simulator centres on (bpm). */
  baselineBpm: number;
}

export const DEMO_GATEWAY_ID = 'gw-demo-home-1';

export const DEMO_CARE_TEAMS = [
  { id: 'team-north', name: 'North community team' },
  { id: 'team-south', name: 'South community team' },
] as const;

export const DEMO_PATIENTS = [
  { id: 'p-1001', displayName: 'Ada Example', careTeamId: 'team-north' },
  { id: 'p-1002', displayName: 'Ben Sample', careTeamId: 'team-north' },
  { id: 'p-1003', displayName: 'Cleo Placeholder', careTeamId: 'team-south' },
] as const;

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

/** Assignment start for demo devices: far enough back that every simulated reading is attributed. */
export const DEMO_ASSIGNED_FROM = '2020-01-01T00:00:00.000Z';
