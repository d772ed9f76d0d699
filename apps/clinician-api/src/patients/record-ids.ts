import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Port: new opaque ids for records (patients, notes, consents, grants), so services stay free of crypto. */
export abstract class RecordIds {
  /** `<prefix>-<random>`, e.g. `n-3f0c…`; matches contracts' PATIENT_ID_PATTERN for the `p` prefix. */
  abstract next(prefix: 'p' | 'n' | 'c' | 'bg' | 'team'): string;
}

/** Random UUIDs (122 random bits). */
@Injectable()
export class RandomRecordIds extends RecordIds {
  next(prefix: 'p' | 'n' | 'c' | 'bg' | 'team'): string {
    return `${prefix}-${randomUUID()}`;
  }
}
