import type { SearchObjectKey } from '@corral/shared';
import { ItemValue } from './GeneralTab.js';
import { tabColumns, type TabColumn } from './detailModel.js';

/** A sub-tab's rows as a compact read-only table. */
export function SubTabTable(props: {
  object: SearchObjectKey;
  tab: string;
  rows: readonly Record<string, unknown>[];
}) {
  if (props.rows.length === 0) {
    return <p className="panel-message">Nothing to show.</p>;
  }
  const columns = tabColumns(props.object, props.tab, props.rows);
  return (
    <table className="compact-table" data-testid="details-table">
      <ColumnHeads columns={columns} />
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={typeof row.id === 'string' ? row.id : i} data-testid="details-row">
            <RowCells columns={columns} row={row} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A compact table's head: one column header per column. */
export function ColumnHeads(props: { columns: readonly TabColumn[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th key={c.key} scope="col">
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One row's cells, each value formatted as the General tab formats it. */
export function RowCells(props: { columns: readonly TabColumn[]; row: Record<string, unknown> }) {
  const { row } = props;
  return props.columns.map((c) => (
    <td key={c.key} data-col={c.key}>
      <ItemValue item={{ key: c.key, field: c.field, value: row[c.key] }} />
    </td>
  ));
}
