import Link from "next/link";
import { appCheckFailure } from "@/lib/server/apps";
import { UpstreamErrorNotice } from "./upstream-error";

export function ForbiddenApp({ appId }: { appId: string }) {
  // Set by appForPage when the apps list failed: the app was not refused, just not vouched for.
  const failure = appCheckFailure().error;
  if (failure) return <UpstreamErrorNotice error={failure} what={`the list of apps, so app ${appId} could not be checked`} />;
  return (
    <div className="notice notice-warn" role="status">
      <strong>This app is not available here</strong>
      App <code>{appId}</code> is not one of the apps this deployment may show (REALTIMEKIT_APP_IDS, or the apps the API token can
      list). <Link href="/">See the available apps</Link>.
    </div>
  );
}
