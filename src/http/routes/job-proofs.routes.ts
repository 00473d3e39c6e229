import type { DrillService } from '../../services/drills/drill.service.js';
import type { ExecutionView } from '../../services/executions/execution-view.js';
import type { VerifyService } from '../../services/verify/verify.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json } from '../schemas/common.js';
import { ExecutionSchema } from '../schemas/execution.js';
import { WaitQuery, triggerOf, waitSignal } from './run-requests.js';

export interface JobProofRouteDeps {
  drills: Pick<DrillService, 'start'>;
  verify: Pick<VerifyService, 'startNewest'>;
  waitFor(id: string, signal: AbortSignal): Promise<ExecutionView>;
}

const tags = ['Restore'];
const answers = { 202: json(ExecutionSchema, 'Queued'), 200: json(ExecutionSchema, 'Finished (wait=true)'), ...errorResponses };

/** Proof on demand for a job's newest backups: a restore drill, or a verification, as queued executions. */
export function registerJobProofRoutes(app: HttpApp, deps: JobProofRouteDeps): void {
  app.openapi(
    defineRoute({
      // A drill creates and drops a database on the drill target: the same permission as a restore.
      access: 'restore:execute', method: 'post', path: '/api/v1/jobs/{id}/drill', tags,
      summary: "Restore drill now: restore the job's newest backup of each database into a scratch database on its drill target, compare row counts with the sidecar, drop it",
      description: 'Needs options.drill.targetSourceId on the job (drills need not be enabled for a manual one). The drill fails when a restore fails or a count differs.',
      request: { params: IdParams, query: WaitQuery },
      responses: answers,
    }),
    async (c) => {
      const execution = await deps.drills.start(c.req.valid('param').id, null, triggerOf(c.get('principal')));
      const finished = await finishedIfAsked(c.req.valid('query'), c.req.raw, execution, deps);
      return finished ? c.json(finished as never, 200) : c.json(execution as never, 202);
    },
  );
  app.openapi(
    defineRoute({
      access: 'backups:execute', method: 'post', path: '/api/v1/jobs/{id}/verify', tags,
      summary: "Verify now: re-read the job's newest backup of each database on every destination (size, sha256, and encryption authentication when Lifeboat holds the key)",
      description: 'Results are recorded per backup (GET /api/v1/destinations/{id}/backups/verifications). A destination without backups of the job fails the verification.',
      request: { params: IdParams, query: WaitQuery },
      responses: answers,
    }),
    async (c) => {
      const execution = await deps.verify.startNewest(c.req.valid('param').id, triggerOf(c.get('principal')));
      const finished = await finishedIfAsked(c.req.valid('query'), c.req.raw, execution, deps);
      return finished ? c.json(finished as never, 200) : c.json(execution as never, 202);
    },
  );
}

/** With wait=true, the run once it ended (or when the request or `timeout` gave up waiting); otherwise undefined. */
async function finishedIfAsked(query: { wait?: 'true' | 'false'; timeout?: number }, request: Request, execution: ExecutionView, deps: JobProofRouteDeps) {
  if (query.wait !== 'true') return undefined;
  return deps.waitFor(execution.id, waitSignal(request, query.timeout));
}
