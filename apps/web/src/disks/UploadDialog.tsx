// Upload Image: a qcow2, raw or ISO file from this computer into a Data domain (a new
// disk) or the ISO domain (a file there). `disk.upload` makes the disk row (Locked) and
// the job; the file then goes with one streamed PUT whose progress the bar shows. The
// BFF judges the file by what it is, not by its name; its refusal shows here and in the
// job. Cancel while sending stops the upload (the job fails and leaves nothing).
import { useEffect, useRef, useState } from 'react';
import { DISK_INTERFACES, diskUploadInput, type DiskInterface } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { csrfHeaders, goToLogin } from '../auth/session.js';
import {
  CommandDialog,
  Field,
  invalidProps,
  SelectField,
  TextField,
  ValueOptions,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { domainLabel, domainRefusal, useDiskOptions } from './useDiskOptions.js';

const FIELDS = ['alias', 'storageDomainId', 'fileName', 'sizeBytes', 'interface'];
const KINDS = ['Data', 'ISO'];

/** PUTs `file` to `url`, reporting the bytes sent; resolves with the BFF's answer. */
export function sendFile(
  url: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
  xhrRef: { current: XMLHttpRequest | null },
): Promise<{ format: string; sizeGb: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open('PUT', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says it
      }
      if (xhr.status === 401) goToLogin();
      if (xhr.status === 200) resolve(body as { format: string; sizeGb: number });
      else
        reject(
          new Error(
            (body as { error?: { message?: string } } | null)?.error?.message ??
              `The upload failed (HTTP ${xhr.status}).`,
          ),
        );
    };
    xhr.onerror = () => reject(new Error('The upload could not reach the server.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    xhr.send(file);
  });
}

export function UploadDialog(props: {
  onClose: () => void;
  onDone: (name: string, jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const client = useTRPCClient();
  const options = useDiskOptions();
  const [file, setFile] = useState<File | null>(null);
  const [alias, setAlias] = useState('');
  const [domainId, setDomainId] = useState('');
  const [iface, setIface] = useState<DiskInterface>('VirtIO-SCSI');
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  useEffect(() => () => xhr.current?.abort(), []);

  const domains = (options.data?.domains ?? []).filter((d) => KINDS.includes(d.domainType));
  const chosen = domainId || domains.find((d) => !domainRefusal(d, KINDS))?.id || '';
  const isIso = domains.find((d) => d.id === chosen)?.domainType === 'ISO';

  const submit = async () => {
    if (progress !== null) return;
    const input = {
      alias: alias || file?.name || '',
      storageDomainId: chosen,
      fileName: file?.name ?? '',
      sizeBytes: file?.size ?? 0,
      interface: iface,
    };
    if (!check(diskUploadInput, input)) return;
    setFailure(null);
    await run(async () => {
      const started = await client.disk.upload.mutate(input);
      setProgress(0);
      try {
        await sendFile(
          started.uploadUrl,
          file!,
          (sent, total) => setProgress(total > 0 ? Math.floor((sent / total) * 100) : 0),
          xhr,
        );
        props.onDone(input.alias, started.jobIds);
      } catch (err) {
        setProgress(null);
        setFailure(err instanceof Error ? err.message : String(err));
      }
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title="Upload Image"
      testId="disk-upload-dialog"
      width={520}
      okTestId="disk-upload-ok"
      okLabel="Upload"
      busy={busy || progress !== null}
      errors={failure ? [...errors.form, failure] : errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <Field label="File" field="fileName" errors={f}>
        <input
          {...invalidProps('fileName', f)}
          type="file"
          data-testid="disk-upload-file"
          accept=".qcow2,.img,.raw,.iso"
          autoFocus
          disabled={progress !== null}
          onChange={(e) => {
            const picked = e.target.files?.[0] ?? null;
            setFile(picked);
            if (picked && !alias) setAlias(picked.name.replace(/\.(qcow2|img|raw|iso)$/i, ''));
          }}
        />
      </Field>
      <TextField
        label={isIso ? 'Name' : 'Alias'}
        field="alias"
        errors={f}
        testId="disk-upload-alias"
        value={alias}
        disabled={progress !== null}
        onChange={setAlias}
      />
      <SelectField
        label="Storage Domain"
        field="storageDomainId"
        errors={f}
        testId="disk-upload-domain"
        value={chosen}
        disabled={progress !== null}
        onChange={setDomainId}
      >
        {options.isLoading && <option value="">Loading storage domains…</option>}
        {domains.map((d) => {
          const why = domainRefusal(d, KINDS);
          return (
            <option key={d.id} value={d.id} disabled={Boolean(why)}>
              {domainLabel(d)} — {d.domainType}
              {why ? `: ${why}` : ''}
            </option>
          );
        })}
      </SelectField>
      {!isIso && (
        <SelectField
          label="Interface"
          field="interface"
          errors={f}
          testId="disk-upload-interface"
          value={iface}
          disabled={progress !== null}
          onChange={(v) => setIface(v as DiskInterface)}
        >
          <ValueOptions values={DISK_INTERFACES} />
        </SelectField>
      )}
      <Field label="Size" field="sizeBytes" errors={f}>
        <span>{file ? `${(file.size / 1024 ** 2).toFixed(1)} MiB` : '—'}</span>
      </Field>
      {progress !== null && (
        <div
          className="upload-progress"
          data-testid="disk-upload-progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress}
          style={{
            marginTop: 10,
            height: 8,
            borderRadius: 4,
            background: 'var(--border)',
            overflow: 'hidden',
          }}
        >
          <div
            style={{
              width: `${progress}%`,
              height: '100%',
              background: 'var(--accent, #0b6bcb)',
              transition: 'width 0.2s',
            }}
          />
        </div>
      )}
      <p className="form-hint">
        qcow2, raw or ISO: the server reads what the file is. An ISO in the ISO domain becomes a
        file there, to be chosen as a VM&apos;s CD.
      </p>
    </CommandDialog>
  );
}
