// Volume options: the options set on the volume now (what gluster reports, kept current
// by the change feed), each editable or reset to its default, one new option set by
// key and value, or every option reset. Each change is a job (jobs panel, toast); the
// dialog stays open so several can be made in a row.
import { useState } from 'react';
import { glusterOptionSetInput } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { trackCommand } from '../jobs/jobModel.js';
import { useTrackJobs } from '../jobs/JobTracker.js';
import { Dialog } from '../layout/Dialog.js';
import { FieldError, FormErrorList, LoadError, invalidProps } from '../layout/formParts.js';
import { useGlusterForm } from './useGlusterForm.js';
import { useVolume } from './useVolume.js';
import { schemaErrors } from './volumeForm.js';
import './gluster.css';

interface OptionState {
  readonly key: string;
  readonly value: string;
}

const FIELDS = ['key', 'value'];

export function OptionsDialog(props: { volume: ActionRow; onClose: () => void }) {
  const { onClose } = props;
  const client = useTRPCClient();
  const track = useTrackJobs();
  const { volume, data, error } = useVolume(props.volume.id);
  const name = volume?.name ?? rowLabel(props.volume);
  const form = useGlusterForm<OptionState>(
    { key: '', value: '' },
    {
      fields: () => FIELDS,
      rowKeys: () => [],
      edited: (prev, next) => FIELDS.filter((f) => prev[f as 'key'] !== next[f as 'key']),
    },
  );
  const validate = () =>
    schemaErrors(glusterOptionSetInput.safeParse({ id: props.volume.id, ...form.state }));
  const errors = form.errors(validate);
  const f = errors.fields;
  const [resetError, setResetError] = useState<string | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);

  const set = () =>
    form.submit(validate, async (s) => {
      const key = s.key.trim();
      const { jobIds } = await client.gluster.setOption.mutate({
        id: props.volume.id,
        key,
        value: s.value,
      });
      track(trackCommand('volume', 'setOption', [name], jobIds, key));
      form.reset({ key: '', value: '' });
    });

  /** One option back to its default; every option when `key` is null. */
  const reset = async (key: string | null) => {
    setResetError(null);
    setResetting(key ?? '*');
    try {
      const { jobIds } = await client.gluster.resetOption.mutate({ id: props.volume.id, key });
      track(trackCommand('volume', 'resetOption', [name], jobIds, key ?? undefined));
      setConfirmAll(false);
    } catch (err) {
      setResetError(errorMessage(err));
    } finally {
      setResetting(null);
    }
  };

  const options = data?.options ?? [];
  return (
    <Dialog
      title={`Volume Options — ${name}`}
      testId="options-dialog"
      width={680}
      onClose={onClose}
      onSubmit={() => void set()}
      footer={
        <>
          {confirmAll ? (
            <>
              <span className="form-hint">Reset every option of {name} to its default?</span>
              <button
                type="button"
                className="button button-danger"
                data-testid="option-reset-all-ok"
                disabled={resetting !== null}
                onClick={() => void reset(null)}
              >
                Reset All
              </button>
              <button type="button" className="button" onClick={() => setConfirmAll(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button"
              data-testid="option-reset-all"
              disabled={options.length === 0}
              onClick={() => setConfirmAll(true)}
            >
              Reset All…
            </button>
          )}
          <span className="toolbar-spacer" />
          <button type="button" className="button" data-testid="options-close" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <LoadError error={error} />
      <FormErrorList errors={[...errors.form, ...(resetError ? [resetError] : [])]} />
      {!data && !error ? (
        <p className="panel-message">Loading…</p>
      ) : options.length === 0 ? (
        <p className="panel-message" data-testid="options-empty">
          No option is set on the volume: every option has gluster’s default.
        </p>
      ) : (
        <div className="options-scroll">
          <table className="compact-table" data-testid="options-list">
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Value</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {options.map((o) => (
                <tr key={o.key} data-testid="option-row" data-key={o.key}>
                  <td className="mono">{o.key}</td>
                  <td className="mono" title={o.value}>
                    {o.value}
                  </td>
                  <td style={{ width: 110, textAlign: 'right' }}>
                    <button
                      type="button"
                      className="link-button"
                      data-testid="option-edit"
                      onClick={() => form.setState(() => ({ key: o.key, value: o.value }))}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      data-testid="option-reset"
                      disabled={resetting !== null}
                      onClick={() => void reset(o.key)}
                    >
                      Reset
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="option-form">
        <div>
          <input
            {...invalidProps('key', f, 'mono')}
            data-testid="option-key"
            aria-label="Option name"
            placeholder="performance.read-ahead"
            list="gluster-option-keys"
            spellCheck={false}
            autoFocus
            value={form.state.key}
            onChange={(e) => form.setState((s) => ({ ...s, key: e.target.value }))}
          />
          <datalist id="gluster-option-keys">
            {options.map((o) => (
              <option key={o.key} value={o.key} />
            ))}
          </datalist>
          <FieldError field="key" errors={f} />
        </div>
        <div>
          <input
            {...invalidProps('value', f, 'mono')}
            data-testid="option-value"
            aria-label="Option value"
            placeholder="value"
            spellCheck={false}
            value={form.state.value}
            onChange={(e) => form.setState((s) => ({ ...s, value: e.target.value }))}
          />
          <FieldError field="value" errors={f} />
        </div>
        <button
          type="submit"
          className="button button-primary"
          data-testid="option-set"
          disabled={form.busy}
        >
          {form.busy ? 'Working…' : 'Set'}
        </button>
      </div>
    </Dialog>
  );
}
