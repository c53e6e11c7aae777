// The HTTP server: Express + Remix. In production it serves the built app; otherwise Vite in
// middleware mode. Start-up (migrations, first seed) and shutdown go through the server build so
// the process has exactly one database handle (PGlite is one connection on one folder).
import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';

const isProduction = process.env.NODE_ENV === 'production';
const port = Number(process.env.PORT || 3000);

const vite = isProduction
  ? undefined
  : await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }));
const loadBuild = () =>
  vite ? vite.ssrLoadModule('virtual:remix/server-build') : import('./build/server/index.js');

const initial = await loadBuild();
const entry = initial.entry.module;
await entry.startup();

const allowedOrigins = (process.env.ALLOWED_ORIGINS || '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', process.env.TRUST_PROXY || 'loopback');
app.use(compression());
app.use((req, res, next) => {
  const requestId = randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  const refused = entry.isCrossOriginWrite(
    req.method,
    { origin: req.get('origin'), host: req.get('host'), secFetchSite: req.get('sec-fetch-site') },
    allowedOrigins,
  );
  if (refused) {
    res.status(403).type('text/plain; charset=utf-8').send('403 跨站请求被拒绝 / Cross-origin request refused');
    return;
  }
  next();
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
}

app.all(
  '*',
  createRequestHandler({
    // Every route's loader and action guarded: a database fault answers 503, not 500 (http.server.ts).
    build: vite ? () => loadBuild().then((b) => b.entry.module.guardBuild(b)) : entry.guardBuild(initial),
    mode: isProduction ? 'production' : 'development',
    getLoadContext: (req, res) => ({ requestId: res.locals.requestId, clientIp: req.ip || 'unknown' }),
  }),
);

const server = app.listen(port, () => {
  console.log(`listening on http://localhost:${port}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  server.closeIdleConnections?.();
  await new Promise((resolve) => server.close(resolve));
  await vite?.close();
  await entry.shutdown();
  console.log('closed cleanly');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
