/**
 * SLA settings over REST (engine.md §4): `GET/PUT /settings/sla` (admin). PUT replaces the whole object;
 * a resource left out takes the default; an unknown key is a 422 naming it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { contextForCaller } from '@/lib/data/database';
import { slaSettingsInput, slaSettingsSchema } from '@/lib/sla/schema';
import { getSlaSettings, putSlaSettings } from '@/lib/sla/settings';
import { readJson } from './body';
import { problem } from './openapi';
import type { ApiEnv } from './records';

const PATH = '/api/v1/settings/sla';

export function registerSlaRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get(PATH, async (c) => c.json(await getSlaSettings(await contextForCaller(c.get('caller')))));
  app.put(PATH, async (c) => {
    const body = await readJson(c);
    return c.json(await putSlaSettings(await contextForCaller(c.get('caller')), body));
  });

  const r = app.openAPIRegistry;
  const json = { description: 'The SLA settings, defaults filled in', content: { 'application/json': { schema: slaSettingsSchema } } };
  r.registerPath({
    method: 'get', path: PATH, tags: ['Settings'], summary: 'SLA hours and business calendar (admin)',
    description: 'Hours per resource for approval steps (default 48) and desk tasks (default 72); with a calendar, due times count working hours only; with `null`, the clock runs 24/7.',
    responses: { 200: json, 401: problem('Not signed in.'), 403: problem('Not an admin.') },
  });
  r.registerPath({
    method: 'put', path: PATH, tags: ['Settings'], summary: 'Replace the SLA settings (admin)',
    description: 'Replaces the whole object: a resource left out takes the default, a missing calendar means none. Hours may be fractional (at least 0.01). Clocks already running keep their due times.',
    request: { body: { content: { 'application/json': { schema: slaSettingsInput } } } },
    responses: { 200: json, 403: problem('Not an admin.'), 422: problem('Unknown key or invalid value (named in errors).') },
  });
}
