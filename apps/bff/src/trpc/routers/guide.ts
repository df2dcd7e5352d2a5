// Guide Me: what a data center or cluster has configured and what is still missing.
import { router } from '../trpc.js';

export const guideRouter = router({});
