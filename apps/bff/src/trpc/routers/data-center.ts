// Data center commands (New / Edit / Remove Data Center); filled in below.
import { router } from '../trpc.js';

export const dataCenterRouter = router({});
