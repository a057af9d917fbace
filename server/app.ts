/**
 * `createApp(deps)` builds the Express application without listening, so tests can drive it
 * with real HTTP on an ephemeral port and `server/main.ts` can own the socket.
 */
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { pinoHttp } from 'pino-http';
import type { Deps } from '../core/deps.js';
import { errorHandler, notFoundHandler } from './http/problem.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.js';
import { apiRoutes } from './routes/api.js';
import { metricsRoutes, type IndexerLag } from './routes/metrics.js';

export interface AppOptions {
  /** Extra readiness facts (indexer lag) from whoever runs the indexer. */
  readiness?: ReadinessProbe[];
  /** Folder with the built web app, served at `/` when present. */
  webRoot?: string;
  /** Indexer lag per index for GET /metrics, from whoever runs the indexer in this process. */
  indexerLag?: () => Promise<IndexerLag>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createApp(deps: Deps, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('query parser', 'extended');

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Keep a caller's id when it is sane, so one id follows a request through proxies.
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(metricsRoutes(deps, options.indexerLag ? { indexerLag: options.indexerLag } : {}));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(cors({ origin: deps.config.CORS_ORIGINS.length ? deps.config.CORS_ORIGINS : false, exposedHeaders: ['X-Request-Id'] }));
  app.use(express.json({ limit: deps.config.BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(express.text({ limit: '5mb', type: ['text/csv'] }));

  app.use(healthRoutes(deps, options.readiness ?? []));
  app.use(apiRoutes(deps));
  if (options.webRoot) {
    app.use(express.static(options.webRoot, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the app shell; API and docs paths never do.
    app.get(/^\/(?!api\/|openapi\.json|docs|metrics|health|ready).*/, (_req, res) => {
      res.sendFile('index.html', { root: options.webRoot! });
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
