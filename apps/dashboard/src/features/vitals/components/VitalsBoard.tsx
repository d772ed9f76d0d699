import { useEffect, useMemo, useRef, useState } from 'react';
import { useNow } from '../../../hooks/use-now';
import { useServices } from '../../../lib/services';
import { useLiveVitals } from '../hooks/use-live-vitals';
import { formatAge } from '../utils/format-age';
import { ageMs, freshnessOf, staleTransitions, type Freshness } from '../utils/staleness';
import { ConnectionBanner } from './ConnectionBanner';
import { VitalTile } from './VitalTile';
import type { PatientVitals } from '../utils/vitals-state';

export interface VitalsBoardProps {
  token: string;
  /** Called when the API rejects the token; the app signs the user out. */
  onUnauthorized(): void;
}

/** Grid of live heart-rate tiles for the signed-in user's patients. */
export function VitalsBoard({ token, onUnauthorized }: VitalsBoardProps) {
  const { config, now } = useServices();
  const { state, retry } = useLiveVitals(token, onUnauthorized);
  const nowMs = useNow(now);

  const freshness = useMemo(
    () =>
      new Map<string, Freshness>(
        state.patients.map((p) => [
          p.patient.id,
          freshnessOf(p.heartRate?.measuredAtMs ?? null, nowMs, config.staleAfterMs),
        ]),
      ),
    [state.patients, nowMs, config.staleAfterMs],
  );
  const announcement = useStaleAnnouncement(freshness, state.patients, nowMs);

  return (
    <section className="board" aria-labelledby="board-title">
      <div className="board__bar">
        <h1 id="board-title" className="board__title">
          Heart rate
        </h1>
        <ConnectionBanner status={state.connection} />
      </div>
      {/* Only stale/recovered transitions are announced: per-second value updates would be far too chatty. */}
      <div className="visually-hidden" aria-live="polite" data-testid="stale-announcer">
        {announcement}
      </div>
      {state.load === 'loading' && <p className="board__message">Loading patients…</p>}
      {state.load === 'failed' && (
        <div className="board__message" role="alert">
          <p>Could not load patients: {state.loadError}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {state.load === 'ready' && state.patients.length === 0 && (
        <p className="board__message">No patients in your care teams.</p>
      )}
      {state.patients.length > 0 && (
        <div className="board__grid">
          {state.patients.map((p) => (
            <VitalTile key={p.patient.id} vitals={p} nowMs={nowMs} staleAfterMs={config.staleAfterMs} />
          ))}
        </div>
      )}
    </section>
  );
}

/** Text for the polite live region, updated only when a tile goes stale or recovers. */
function useStaleAnnouncement(
  freshness: ReadonlyMap<string, Freshness>,
  patients: readonly PatientVitals[],
  nowMs: number,
): string {
  const previous = useRef<ReadonlyMap<string, Freshness>>(new Map());
  const [text, setText] = useState('');

  useEffect(() => {
    const changes = staleTransitions(previous.current, freshness);
    previous.current = freshness;
    if (changes.length === 0) return;
    const parts = changes.flatMap((c) => {
      const p = patients.find((x) => x.patient.id === c.id);
      if (!p) return [];
      if (c.to === 'fresh') return [`${p.patient.displayName}: heart rate live again.`];
      const age = p.heartRate ? formatAge(ageMs(p.heartRate.measuredAtMs, nowMs)) : 'unknown';
      return [`${p.patient.displayName}: heart rate stale, last reading ${age} ago.`];
    });
    setText(parts.join(' '));
  }, [freshness, patients, nowMs]);

  return text;
}
