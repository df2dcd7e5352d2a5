import type { Db } from '../store/index.js';

export interface Context {
  db: Db;
  /** Who is acting; real sessions arrive with the identity issue. */
  userName: string;
}
