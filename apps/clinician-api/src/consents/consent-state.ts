import type { ConsentMethod, MonitoringConsent } from '@openward/contracts';

/** The facts of one consent record the state rule needs. */
export interface ConsentFacts {
  readonly id: string;
  readonly version: string;
  readonly method: ConsentMethod;
  readonly givenAt: Date;
  readonly withdrawnAt: Date | null;
}

/**
 * The consent in force for one kind (monitoring): the latest record by `givenAt` (ties: the greater id)
 * decides. Given and not withdrawn → `given`; withdrawn → `withdrawn` (an older, still unwithdrawn version
 * does not revive: withdrawing the current consent withdraws consent); no record → `none`. Pure.
 */
export function consentState(records: readonly ConsentFacts[]): MonitoringConsent {
  let latest: ConsentFacts | undefined;
  for (const r of records) {
    const t = r.givenAt.getTime();
    const lt = latest?.givenAt.getTime() ?? -Infinity;
    if (latest === undefined || t > lt || (t === lt && r.id > latest.id)) latest = r;
  }
  if (latest === undefined) {
    return { state: 'none', consentId: null, version: null, givenAt: null, withdrawnAt: null };
  }
  return {
    state: latest.withdrawnAt === null ? 'given' : 'withdrawn',
    consentId: latest.id,
    version: latest.version,
    givenAt: latest.givenAt.toISOString(),
    withdrawnAt: latest.withdrawnAt?.toISOString() ?? null,
  };
}
