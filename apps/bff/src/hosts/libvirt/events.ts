// libvirt's event stream: `virsh event --all --loop --timestamp` as a long-running
// child, one line per event. Lines name domains (not UUIDs); the connection maps them.
// The child is restarted when it dies; when libvirtd stops answering the stream
// reports the connection lost, and keeps retrying until closed.
import { createInterface } from 'node:readline';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Virsh } from './virsh.js';

export interface VirshEvent {
  readonly time: Date;
  /** `lifecycle`, `reboot`, `block-job`, `agent-lifecycle`, … */
  readonly type: string;
  readonly domain: string;
  readonly detail: string;
}

const LINE =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d+)([+-]\d{4}): event '([^']+)' for domain '(.*?)': ?(.*)$/;

/** One line of `virsh event --timestamp` output; undefined for anything else. */
export function parseEventLine(line: string): VirshEvent | undefined {
  const m = LINE.exec(line.trimEnd());
  if (!m) return undefined;
  const [, date, clock, zone = '+0000', type = '', domain = '', detail = ''] = m;
  const iso = `${date}T${clock}${zone.slice(0, 3)}:${zone.slice(3)}`;
  return { time: new Date(iso), type, domain, detail };
}

/** A lifecycle event's detail is `<Event> <Detail…>`: "Stopped Destroyed". */
export function splitLifecycle(detail: string): { event: string; detail: string } {
  const space = detail.indexOf(' ');
  return space === -1
    ? { event: detail, detail: '' }
    : { event: detail.slice(0, space), detail: detail.slice(space + 1) };
}

export interface EventStreamHandlers {
  event(event: VirshEvent): void;
  /** libvirtd stopped answering (reported once until it answers again). */
  lost(reason: string): void;
  /** The stream runs again after a loss; events may have been missed in between. */
  restored(): void;
}

/** How long a fresh `virsh event` needs to have registered with libvirtd. */
const SETTLE_MS = 400;

export class EventStream {
  private child: ChildProcessWithoutNullStreams | undefined;
  private closed = false;
  private lostReported = false;
  private retry: NodeJS.Timeout | undefined;
  private lastStderr = '';

  constructor(
    private readonly virsh: Pick<Virsh, 'run' | 'spawn'>,
    private readonly handlers: EventStreamHandlers,
    private readonly retryMs = 2000,
  ) {}

  /** Resolves once the stream listens; rejects when virsh cannot even start listening. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.spawn();
      const early = (): void =>
        reject(new Error(`virsh event exited at once: ${this.lastStderr.trim()}`));
      child.once('exit', early);
      setTimeout(() => {
        child.off('exit', early);
        if (child.exitCode === null && child.signalCode === null) resolve();
      }, SETTLE_MS);
    });
  }

  private spawn(): ChildProcessWithoutNullStreams {
    const child = this.virsh.spawn(['event', '--all', '--loop', '--timestamp']);
    this.child = child;
    this.lastStderr = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const event = parseEventLine(line);
      if (event) this.handlers.event(event);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.lastStderr = (this.lastStderr + chunk).slice(-2000);
    });
    child.on('error', (err) => {
      this.lastStderr += String(err);
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      if (!this.closed) void this.recover();
    });
    if (this.lostReported) {
      // After a loss, a child that keeps listening means libvirtd is back.
      setTimeout(() => {
        if (this.closed || this.child !== child || child.exitCode !== null) return;
        if (child.signalCode !== null || !this.lostReported) return;
        this.lostReported = false;
        this.handlers.restored();
      }, SETTLE_MS);
    }
    return child;
  }

  private async recover(): Promise<void> {
    const reason = this.lastStderr.trim().split('\n').pop() || 'virsh event exited';
    const answering = await this.virsh.run(['version'], { timeoutMs: 10_000 }).then(
      () => true,
      () => false,
    );
    if (this.closed) return;
    if (!answering && !this.lostReported) {
      this.lostReported = true;
      this.handlers.lost(reason.replace(/^error: /, ''));
    }
    this.retry = setTimeout(
      () => {
        this.retry = undefined;
        if (!this.closed) this.spawn();
      },
      answering ? 200 : this.retryMs,
    );
  }

  /** Stops the child and waits until it is gone. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
