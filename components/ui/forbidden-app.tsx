import Link from "next/link";

export function ForbiddenApp({ appId }: { appId: string }) {
  return (
    <div className="notice notice-warn" role="status">
      <strong>This app is not available here</strong>
      App <code>{appId}</code> is not one of the apps this deployment may show (REALTIMEKIT_APP_IDS, or the apps the API
      token can list). <Link href="/">See the available apps</Link>.
    </div>
  );
}
