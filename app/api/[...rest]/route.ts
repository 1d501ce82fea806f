import { errorResponse } from "@/lib/server/api-errors";

// Any other /api path — unknown routes answer in the API's envelope, not with an HTML page.
function notFound(req: Request) {
  return errorResponse(404, "not_found", `No API route ${new URL(req.url).pathname}`);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
