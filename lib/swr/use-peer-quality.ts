import useSWR from "swr";
import type { Completeness, Track, TrackSummary } from "@/lib/realtimekit/types";
import { peerQualityApi } from "@/lib/routes";
import { fetcher, type FetchError } from "./fetcher";

export interface PeerQuality {
  tracks?: Track[];
  summaries?: TrackSummary[];
  mosScaleEvident?: boolean;
  completeness: Completeness;
}

/** The peer page's quality section; not refetched on focus (megabytes for a long call). */
export function usePeerQuality(appId: string, peerId: string) {
  return useSWR<PeerQuality, FetchError>(peerQualityApi(appId, peerId), fetcher, { revalidateOnFocus: false });
}
