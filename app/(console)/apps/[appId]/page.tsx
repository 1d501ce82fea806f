import { redirect } from "next/navigation";
import { sessionsPath } from "@/lib/routes";

// An app's home is its sessions list.
export default async function AppPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  redirect(sessionsPath(appId));
}
