// The HTTP server: Express + Remix. In production it serves the built app; otherwise Vite in
// middleware mode. Start-up (migrations, first seed) and shutdown go through the server build so
// the process has exactly one database handle (PGlite is one connection on one folder). So does
// the HTTP edge (app/lib/edge.server.ts): request id, security headers, cross-site refusal, body
// limits, and the Remix handler that reads bodies within those limits.
import compression from 'compression';
import express from 'express';

const isProduction = process.env.NODE_ENV === 'production';
const port = Number(process.env.PORT || 3000);

const vite = isProduction ? undefined : await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }));
const loadBuild = () => (vite ? vite.ssrLoadModule('virtual:remix/server-build') : import('./build/server/index.js'));

const initial = await loadBuild();
const entry = initial.entry.module;
await entry.startup();
const edge = entry.createEdge({ development: !isProduction });

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', edge.trustProxy);
app.use(compression());
app.use(edge.before);

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
}

// Every route's loader and action guarded: a database fault answers 503, not 500 (http.server.ts).
const guarded = vite ? () => loadBuild().then((b) => b.entry.module.guardBuild(b)) : entry.guardBuild(initial);
app.all('*', edge.remix({ build: guarded, mode: isProduction ? 'production' : 'development' }));
app.use(edge.errors);

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
