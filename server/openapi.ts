/**
 * The route registry and the OpenAPI 3.1 document built from it.
 *
 * Every API route is declared once with `route(router, spec, handler)`: the spec (method,
 * path, summary, zod schemas for query, body and response, who may call it) both wires the
 * Express route (auth, role check, validation) and feeds `/openapi.json`. The document is
 * therefore generated from the same zod schemas that validate requests (`z.toJSONSchema`),
 * and cannot drift from the code.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Principal, Role } from '../core/domain/accounts.js';
import { optionalAuth, principalOf, requireAuth, requireRole } from './http/auth.js';
import { parse } from './http/validate.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined> {
  method: Method;
  /** Express-style path with `:params`, e.g. `/api/v1/vacancies/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** `public`: no token; `optional`: token used when sent; `required`: 401 without one. */
  auth: 'public' | 'optional' | 'required';
  roles?: Role[];
  body?: B;
  query?: Q;
  /** Success status (default 200; 204 sends no body). */
  status?: number;
  response?: z.ZodType;
  /** Error statuses worth documenting beyond the defaults implied by auth and body. */
  errors?: number[];
  /** Extra middleware run before auth (rate limiters). */
  before?: Array<(req: Request, res: Response, next: (err?: unknown) => void) => void>;
  /** Header parameters the handler reads. */
  headers?: Array<{ name: string; description: string }>;
  /** A non-JSON body (e.g. a CSV upload): the handler gets the raw text as `body`. */
  textBody?: { contentType: 'text/csv'; description: string };
}

export interface RouteContext<B, Q> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: Record<string, string>;
  /** Set on `required` routes; on `optional` ones use `viewer`. */
  principal: Principal;
  viewer: Principal | undefined;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** Every declared route, keyed by "METHOD path"; the OpenAPI document is built from it. */
const registry = new Map<string, RouteSpec<z.ZodType | undefined, z.ZodType | undefined>>();

/** Path parameters are opaque ids; anything else cannot name a resource, so it is a 404. */
const PARAM = /^[A-Za-z0-9_-]{1,64}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Declare a route: register its spec for the OpenAPI document and wire it on `router`. */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  router: Router,
  deps: Deps,
  spec: RouteSpec<B, Q>,
  handler: (ctx: RouteContext<Infer<B>, Infer<Q>>) => Promise<unknown>,
): void {
  registry.set(`${spec.method.toUpperCase()} ${spec.path}`, spec as RouteSpec<z.ZodType | undefined, z.ZodType | undefined>);
  const chain = [...(spec.before ?? [])];
  if (spec.auth === 'required') chain.push(requireAuth(deps));
  if (spec.auth === 'optional') chain.push(optionalAuth(deps));
  if (spec.roles) chain.push(requireRole(...spec.roles));
  router[spec.method](spec.path, ...chain, async (req: Request, res: Response) => {
    const params = req.params as Record<string, string>;
    if (Object.values(params).some((p) => !PARAM.test(p))) throw new AppError('not_found', 'Not found');
    let body: unknown;
    if (spec.textBody) {
      if (typeof req.body !== 'string' || !req.is(spec.textBody.contentType)) {
        throw new AppError('invalid', `Send the body as ${spec.textBody.contentType}`);
      }
      body = req.body;
    } else if (spec.body) {
      // express.json leaves body undefined for other content types; "{}" would then pass PATCH schemas silently.
      if (req.body === undefined || !req.is(['application/json', 'application/*+json'])) {
        throw new AppError('invalid', 'Send a JSON body with Content-Type: application/json');
      }
      body = parse(spec.body, req.body, 'request body');
    } else if (req.body !== undefined && !(isPlainObject(req.body) && Object.keys(req.body).length === 0)) {
      // A body nobody reads is a client bug or a probe ("role": "admin" on logout); say so instead of ignoring it.
      throw new AppError('invalid', 'This endpoint takes no request body');
    }
    const query = spec.query ? parse(spec.query, req.query, 'query string') : undefined;
    const principal = principalOf(res);
    const result = await handler({
      req,
      res,
      body: body as Infer<B>,
      query: query as Infer<Q>,
      params,
      principal: principal as Principal,
      viewer: principal,
    });
    // A handler that answered itself (an HTML page) is done.
    if (res.headersSent) return;
    // A handler may choose another success status (PUT answers 201 when it created).
    const status = res.statusCode !== 200 ? res.statusCode : (spec.status ?? 200);
    if (status === 204) res.status(204).end();
    else res.status(status).json(result);
  });
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; validation errors list each field in `errors`.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
  required: ['type', 'title', 'status'],
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (malformed JSON, unknown or invalid fields)',
  401: 'No valid bearer token',
  403: 'Role not allowed',
  404: 'Not found (or not yours)',
  409: 'Conflict with the current state',
  413: 'Body too large',
  429: 'Too many requests',
};

