import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider, createApiClient, createQueryClient } from './api/trpc.js';
import { AdminPortal } from './layout/AdminPortal.js';
import { ConsolePage } from './console/ConsolePage.js';
import { parseConsoleRoute } from './console/consoleRoute.js';
import { ToastProvider } from './layout/Toasts.js';
import { JobTrackerProvider } from './jobs/JobTracker.js';
import { LiveFeedProvider } from './live/LiveFeed.js';
import './styles/base.css';
import './styles/portal.css';

function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  // A console opens in its own window at /console/<vmId>; everything else is the portal.
  const [consoleRoute] = useState(() =>
    parseConsoleRoute(window.location.pathname, window.location.search),
  );
  if (consoleRoute) {
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ConsolePage route={consoleRoute} />
        </TRPCProvider>
      </QueryClientProvider>
    );
  }
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <ToastProvider>
          <LiveFeedProvider>
            <JobTrackerProvider>
              <AdminPortal />
            </JobTrackerProvider>
          </LiveFeedProvider>
        </ToastProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
