// Storage domain commands (New Domain, attach, detach, activate, maintenance, remove).
import { router } from '../trpc.js';

export const storageDomainRouter = router({});
