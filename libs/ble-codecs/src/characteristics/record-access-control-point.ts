/**
 * Record Access Control Point (RACP), UUID 0x2A52, as used by the Glucose Service (GLS v1.0, "Record Access
 * Control Point" characteristic and its RACP procedures; GATT Specification Supplement (GSS) "Record Access
 * Control Point"). Layout:
 *
 *   Op Code (uint8) | Operator (uint8) | Operand (0–N octets, shape set by op code, operator, filter type)
 *
 * Requests (written by the collector/gateway): 1 Report Stored Records, 2 Delete Stored Records,
 * 3 Abort Operation, 4 Report Number of Stored Records. Responses (indicated by the meter): 5 Number of
 * Stored Records Response (operand uint16 count), 6 Response Code (operand: Request Op Code, Response
 * Code Value). Operators: 0 Null, 1 All records, 2 ≤, 3 ≥, 4 Within range of (inclusive), 5 First
 * record (oldest), 6 Last record (most recent). Operators 2–4 carry a Filter Type octet then one value
 * (2, 3) or a minimum and a maximum (4); GLS defines filter type 1 Sequence Number (uint16) and
 * 2 User Facing Time (date time, 7 octets).
 *
 * Decoding is strict: the GLS RACP procedures have the meter answer "Invalid Operator" / "Invalid Operand" for a request
 * whose operator or operand does not fit the op code, so a value of the wrong shape is an error here
 * rather than a value with the extra octets ignored.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecError, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import { decodeCoded, encodeCoded, type Coded } from './coded-enum.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';

export const RECORD_ACCESS_CONTROL_POINT_UUID16 = '2A52';

/** Op Code field (GSS RACP; GLS v1.0 RACP op codes); 0 and 7–255 are RFU for the Glucose Service. */
export const RACP_OP_CODE = {
  'report-stored-records': 1,
  'delete-stored-records': 2,
  'abort-operation': 3,
  'report-number-of-stored-records': 4,
  'number-of-stored-records-response': 5,
  'response-code': 6,
} as const;
export type RacpOpCode = keyof typeof RACP_OP_CODE;

/** Operator field; 7–255 are RFU. */
export const RACP_OPERATOR = {
  null: 0,
  'all-records': 1,
  'less-than-or-equal-to': 2,
  'greater-than-or-equal-to': 3,
  'within-range-of': 4,
  'first-record': 5,
  'last-record': 6,
} as const;
export type RacpOperator = keyof typeof RACP_OPERATOR;

/** Filter Type octet of the operand (GLS v1.0); 0 and 3–255 are RFU. */
export const RACP_FILTER_TYPE = { 'sequence-number': 1, 'user-facing-time': 2 } as const;
export type RacpFilterType = keyof typeof RACP_FILTER_TYPE;

/** Response Code Value of a Response Code (op code 6); 0 and 10–255 are RFU. */
export const RACP_RESPONSE_CODE = {
  success: 1,
  'op-code-not-supported': 2,
  'invalid-operator': 3,
  'operator-not-supported': 4,
  'invalid-operand': 5,
  'no-records-found': 6,
  'abort-unsuccessful': 7,
  'procedure-not-completed': 8,
  'operand-not-supported': 9,
} as const;
/** A response code: its name, or the raw number of an RFU code (a newer meter's code is not lost). */
export type RacpResponseCode = Coded<typeof RACP_RESPONSE_CODE>;

/** One filter value (operators ≤ and ≥). */
export type RacpFilter =
  | { filterType: 'sequence-number'; value: number }
  | { filterType: 'user-facing-time'; value: DateTimeFields };

/** A filter range, inclusive at both ends (operator "within range of"). */
export type RacpFilterRange =
  | { filterType: 'sequence-number'; minimum: number; maximum: number }
  | { filterType: 'user-facing-time'; minimum: DateTimeFields; maximum: DateTimeFields };

/** Which records a report / delete / count request applies to. */
export type RacpRecordSelection =
  | { operator: 'all-records' | 'first-record' | 'last-record' }
  | { operator: 'less-than-or-equal-to' | 'greater-than-or-equal-to'; filter: RacpFilter }
  | { operator: 'within-range-of'; filter: RacpFilterRange };

/** A request written by the collector (gateway). */
export type RacpRequest =
  | ({
      opCode: 'report-stored-records' | 'delete-stored-records' | 'report-number-of-stored-records';
    } & RacpRecordSelection)
  | { opCode: 'abort-operation'; operator: 'null' };

/** A response indicated by the meter. */
export type RacpResponse =
  | { opCode: 'number-of-stored-records-response'; operator: 'null'; numberOfRecords: number }
  | {
      opCode: 'response-code';
      operator: 'null';
      /** The op code being answered; a raw number when the request used an RFU op code. */
      requestOpCode: Coded<typeof RACP_OP_CODE>;
      responseCode: RacpResponseCode;
    };

