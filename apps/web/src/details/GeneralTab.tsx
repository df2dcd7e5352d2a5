import type { SearchObjectKey } from '@corral/shared';
import { StatusBadge, SeverityIcon } from '../layout/icons.js';
import { UsageBar } from '../grid/cells.js';
import { formatItem, generalItems, type DetailItem } from './detailModel.js';

export function GeneralTab(props: { object: SearchObjectKey; row: Record<string, unknown> }) {
  const items = generalItems(props.object, props.row);
  return (
    <dl className="general" data-testid="details-general">
      {items.map((item) => (
        <div className="general-item" key={item.key} data-field={item.key}>
          <dt>{item.label}</dt>
          <dd>
            <ItemValue item={item} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ItemValue({ item }: { item: Pick<DetailItem, 'key' | 'field' | 'value'> }) {
  const { key, value, field } = item;
  if (typeof value === 'string' && value && key === 'status') return <StatusBadge status={value} />;
  if (typeof value === 'string' && value && key === 'severity') {
    return (
      <span className="severity-cell">
        <SeverityIcon severity={value} /> {value}
      </span>
    );
  }
  if (field?.unit === '%' && typeof value === 'number') return <UsageBar value={value} />;
  const text = formatItem(item);
  return text === '' ? <span className="muted">—</span> : <>{text}</>;
}
