import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ConfigError } from './app/ConfigError';
import { createBrowserServices } from './app/services';
import { parseAppConfig } from './config/app-config';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Configuration is parsed exactly once, here.
const result = parseAppConfig({
  search: window.location.search,
  apiBaseUrl: import.meta.env.VITE_API_BASE_URL,
});

createRoot(container).render(
  <StrictMode>
    {result.ok ? (
      <App services={createBrowserServices(result.config)} />
    ) : (
      <ConfigError problem={result.problem} />
    )}
  </StrictMode>,
);
