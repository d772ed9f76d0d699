import { Injectable, type PipeTransform } from '@nestjs/common';
import { PATIENT_ID_PATTERN } from '@openward/contracts';
import { PatientError } from './patients.errors.js';

/** Rejects ids that cannot exist (contracts pattern) as not found, before any lookup. */
@Injectable()
export class PatientIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PATIENT_ID_PATTERN.test(value)) throw new PatientError('PATIENT_NOT_FOUND');
    return value;
  }
}
