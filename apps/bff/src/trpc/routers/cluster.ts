// Cluster commands (New / Edit / Remove Cluster); filled in below.
import { router } from '../trpc.js';

export const clusterRouter = router({});
