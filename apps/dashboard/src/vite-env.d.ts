/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the clinician API when the dashboard is not served by it (default: same origin). */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
