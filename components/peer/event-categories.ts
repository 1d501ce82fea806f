/** Client event names, as the peer report's `events` carry them, grouped for filtering and colouring. */
export type EventCategory = "connection" | "media" | "screenshare" | "focus" | "device" | "precall" | "other";

export const EVENT_COLORS: Record<EventCategory, string> = {
  connection: "#dc2626",
  media: "#6b7280",
  screenshare: "#7c3aed",
  focus: "#d97706",
  device: "#2563eb",
  precall: "#059669",
  other: "#9ca3af",
};

export function eventCategory(name: string): EventCategory {
  if (/disconnect|reconnect|websocket|transport|call_join|leave/.test(name)) return "connection";
  if (/screenshare/.test(name)) return "screenshare";
  if (/tab_change|background|foreground/.test(name)) return "focus";
  if (/device|selected_|media_permission/.test(name)) return "device";
  if (/precall|net_quality/.test(name)) return "precall";
  if (/audio|video|participant_role|track_muted|play_failed/.test(name)) return "media";
  return "other";
}
