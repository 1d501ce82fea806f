import type { CSSProperties } from "react";

/** A grey placeholder block where content will stream in (the `.skeleton` pulse in globals.css). */
export function Skeleton({
  width,
  height = 14,
  style,
}: {
  width?: CSSProperties["width"];
  height?: CSSProperties["height"];
  style?: CSSProperties;
}) {
  return <div className="skeleton" aria-hidden="true" style={{ width, height, ...style }} />;
}

/**
 * What a page shows while its heavy part is on its way: announced once to screen readers, shaped
 * roughly like what replaces it so the page does not jump.
 */
export function LoadingBlocks({
  label,
  blocks,
  testId,
}: {
  label: string;
  blocks: readonly { width?: CSSProperties["width"]; height: number }[];
  testId?: string;
}) {
  return (
    <div className="stack" role="status" aria-busy="true" aria-label={label} data-testid={testId}>
      {blocks.map((b, i) => (
        <Skeleton key={i} width={b.width} height={b.height} />
      ))}
    </div>
  );
}
