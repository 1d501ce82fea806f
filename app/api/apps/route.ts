import { json, parseStrict, requireSession, route } from "@/lib/server/api";
import { visibleApps } from "@/lib/server/apps";

// GET /api/apps — the apps this deployment may show
export const GET = route(async (req) => {
  parseStrict(req, {});
  await requireSession();
  return json({ apps: await visibleApps() });
});
