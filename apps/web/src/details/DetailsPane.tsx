// The details of the selected row: oVirt's sub-tabs. General is the object's own
// fields; every other tab is a sub-collection fetched from the object's router.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DETAIL_TABS, SEARCH_OBJECTS, type SearchObjectKey } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { fetchDetail, fetchEntityTab, isEntityObject } from '../api/objectApi.js';
import { useTRPCClient } from '../api/trpc.js';
import { StatsCharts } from '../charts/StatsCharts.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { Icon, StatusIcon } from '../layout/icons.js';
import { isVolumeSubTab, VolumeSubTab } from '../gluster/VolumeSubTabs.js';
import { PermissionsTab } from '../permissions/PermissionsTab.js';
import { GeneralTab } from './GeneralTab.js';
import { SubTabTable } from './SubTabTable.js';
import { objectTitle } from './detailModel.js';

export function DetailsPane(props: {
  object: SearchObjectKey;
  id: string;
  /** The grid's row for the object, shown at once while the full record loads. */
  row: Record<string, unknown> | null;
  tab: string;
  onTab: (tab: string) => void;
  onClose: () => void;
}) {
  const { object, id, tab } = props;
  const client = useTRPCClient();
  const entity = isEntityObject(object) ? object : null;
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['details', object, id],
    queryFn: () => fetchDetail(client, object, id),
  });
  // The feed says when this object changed: General and the open sub-tab are re-read.
  useLiveChanges(({ changes, resync }) => {
    if (resync || touches(changes, object, id)) {
      void queryClient.invalidateQueries({ queryKey: ['details', object, id] });
    }
  });
  const row = detail.data ?? props.row;
  const tabs = DETAIL_TABS[object];
  const status = row && typeof row.status === 'string' ? row.status : null;

  return (
    <section className="details" data-testid="details" aria-label="Details">
      <header className="details-header">
        {status && <StatusIcon status={status} />}
        <h2 className="details-title">{row ? objectTitle(object, row) : id}</h2>
        <span className="details-kind">{SEARCH_OBJECTS[object].label}</span>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          data-testid="details-close"
          onClick={props.onClose}
        >
          <Icon name="close" size={12} />
        </button>
      </header>
      <div className="subtabs" role="tablist" aria-label="Details tabs">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={t.key === tab}
            className={`subtab${t.key === tab ? ' is-active' : ''}`}
            data-testid={`details-tab-${t.key}`}
            onClick={() => props.onTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="details-body" role="tabpanel">
        {tab === 'general' ? (
          detail.isError && !row ? (
            <p className="panel-message is-error">{errorMessage(detail.error)}</p>
          ) : row ? (
            <>
              {(object === 'vm' || object === 'host') && <StatsCharts object={object} id={id} />}
              <GeneralTab object={object} row={row} />
            </>
          ) : (
            <p className="panel-message">Loading…</p>
          )
        ) : object === 'volume' && isVolumeSubTab(tab) ? (
          <VolumeSubTab key={`${id}:${tab}`} id={id} tab={tab} />
        ) : entity && tab === 'permissions' ? (
          <PermissionsTab
            key={`${object}:${id}`}
            object={entity}
            id={id}
            name={row ? objectTitle(object, row) : id}
          />
        ) : entity ? (
          <SubTab
            key={`${object}:${id}:${tab}`}
            load={() => fetchEntityTab(client, entity, id, tab)}
            queryKey={['details', object, id, tab]}
            object={object}
            tab={tab}
          />
        ) : null}
      </div>
    </section>
  );
}

function SubTab(props: {
  load: () => Promise<readonly Record<string, unknown>[]>;
  queryKey: readonly unknown[];
  object: SearchObjectKey;
  tab: string;
}) {
  const rows = useQuery({ queryKey: props.queryKey, queryFn: props.load });
  if (rows.isError) return <p className="panel-message is-error">{errorMessage(rows.error)}</p>;
  if (!rows.data) return <p className="panel-message">Loading…</p>;
  return <SubTabTable object={props.object} tab={props.tab} rows={rows.data} />;
}
