import { StrictMode, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider, createApiClient, createQueryClient } from './api/trpc.js';
import { LoginPage } from './auth/LoginPage.js';
import { SessionProvider } from './auth/SessionProvider.js';
import { routeOf } from './auth/authModel.js';
import { AdminPortal } from './layout/AdminPortal.js';
import { ConsolePage } from './console/ConsolePage.js';
import { parseConsoleRoute } from './console/consoleRoute.js';
import { ToastProvider } from './layout/Toasts.js';
import { JobTrackerProvider } from './jobs/JobTracker.js';
import { LiveFeedProvider } from './live/LiveFeed.js';
import { UserPortal } from './portal/UserPortal.js';
import './styles/base.css';
import './styles/portal.css';

/** The BFF's client and the query cache, for a page of a signed-in user. */
function Api({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

// Pages are whole loads: /login, the user portal (/portal), a console in its own window
// (/console/<vmId>), everything else the admin portal. Every page but /login waits for
// the session (SessionProvider), which also sends a user who is not an administrator
// from the admin portal to /portal.
function App() {
  const [route] = useState(() => routeOf(window.location.pathname));
  const [consoleRoute] = useState(() =>
    parseConsoleRoute(window.location.pathname, window.location.search),
  );
  if (route === 'login') return <LoginPage />;
  if (route === 'console' && consoleRoute) {
    return (
      <SessionProvider>
        <Api>
          <ConsolePage route={consoleRoute} />
        </Api>
      </SessionProvider>
    );
  }
  if (route === 'portal') {
    return (
      <SessionProvider>
        <Api>
          <ToastProvider>
            <LiveFeedProvider>
              <UserPortal />
            </LiveFeedProvider>
          </ToastProvider>
        </Api>
      </SessionProvider>
    );
  }
  return (
    <SessionProvider>
      <Api>
        <ToastProvider>
          <LiveFeedProvider>
            <JobTrackerProvider>
              <AdminPortal />
            </JobTrackerProvider>
          </LiveFeedProvider>
        </ToastProvider>
      </Api>
    </SessionProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