/** A decoded RACP value: a discriminated union on `opCode`. */
export type RecordAccessControlPoint = RacpRequest | RacpResponse;

const SELECTION_OP_CODES: ReadonlySet<string> = new Set([
  'report-stored-records',
  'delete-stored-records',
  'report-number-of-stored-records',
]);

function err(code: CodecError['code'], why: string): CodecError {
  return fail(code, `0x2A52: ${why}`);
}

/** Reads one filter value of the given type. */
function readFilterValue(r: ByteReader, type: RacpFilterType): CodecResult<number | DateTimeFields> {
  if (type === 'user-facing-time') return decodeDateTimeFields(r, '0x2A52 User Facing Time operand');
  const v = r.uint16();
  return v === undefined ? err(CODEC_ERROR.TRUNCATED, 'Sequence Number operand (uint16) cut short') : ok(v);
}

/** Reads the operand of operators 2–4: Filter Type, then one value or minimum + maximum. */
function readSelection(r: ByteReader, operator: RacpOperator): CodecResult<RacpRecordSelection> {
  if (operator === 'all-records' || operator === 'first-record' || operator === 'last-record') {
    return ok({ operator });
  }
  if (operator === 'null') return err(CODEC_ERROR.OUT_OF_RANGE, 'operator Null is invalid for this op code');
  const rawType = r.uint8();
  if (rawType === undefined) return err(CODEC_ERROR.TRUNCATED, `operator ${operator} needs a Filter Type`);
  const filterType = decodeCoded(RACP_FILTER_TYPE, rawType);
  if (typeof filterType === 'number') return err(CODEC_ERROR.OUT_OF_RANGE, `Filter Type ${rawType} is RFU`);
  const first = readFilterValue(r, filterType);
  if (!first.ok) return first;
  if (operator !== 'within-range-of') {
    return ok({ operator, filter: { filterType, value: first.value } as RacpFilter });
  }
  const second = readFilterValue(r, filterType);
  if (!second.ok) return second;
  return ok({
    operator,
    filter: { filterType, minimum: first.value, maximum: second.value } as RacpFilterRange,
  });
}

/**
 * Decodes an RACP value (request or response). Total: never throws.
 *
 * Error decisions (the meter maps them onto its Response Code Value):
 * - fewer than two octets, or an operand cut short → `TRUNCATED`;
 * - RFU op code, RFU operator, an operator the op code does not take (Null with a report, anything
 *   but Null with abort or a response), or an RFU filter type → `OUT_OF_RANGE`;
 * - octets after the operand the op code/operator/filter type define → `MALFORMED`;
 * - an RFU Response Code Value or Request Op Code inside a Response Code is kept as its raw number.
 */
export function decodeRecordAccessControlPoint(bytes: Uint8Array): CodecResult<RecordAccessControlPoint> {
  const r = new ByteReader(bytes);
  const rawOp = r.uint8();
  const rawOperator = r.uint8();
  if (rawOp === undefined || rawOperator === undefined) {
    return err(CODEC_ERROR.TRUNCATED, 'Op Code and Operator need two octets');
  }
  const opCode = decodeCoded(RACP_OP_CODE, rawOp);
  if (typeof opCode === 'number') return err(CODEC_ERROR.OUT_OF_RANGE, `Op Code ${rawOp} is RFU`);
  const operator = decodeCoded(RACP_OPERATOR, rawOperator);
  if (typeof operator === 'number') return err(CODEC_ERROR.OUT_OF_RANGE, `Operator ${rawOperator} is RFU`);

  let value: RecordAccessControlPoint;
  if (SELECTION_OP_CODES.has(opCode)) {
    const sel = readSelection(r, operator);
    if (!sel.ok) return sel;
    value = { opCode, ...sel.value } as RecordAccessControlPoint;
  } else if (operator !== 'null') {
    // Abort Operation and both responses take the Null operator only.
    return err(CODEC_ERROR.OUT_OF_RANGE, `op code ${opCode} takes the Null operator, not ${operator}`);
  } else if (opCode === 'abort-operation') {
    value = { opCode, operator };
  } else if (opCode === 'number-of-stored-records-response') {
    const numberOfRecords = r.uint16();
    if (numberOfRecords === undefined)
      return err(CODEC_ERROR.TRUNCATED, 'Number of Records (uint16) cut short');
    value = { opCode, operator, numberOfRecords };
  } else {
    const requestOp = r.uint8();
    const response = r.uint8();
    if (requestOp === undefined || response === undefined) {
      return err(
        CODEC_ERROR.TRUNCATED,
        'Response Code operand needs Request Op Code and Response Code Value',
      );
    }
    value = {
      opCode: 'response-code',
      operator,
      requestOpCode: decodeCoded(RACP_OP_CODE, requestOp),
      responseCode: decodeCoded(RACP_RESPONSE_CODE, response),
    };
  }
  if (r.remaining > 0) {
    return err(CODEC_ERROR.MALFORMED, `${r.remaining} octet(s) after the operand of ${opCode} / ${operator}`);
  }
  return ok(value);
}