/** The OpenAPI 3.1 document of every registered route. */
export function buildOpenApiDocument(deps: Pick<Deps, 'config'>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const specs = [...registry.values()].sort((a, b) => a.path.localeCompare(b.path));
  for (const spec of specs) {
    const oaPath = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (spec.query) {
      const q = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    for (const h of spec.headers ?? []) parameters.push({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } });
    const status = spec.status ?? 200;
    const errors = new Set<number>(spec.errors ?? []);
    if (spec.body) [400, 413].forEach((s) => errors.add(s));
    if (spec.query) errors.add(400);
    if (spec.auth !== 'public') errors.add(401);
    if (spec.roles) errors.add(403);
    const responses: Record<string, unknown> = {
      [status]: {
        description: status === 204 ? 'Done' : 'OK',
        ...(spec.response && status !== 204 ? { content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } } : {}),
      },
    };
    for (const e of [...errors].sort()) {
      responses[e] = { description: ERROR_TEXT[e] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    paths[oaPath] ??= {};
    paths[oaPath][spec.method] = {
      operationId: `${spec.method}${oaPath.replace(/[{}]/g, '').split(/[/-]/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : '')).join('')}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      ...(spec.auth === 'required' ? { security: [{ bearer: [] }] } : spec.auth === 'optional' ? { security: [{}, { bearer: [] }] } : {}),
      ...(spec.roles ? { 'x-roles': spec.roles } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      ...(spec.textBody ? { requestBody: { required: true, description: spec.textBody.description, content: { [spec.textBody.contentType]: { schema: { type: 'string' } } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kansrijk API',
      version: '1',
      description: 'Job matching for Dutch municipalities. Errors are RFC 9457 application/problem+json.',
    },
    servers: [{ url: deps.config.PUBLIC_URL }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token from /api/v1/auth/login or /register' } },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
  };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The API reference as one self-contained HTML page rendered on the server: no scripts, no
 * CDN (the CSP allows neither), so it renders offline and behind strict proxies.
 */
export function renderDocsPage(doc: Record<string, any>): string {
  const sections: string[] = [];
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const parts = [`<details id="${escapeHtml(op.operationId)}"><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(op.summary)}${op.security?.length ? ' <span class="lock" title="bearer token">🔒</span>' : ''}${op['x-roles'] ? ` <small>${escapeHtml(op['x-roles'].join(', '))}</small>` : ''}</summary>`];
      if (op.description) parts.push(`<p>${escapeHtml(op.description)}</p>`);
      if (op.parameters?.length) {
        parts.push('<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>');
        for (const p of op.parameters) parts.push(`<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`);
        parts.push('</table>');
      }
      if (op.requestBody) {
        const [type, content] = Object.entries(op.requestBody.content as Record<string, { schema: unknown }>)[0]!;
        parts.push(`<h4>Request body (${escapeHtml(type)})</h4>${op.requestBody.description ? `<p>${escapeHtml(op.requestBody.description)}</p>` : ''}<pre>${escapeHtml(JSON.stringify(content.schema, null, 2))}</pre>`);
      }
      parts.push('<h4>Responses</h4>');
      for (const [status, r] of Object.entries(op.responses as Record<string, any>)) {
        const schema = r.content?.['application/json']?.schema;
        parts.push(`<p><b>${status}</b> ${escapeHtml(r.description)}</p>${schema ? `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>` : ''}`);
      }
      parts.push('</details>');
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), parts.join('\n')]);
    }
  }
  for (const [tag, ops] of byTag) sections.push(`<section><h2>${escapeHtml(tag)}</h2>${ops.join('\n')}</section>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
details{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
summary{cursor:pointer}pre{background:#f6f6f6;padding:.6rem;overflow:auto;font-size:13px}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-weight:600;font-size:12px;padding:2px 4px}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#8e6d00}.patch{background:#6a1b9a}.delete{background:#b71c1c}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;font-size:13px}
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)} Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`;
}

/** `GET /openapi.json` and `GET /docs`. Mount after every other API router so the registry is complete. */
export function openApiRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument(deps));
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(buildOpenApiDocument(deps)));
  });
  return router;
}
