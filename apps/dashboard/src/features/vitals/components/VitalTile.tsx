import { METRICS } from '@openward/contracts';
import { formatAge } from '../utils/format-age';
import { ageMs, freshnessOf } from '../utils/staleness';
import type { PatientVitals } from '../utils/vitals-state';
import { StaleIcon } from './StaleIcon';

const HR = METRICS['heart-rate'];
const RR = METRICS['rr-interval'];

export interface VitalTileProps {
  vitals: PatientVitals;
  nowMs: number;
  staleAfterMs: number;
}

/**
 * One patient's heart rate. DOM contract (used by the end-to-end test): `data-testid="vital-tile-{id}"`,
 * `data-state="fresh|stale|nodata"`; inside it `hr-value`, `hr-age`, `stale-badge` (stale only), `rr-value`.
 */
export function VitalTile({ vitals, nowMs, staleAfterMs }: VitalTileProps) {
  const { patient, heartRate, subscription } = vitals;
  const state = freshnessOf(heartRate?.measuredAtMs ?? null, nowMs, staleAfterMs);
  const age = heartRate ? formatAge(ageMs(heartRate.measuredAtMs, nowMs)) : null;
  const nameId = `tile-${patient.id}-name`;
  const ageId = `tile-${patient.id}-age`;
  const value = heartRate ? String(Math.round(heartRate.value)) : '—';

  return (
    <article
      className={`tile tile--${state}`}
      data-testid={`vital-tile-${patient.id}`}
      data-state={state}
      data-measured-at={heartRate?.measuredAt}
      tabIndex={0}
      aria-labelledby={nameId}
      aria-describedby={ageId}
    >
      <header className="tile__header">
        <h2 id={nameId} className="tile__name">
          {patient.displayName}
        </h2>
        {state === 'stale' && (
          <p className="badge badge--stale" data-testid="stale-badge">
            <StaleIcon />
            <span>STALE — last reading {age} ago</span>
          </p>
        )}
      </header>
      <p className="tile__metric">{HR.display}</p>
      <p className="tile__reading">
        <span className="tile__value" data-testid="hr-value" data-value={heartRate ? value : undefined}>
          <span className="tile__number">{value}</span>{' '}
          <abbr className="tile__unit" title={`beats per minute (UCUM ${HR.unit})`} data-ucum={HR.unit}>
            {HR.displayUnit}
          </abbr>
        </span>
      </p>
      {heartRate?.rrIntervalMs != null && (
        <p className="tile__rr" data-testid="rr-value">
          {RR.display} {Math.round(heartRate.rrIntervalMs)}{' '}
          <abbr title={`milliseconds (UCUM ${RR.unit})`}>{RR.displayUnit}</abbr>
        </p>
      )}
      <p id={ageId} className="tile__age" data-testid="hr-age">
        {heartRate ? <time dateTime={heartRate.measuredAt}>updated {age} ago</time> : 'No data yet'}
      </p>
      {subscription.status === 'failed' && (
        <p className="tile__note" data-testid="live-unavailable">
          Live updates unavailable ({subscription.code})
        </p>
      )}
    </article>
  );
}
