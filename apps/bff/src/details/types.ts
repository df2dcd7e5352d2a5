import type { Db } from '../store/index.js';

export type Row = Record<string, unknown>;
/** One details sub-tab: the rows it shows for the selected object. */
export type TabQuery = (db: Db, id: string) => Promise<Row[]>;

/** Sub-tabs lists are bounded like a grid page; the full set is a search away. */
export const TAB_LIMIT = 500;
