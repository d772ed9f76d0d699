/** Pino numeric levels → short names, for the human-readable console of `npm start`. */
const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v', 'name']);

/**
 * Formats one line of a child's output for the console: pino JSON becomes
 * `HH:MM:SS name  level msg key=value …`; anything else is passed through. Pure.
 */
export function formatLogLine(name: string, line: string, width = 8): string {
  const tag = name.padEnd(width);
  if (!line.startsWith('{')) return `${tag} ${line}`;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${tag} ${line}`;
  }
  const t = o['time'];
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
  const time = Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : '--:--:--';
  const level = typeof o['level'] === 'number' ? (LEVELS[o['level']] ?? String(o['level'])) : 'info';
  const rest = Object.entries(o)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${tag} ${level.padEnd(5)} ${String(o['msg'] ?? '')}${rest ? `  ${rest}` : ''}`;
}
