/**
 * MQTT topic scheme, version 1. Every topic a gateway uses lives under its own subtree so the broker's ACL
 * can be "a gateway may publish only below `openward/v1/gw/{its id}/`". See docs/mqtt.md.
 */
export const TOPIC_ROOT = 'openward/v1' as const;

/** Gateway ids: lowercase letters, digits and dashes, 3–64 chars (safe inside a topic level and a file name). */
export const GATEWAY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/** Patient ids in topics and rooms: opaque, never a name or record number (no PHI in topics). */
export const PATIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const GATEWAY_TOPIC_KINDS = ['readings', 'status', 'config'] as const;
export type GatewayTopicKind = (typeof GATEWAY_TOPIC_KINDS)[number];

export const topics = {
  /** Gateway → broker, QoS 1: one reading per message (payload: {@link ReadingV1}). */
  readings: (gatewayId: string): string => `${TOPIC_ROOT}/gw/${gatewayId}/readings`,
  /** Gateway → broker, retained: online/offline status; the last will sets "offline". */
  status: (gatewayId: string): string => `${TOPIC_ROOT}/gw/${gatewayId}/status`,
  /** Server → gateway, retained: device allow-list and sampling settings. */
  config: (gatewayId: string): string => `${TOPIC_ROOT}/gw/${gatewayId}/config`,
  /** Ingest → internal subscribers: accepted, stored and attributed readings of one patient. */
  liveReadings: (patientId: string): string => `${TOPIC_ROOT}/live/patients/${patientId}/readings`,
  /** Ingest → internal subscribers: accepted readings from devices not assigned to any patient. */
  liveUnassigned: `${TOPIC_ROOT}/live/unassigned/readings`,
  /** Subscription filter for every live feed topic. */
  liveAll: `${TOPIC_ROOT}/live/#`,
  /** Subscription filter for every gateway's readings (internal consumers only). */
  allReadings: `${TOPIC_ROOT}/gw/+/readings`,
} as const;

export interface GatewayTopic {
  gatewayId: string;
  kind: GatewayTopicKind;
}

/** Parses `openward/v1/gw/{gatewayId}/{kind}`; returns null for any other topic. Never throws. */
export function parseGatewayTopic(topic: string): GatewayTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'openward' || parts[1] !== 'v1' || parts[2] !== 'gw') return null;
  const gatewayId = parts[3] ?? '';
  const kind = parts[4] as GatewayTopicKind;
  if (!GATEWAY_ID_PATTERN.test(gatewayId) || !GATEWAY_TOPIC_KINDS.includes(kind)) return null;
  return { gatewayId, kind };
}

/** Parses `openward/v1/live/patients/{patientId}/readings`; returns the patient id or null. */
export function parseLivePatientTopic(topic: string): string | null {
  const parts = topic.split('/');
  if (parts.length !== 6 || parts[0] !== 'openward' || parts[1] !== 'v1' || parts[2] !== 'live') return null;
  if (parts[3] !== 'patients' || parts[5] !== 'readings') return null;
  const id = parts[4] ?? '';
  return PATIENT_ID_PATTERN.test(id) ? id : null;
}
