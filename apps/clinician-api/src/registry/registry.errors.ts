import { AppError, type ErrorTable } from '../common/app-error.js';

/** Error codes of the registry feature (admin routes). */
export const REGISTRY_ERRORS = {
  GATEWAY_NOT_FOUND: { status: 404, title: 'No such gateway' },
  DEVICE_NOT_FOUND: { status: 404, title: 'No such device' },
  ASSIGNMENT_PATIENT_NOT_FOUND: { status: 422, title: 'The patient to assign the device to does not exist' },
  ASSIGNMENT_UNCHANGED: { status: 409, title: 'The device is already assigned to this patient' },
  ASSIGNMENT_CONFLICT: {
    status: 409,
    title: "The new assignment must start after the device's current or last assignment started or ended",
  },
} as const satisfies ErrorTable;
export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

export class RegistryError extends AppError {
  constructor(code: RegistryErrorCode, detail?: string) {
    super(code, REGISTRY_ERRORS[code], detail);
  }
}
