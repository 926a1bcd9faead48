#!/usr/bin/env node
// Runs `npm ci` in contracts/ unless node_modules was already installed from this exact package-lock.json.
// The Maven build calls it so that a clean clone gets the pinned solc, OpenZeppelin and Anvil.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.billing-lock-sha256');

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === lockHash) {
  console.log('contracts/node_modules matches package-lock.json');
  process.exit(0);
}

// Install scripts are not needed (Anvil's binary comes as a platform package) and are not run.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.error || result.status !== 0) {
  console.error(`npm ci failed in contracts/ (${result.error?.message ?? `exit ${result.status}`})`);
  process.exit(1);
}
writeFileSync(marker, `${lockHash}\n`);
