// vitest globalSetup for the store suite: one real PostgreSQL server for the whole
// run, installed if needed by scripts/postgres.sh. Tests get it as TEST_DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import path from 'node:path';
import os from 'node:os';

const script = fileURLToPath(new URL('../../../../../scripts/postgres.sh', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

export default async function setup(): Promise<() => void> {
  if (process.env.TEST_DATABASE_URL) return () => {};
  const dir = path.join(os.tmpdir(), `corral-pg-${process.pid}`);
  const port = await freePort();
  let url: string;
  try {
    url = execFileSync('bash', [script, 'start', dir, String(port)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  } catch (err) {
    throw new Error(
      `The store suite needs a PostgreSQL 15 server (Debian package "postgresql"); starting one failed: ${String(err)}`,
      { cause: err },
    );
  }
  process.env.TEST_DATABASE_URL = url;
  return () => {
    execFileSync('bash', [script, 'stop', dir], { stdio: 'inherit' });
  };
}
