/** The chart data of a peer page; the page preloads it and the charts fetch it, so both must agree. */
export function qualityUrl(appId: string, peerId: string): string {
  return `/api/apps/${encodeURIComponent(appId)}/peers/${peerId}?sections=quality`;
}
