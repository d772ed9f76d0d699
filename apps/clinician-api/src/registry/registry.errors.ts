import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the registry feature (admin routes and gateway enrolment). */
export const REGISTRY_ERRORS = {
  GATEWAY_NOT_FOUND: { status: 404, title: 'No such gateway' },
  GATEWAY_EXISTS: { status: 409, title: 'A gateway with this id already exists' },
  GATEWAY_REVOKED: { status: 409, title: 'The gateway is revoked; register a new one' },
  DEVICE_NOT_FOUND: { status: 404, title: 'No such device' },
  DEVICE_EXISTS: { status: 409, title: 'A device with this address is already registered' },
  DEVICE_GATEWAY_NOT_FOUND: { status: 422, title: 'The gateway to register the device with does not exist' },
  DEVICE_ALREADY_ASSIGNED: {
    status: 409,
    title: 'The device is assigned to a patient; unassign or reassign it instead',
  },
  DEVICE_NOT_ASSIGNED: { status: 409, title: 'The device has no current assignment to end' },
  ASSIGNMENT_PATIENT_NOT_FOUND: { status: 422, title: 'The patient to assign the device to does not exist' },
  ASSIGNMENT_PATIENT_INACTIVE: {
    status: 422,
    title: 'The patient to assign the device to is discharged or erased',
  },
  ASSIGNMENT_UNCHANGED: { status: 409, title: 'The device is already assigned to this patient' },
  ASSIGNMENT_CONFLICT: {
    status: 409,
    title: "The new assignment must start after the device's current or last assignment started or ended",
  },
  ENROLLMENT_CODE_INVALID: { status: 401, title: 'Unknown enrolment code' },
  ENROLLMENT_CODE_EXPIRED: { status: 410, title: 'The enrolment code has expired or was replaced' },
  ENROLLMENT_CODE_USED: { status: 410, title: 'The enrolment code was already exchanged' },
  ENROLLMENT_RATE_LIMITED: {
    status: 429,
    title: 'Too many enrolment attempts from this address; retry later',
  },
} as const satisfies ErrorTable;
export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

export class RegistryError extends AppError {
  constructor(code: RegistryErrorCode, detail?: string) {
    super(code, REGISTRY_ERRORS[code], detail);
  }
}
