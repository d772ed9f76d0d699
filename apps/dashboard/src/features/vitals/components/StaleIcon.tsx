/** Warning triangle for stale data; labelled for assistive technology, no text content. */
export function StaleIcon() {
  return (
    <svg
      className="stale-icon"
      role="img"
      aria-label="Warning: stale data"
      viewBox="0 0 16 16"
      width="16"
      height="16"
    >
      <path d="M8 1.5 15 14.5H1z" fill="currentColor" />
      <path d="M8 6v4.2M8 11.7v1.1" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
