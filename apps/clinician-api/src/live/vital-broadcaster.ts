import type { VitalEvent } from '@openward/contracts';

/** Room of one patient's live subscribers. */
export const patientRoom = (patientId: string): string => `patient:${patientId}`;

/** Port: pushes a vital event to the dashboards subscribed to its patient. */
export abstract class VitalBroadcaster {
  abstract broadcast(event: VitalEvent): void;
}
