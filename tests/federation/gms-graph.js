// gms-graph itself, for the tests that run it: on a free loopback port over a fresh SQLite file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const binary = process.env.GMS_GRAPH_BIN ?? join(repo, 'target', 'debug', 'gms-graph');

/**
 * Starts gms-graph, with `args` after its own; resolves to its URL and a `stop()` that ends it
 * and removes its data.
 */
export function startGmsGraph(args = []) {
  assert.ok(existsSync(binary), `no gms-graph binary at ${binary}: run cargo build, or set GMS_GRAPH_BIN`);
  const dataDir = mkdtempSync(join(tmpdir(), 'gms-federation-'));
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', `sqlite://${join(dataDir, 'gms.db')}?mode=rwc`, ...args], {
    env: { ...process.env, RUST_LOG: 'info', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      stop().finally(() => reject(new Error(`gms-graph did not start within 30 s:\n${log}`)));
    }, 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const found = /serving GraphQL at (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1], stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gms-graph exited with ${code}:\n${log}`));
    });
  });
}
