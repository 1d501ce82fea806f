import { notFound } from "next/navigation";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { appForPage } from "@/lib/server/pages";

/**
 * An app this deployment may not show is a 404 for every page under it, decided here before
 * anything streams (a 200 cannot be taken back), and explained by app/(console)/not-found.tsx.
 */
export default async function AppLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ appId: string }>;
}) {
  const found = await appForPage((await params).appId, { name: false });
  if (!found.allowed) {
    // The apps list failed and could not vouch for this app: say that, not "not available".
    if (found.checkError)
      return (
        <UpstreamErrorNotice
          error={found.checkError}
          what={`the list of apps, so app ${found.appId} could not be checked`}
        />
      );
    notFound();
  }
  return children;
}
