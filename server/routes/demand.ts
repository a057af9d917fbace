/** `/api/v1/demand`: the sector-demand table (UWV spanningsindicator model). Anyone may read it; admins replace it. */
import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { DemandRowSchema, listDemand, parseDemandCsv, replaceDemandTable, TENSION_LABELS, DEMAND_COLUMNS, type TensionLabel } from '../../core/demand/index.js';
import { route } from '../openapi.js';

const DemandQuery = z.strictObject({
  region: z.string().regex(/^[a-z0-9-]{1,60}$/, 'an arbeidsmarktregio id such as rijnmond').optional(),
  sector: z.string().regex(/^[a-z-]{1,60}$/, 'a sector id such as zorg').optional(),
  group: z.string().regex(/^(\d{4}|[a-z-]{1,60})$/, 'a BRC 2014 group code or a sector id').optional(),
  quarter: z.string().regex(/^20\d{2}-Q[1-4]$/, 'a quarter such as 2026-Q3').optional(),
  label: z.enum(TENSION_LABELS.map((l) => l.label) as [TensionLabel, ...TensionLabel[]]).optional(),
});

const UploadResult = z.object({ rows: z.number(), changed: z.number(), removed: z.number(), affectedSectors: z.array(z.string()) });

export function demandRoutes(deps: Deps): Router {
  const router = Router();
  route(
    router,
    deps,
    {
      method: 'get',
      path: '/api/v1/demand',
      tag: 'demand',
      summary: 'The sector-demand table, filtered',
      description: 'Tension = open vacancies / WW recipients with at most six months of benefit, labelled zeer ruim (< 0.25), ruim (< 0.67), gemiddeld (< 1.5), krap (< 4.0), zeer krap (>= 4.0). `sector` also returns the rows of the BRC groups of its occupations.',
      auth: 'optional',
      query: DemandQuery,
      response: z.object({ items: z.array(DemandRowSchema) }),
    },
    async ({ query }) => ({ items: await listDemand(deps, query) }),
  );
  route(
    router,
    deps,
    {
      method: 'put',
      path: '/api/v1/demand',
      tag: 'demand',
      summary: 'Replace the sector-demand table with a CSV upload',
      description: `Columns: ${DEMAND_COLUMNS.join(', ')} (comma- or semicolon-separated, header row first). One bad row rejects the whole upload: the 400 lists every problem as \`line N/column\`. Matches in the sectors whose figures changed are rescored.`,
      auth: 'required',
      roles: ['admin'],
      textBody: { contentType: 'text/csv', description: DEMAND_COLUMNS.join(',') },
      response: UploadResult,
    },
    async ({ body, principal }) => replaceDemandTable(deps, parseDemandCsv(body as unknown as string), principal.accountId),
  );
  return router;
}
