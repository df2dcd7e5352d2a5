// The tiny test guest on this machine's real libvirtd: it boots from Debian's kernel
// and the busybox initrd, writes its banner to the serial log, takes keys from the PS/2
// keyboard a VNC/SPICE client types into (virsh send-key goes the same way) and shows
// text on its VGA screen.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostConnection } from '../driver.js';
import { serialLogPath } from './domain.js';
import {
  connectLocal,
  domainEvent,
  testVmIds,
  type RecordingConnection,
} from './testing/host-fixture.js';
import {
  buildTestGuest,
  TEST_GUEST_BANNER,
  testGuestSpec,
  type TestGuest,
} from './testing/guest.js';
import { cleanupTestDomains, testDomainName, virsh } from './testing/libvirtd.js';

function serialLog(id: string): string {
  const file = serialLogPath(id);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Polls the serial log until it contains `text`; resolves with the time it took. */
async function waitForSerial(id: string, text: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!serialLog(id).includes(text)) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(
        `"${text}" not in the serial log after ${timeoutMs} ms; it holds:\n${serialLog(id)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - start;
}

/**
 * The distinct colours of a screenshot, up to `limit`. `virsh screenshot` hands over
 * what QEMU wrote: a binary PPM (P6) from older QEMUs, an 8-bit RGB/RGBA PNG from newer.
 */
function screenColours(data: Buffer, limit: number): Set<number> {
  const { rgb, stride, channels } = screenPixels(data);
  const colours = new Set<number>();
  for (let row = 0; row * stride < rgb.length && colours.size < limit; row++) {
    const line = rgb.subarray(row * stride, (row + 1) * stride);
    for (let i = 0; i + channels <= line.length && colours.size < limit; i += channels) {
      colours.add(((line[i] ?? 0) << 16) | ((line[i + 1] ?? 0) << 8) | (line[i + 2] ?? 0));
    }
  }
  return colours;
}

function screenPixels(data: Buffer): Pixels {
  return isPng(data) ? pngPixels(data) : ppmPixels(data);
}

interface Pixels {
  /** Rows of `stride` bytes, `channels` bytes per pixel, red first. */
  readonly rgb: Buffer;
  readonly stride: number;
  readonly channels: number;
}

function ppmPixels(data: Buffer): Pixels {
  // "P6" width height maxval, whitespace-separated, then one whitespace byte.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('screenshot is neither a PNG nor a binary PPM');
  if (header[3] !== '255') throw new Error(`PPM maxval ${header[3]}, expected 255`);
  const width = Number(header[1]);
  const rgb = data.subarray(header[0].length);
  if (rgb.length !== width * Number(header[2]) * 3) throw new Error('PPM has the wrong size');
  return { rgb, stride: width * 3, channels: 3 };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** Decodes a non-interlaced 8-bit truecolour PNG (what QEMU's screendump writes). */
function pngPixels(data: Buffer): Pixels {
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8);
      channels = colour === 2 ? 3 : colour === 6 ? 4 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}`);
      }
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rgb = Buffer.alloc(stride * height);
  // Undo each row's filter (PNG spec, section 9).
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rgb.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rgb.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (out[i - channels] ?? 0) : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
      const x = src[i] ?? 0;
      let v: number;
      if (filter === 0) v = x;
      else if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      } else throw new Error(`bad PNG filter ${filter}`);
      out[i] = v & 0xff;
    }
  }
  return { rgb, stride, channels };
}

let shots = '';

describe('the test guest on this machine', () => {
  let rec: RecordingConnection;
  let conn: HostConnection;
  let guest: TestGuest;
  const id = randomUUID();
  const name = testDomainName('guest');
  testVmIds.add(id);

  beforeAll(async () => {
    const built = Date.now();
    guest = await buildTestGuest();
    console.log(`test guest built (or found built) in ${Date.now() - built} ms`);
    shots = mkdtempSync(path.join(os.tmpdir(), 'corral-guest-shot-'));
    // This machine's nested KVM hangs Debian's kernel right after decompression, so the
    // guest runs under TCG, which boots it in seconds anywhere.
    rec = await connectLocal({ accel: 'tcg' });
    conn = rec.conn;
  });

  afterAll(async () => {
    await conn?.close();
    await cleanupTestDomains(testVmIds);
    if (shots) rmSync(shots, { recursive: true, force: true });
  });

  it('is a kernel and an initrd of a few MB', () => {
    for (const file of [guest.kernel, guest.initrd]) {
      const size = readFileSync(file).length;
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('boots and prints its banner to the serial log', async () => {
    await conn.define(testGuestSpec(id, name));
    const started = Date.now();
    await conn.start(id);
    await rec.waitFor(domainEvent(id, 'Up'), 0, 60_000);
    await waitForSerial(id, TEST_GUEST_BANNER, 90_000);
    console.log(`test guest: start to banner in ${Date.now() - started} ms`);
  }, 180_000);

  async function screenshot(label: string): Promise<Buffer> {
    const file = path.join(shots, label);
    await virsh('screenshot', name, file);
    return readFileSync(file);
  }

  it('echoes keys typed on its keyboard to the serial log and its VGA screen', async () => {
    const word = `k${randomUUID()
      .replace(/[^a-z]/g, '')
      .slice(0, 5)}`;
    const keys = [...word].map((c) => `KEY_${c.toUpperCase()}`);
    expect(serialLog(id)).not.toContain(`typed: ${word}`);
    const before = await screenshot('before');
    // One key per send-key: keys named together are pressed together, so a doubled
    // letter would be one press.
    for (const key of [...keys, 'KEY_ENTER']) await virsh('send-key', name, key);
    const took = await waitForSerial(id, `typed: ${word}`, 30_000);
    console.log(`test guest: keys to serial echo in ${took} ms`);

    // A blank (or never-initialised) screen is a single colour; text is at least two.
    const after = await screenshot('after');
    expect(screenColours(after, 2).size).toBeGreaterThan(1);
    // SeaBIOS's lines alone would pass that; the typed line must have changed the screen.
    expect(screenPixels(after).rgb.equals(screenPixels(before).rgb)).toBe(false);
  });
});
