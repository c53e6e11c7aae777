// `npm start`: build when the build is missing or older than the sources, then serve in production mode.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = 'build/server/index.js';
// scripts/demo is built in too: the first start seeds the demo through it (app/lib/startup.server.ts).
const sources = Math.max(newest('app'), newest('db'), newest('scripts/demo'), statSync('vite.config.ts').mtimeMs, statSync('package.json').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('building the app (first start or sources changed)…');
  const r = spawnSync('npx', ['remix', 'vite:build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.NODE_ENV = 'production';
await import('../server.js');
