// The Storage Domain select's options of New Disk and Move Disk: a placeholder while the
// domains load, then each domain, refused ones disabled with their reason.
import { domainLabel, domainRefusal, type DomainOption } from './useDiskOptions.js';

export function DomainOptions(props: { loading: boolean; domains: readonly DomainOption[] }) {
  return (
    <>
      {props.loading && <option value="">Loading storage domains…</option>}
      {props.domains.map((d) => {
        const why = domainRefusal(d);
        return (
          <option key={d.id} value={d.id} disabled={Boolean(why)}>
            {domainLabel(d)}
            {why ? ` — ${why}` : ''}
          </option>
        );
      })}
    </>
  );
}
