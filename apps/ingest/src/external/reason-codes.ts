import type { RejectCode } from '@openward/contracts';

/**
 * MQTT 5 PUBACK reason codes ingest sends to the external broker (MQTT 5.0 §3.4.2.1). Only codes MQTT.js
 * 5.16 accepts from a `customHandleAcks` callback are listed (its `validReasonCodes`).
 *
 * Any PUBACK, whatever its code, ends the QoS 1 flow: the broker discards the message. A code ≥ 0x80 is
 * therefore only used for a message that is already dead-lettered durably; a message whose write failed gets
 * no PUBACK at all (DESIGN.md §10.1).
 */
export const PUBACK = {
  SUCCESS: 0x00,
  UNSPECIFIED_ERROR: 0x80,
  NOT_AUTHORIZED: 0x87,
  TOPIC_NAME_INVALID: 0x90,
  PAYLOAD_FORMAT_INVALID: 0x99,
} as const;
export type PubackCode = (typeof PUBACK)[keyof typeof PUBACK];

/** The PUBACK code for a dead-lettered reading. Pure. */
export function rejectReasonCode(code: RejectCode): PubackCode {
  switch (code) {
    case 'OVERSIZE':
    case 'NOT_UTF8_JSON':
    case 'SCHEMA':
    case 'OUT_OF_RANGE': // a value outside PHYSIOLOGICAL_RANGES: the payload breaks the reading format's bounds
      return PUBACK.PAYLOAD_FORMAT_INVALID;
    case 'GATEWAY_MISMATCH':
    case 'UNKNOWN_DEVICE':
      return PUBACK.NOT_AUTHORIZED;
    case 'FUTURE_TIMESTAMP':
      return PUBACK.UNSPECIFIED_ERROR;
  }
}
