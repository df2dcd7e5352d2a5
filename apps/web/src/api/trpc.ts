// The portal's only channel to the BFF. The router's type is imported, never its code:
// the browser bundle stays free of server modules.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../bff/src/trpc/router.js';
import { isUnauthorized } from '../auth/authModel.js';
import { apiFetch, goToLogin } from '../auth/session.js';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      // Subscriptions (the change feed) stream over server-sent events; everything else
      // is batched into as few requests as possible. The feed is a GET with the session
      // cookie (an EventSource sends this site's cookies and no headers); the batches
      // go through apiFetch: the CSRF header on every request, and a 401 (the session
      // expired) sends the browser to /login.
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc' }),
        false: httpBatchLink({ url: '/trpc', fetch: apiFetch }),
      }),
    ],
  });
}

export function createQueryClient() {
  // apiFetch already leaves on a 401; an error that says UNAUTHORIZED another way (a
  // link that does not go through it) ends the same.
  const onError = (err: unknown) => {
    if (isUnauthorized(err)) goToLogin();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Inventory changes under the user's eyes; a short freshness window avoids
        // refetch storms when panels mount together without showing stale state for long.
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => count < 2 && !isClientMistake(err),
      },
    },
  });
}

/** 4xx answers will not get better by asking again. */
function isClientMistake(err: unknown): boolean {
  const status = (err as { data?: { httpStatus?: unknown } } | null)?.data?.httpStatus;
  return typeof status === 'number' && status >= 400 && status < 500;
}
