/** Client event names, as the peer report's `events` carry them, grouped for filtering and colouring. */
export type EventCategory = "connection" | "media" | "screenshare" | "focus" | "device" | "precall" | "other";

// Their colours are the charts' (markers) and the events list's (swatches): in the one palette.
export { EVENT_COLORS } from "@/components/charts/palette";

export function eventCategory(name: string): EventCategory {
  if (/disconnect|reconnect|websocket|transport|call_join|leave/.test(name)) return "connection";
  if (/screenshare/.test(name)) return "screenshare";
  if (/tab_change|background|foreground/.test(name)) return "focus";
  if (/device|selected_|media_permission/.test(name)) return "device";
  if (/precall|net_quality/.test(name)) return "precall";
  if (/audio|video|participant_role|track_muted|play_failed/.test(name)) return "media";
  return "other";
}
