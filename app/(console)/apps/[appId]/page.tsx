import { redirect } from "next/navigation";

// An app's home is its sessions list.
export default async function AppPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  redirect(`/apps/${encodeURIComponent(appId)}/sessions`);
}
