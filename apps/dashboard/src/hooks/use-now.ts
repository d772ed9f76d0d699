import { useEffect, useState } from 'react';

/** Current time in epoch ms, re-read every `intervalMs` so relative ages ("5 s ago") keep counting. */
export function useNow(now: () => number, intervalMs = 1000): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    setValue(now());
    const id = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return value;
}