function writeFilterValue(
  w: ByteWriter,
  type: RacpFilterType,
  v: number | DateTimeFields,
): CodecError | undefined {
  if (type === 'user-facing-time') {
    if (typeof v !== 'object')
      return err(CODEC_ERROR.OUT_OF_RANGE, 'User Facing Time operand is not a date time');
    const bytes = encodeDateTimeFields(v, '0x2A52 User Facing Time operand');
    if (!bytes.ok) return bytes;
    w.raw(bytes.value);
    return undefined;
  }
  if (!isIntIn(v, 0, 0xffff))
    return err(CODEC_ERROR.OUT_OF_RANGE, `sequence number ${String(v)} is not a uint16`);
  w.uint16(v);
  return undefined;
}

function writeSelection(w: ByteWriter, sel: RacpRecordSelection): CodecError | undefined {
  if (sel.operator === 'all-records' || sel.operator === 'first-record' || sel.operator === 'last-record') {
    return undefined; // GLS RACP: these operators take no operand.
  }
  const filter = (sel as { filter?: RacpFilter | RacpFilterRange }).filter;
  const type = filter === undefined ? undefined : encodeCoded(RACP_FILTER_TYPE, filter.filterType, 0xff);
  if (filter === undefined || type === undefined || typeof filter.filterType !== 'string') {
    return err(CODEC_ERROR.OUT_OF_RANGE, `operator ${sel.operator} needs a filter with a defined filterType`);
  }
  w.uint8(type);
  const t = filter.filterType;
  if (sel.operator === 'within-range-of') {
    const range = filter as RacpFilterRange;
    return writeFilterValue(w, t, range.minimum) ?? writeFilterValue(w, t, range.maximum);
  }
  return writeFilterValue(w, t, (filter as RacpFilter).value);
}

/**
 * Encodes an RACP request (gateway side) or response (meter side). Total: an undefined op code,
 * operator, filter type or code, or an operand out of range → `OUT_OF_RANGE`.
 */
export function encodeRecordAccessControlPoint(value: RecordAccessControlPoint): CodecResult<Uint8Array> {
  const op = encodeCoded(RACP_OP_CODE, value.opCode, 0xff);
  const operator = encodeCoded(RACP_OPERATOR, value.operator, 0xff);
  if (op === undefined || typeof value.opCode !== 'string') {
    return err(CODEC_ERROR.OUT_OF_RANGE, `opCode ${String(value.opCode)} is not defined`);
  }
  if (operator === undefined || typeof value.operator !== 'string') {
    return err(CODEC_ERROR.OUT_OF_RANGE, `operator ${String(value.operator)} is not defined`);
  }
  const selection = SELECTION_OP_CODES.has(value.opCode);
  if (selection === (value.operator === 'null')) {
    return err(CODEC_ERROR.OUT_OF_RANGE, `operator ${value.operator} does not fit op code ${value.opCode}`);
  }
  const w = new ByteWriter().uint8(op).uint8(operator);
  switch (value.opCode) {
    case 'abort-operation':
      break;
    case 'number-of-stored-records-response':
      if (!isIntIn(value.numberOfRecords, 0, 0xffff)) {
        return err(
          CODEC_ERROR.OUT_OF_RANGE,
          `numberOfRecords ${String(value.numberOfRecords)} is not a uint16`,
        );
      }
      w.uint16(value.numberOfRecords);
      break;
    case 'response-code': {
      const requestOp = encodeCoded(RACP_OP_CODE, value.requestOpCode, 0xff);
      const code = encodeCoded(RACP_RESPONSE_CODE, value.responseCode, 0xff);
      if (requestOp === undefined) {
        return err(
          CODEC_ERROR.OUT_OF_RANGE,
          `requestOpCode ${String(value.requestOpCode)} is not an op code`,
        );
      }
      if (code === undefined) {
        return err(
          CODEC_ERROR.OUT_OF_RANGE,
          `responseCode ${String(value.responseCode)} is not a response code`,
        );
      }
      w.uint8(requestOp).uint8(code);
      break;
    }
    default: {
      const problem = writeSelection(w, value);
      if (problem) return problem;
    }
  }
  return ok(w.toBytes());
}

/** Registry entry for 0x2A52. */
export const recordAccessControlPointCodec: CharacteristicCodec<RecordAccessControlPoint> = {
  uuid16: RECORD_ACCESS_CONTROL_POINT_UUID16,
  name: 'Record Access Control Point',
  decode: decodeRecordAccessControlPoint,
  encode: encodeRecordAccessControlPoint,
};
