// Only what printing touches: typed structurally, since Chart<"line"> against Chart's default type
// parameters is a variance check TypeScript decides differently depending on the order it checks files in.
interface Printable {
  options: { plugins?: { legend?: { display?: boolean } } };
  resize(): void;
  update(mode: "none"): void;
}
type PrintWindow = Pick<Window, "matchMedia" | "addEventListener" | "removeEventListener">;

/**
 * Print styles make the charts small, three abreast; Chart.js does not follow on its own. While
 * printing, the chart is resized to its box and its legend gives way to the one key printed under
 * all the charts. Returns the function that stops following.
 */
export function followPrint(chart: Printable, win: PrintWindow = window): () => void {
  const print = win.matchMedia("print");
  const layout = (printing: boolean) => {
    const legend = chart.options.plugins?.legend;
    if (legend) legend.display = !printing;
    chart.resize();
    chart.update("none");
  };
  const onMedia = () => layout(print.matches);
  const onBefore = () => layout(true);
  const onAfter = () => layout(false);
  if (print.matches) layout(true);
  print.addEventListener("change", onMedia);
  win.addEventListener("beforeprint", onBefore);
  win.addEventListener("afterprint", onAfter);
  return () => {
    print.removeEventListener("change", onMedia);
    win.removeEventListener("beforeprint", onBefore);
    win.removeEventListener("afterprint", onAfter);
  };
}
