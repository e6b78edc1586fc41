// Downloads of a run: its log as JSON, its per-epoch table as CSV, its last checkpoint as
// safetensors, and pictures as PNG (SVG charts drawn onto a canvas).
import type { RunLog } from "../core/types";

/** A file name made of the run's name: lowercase words joined by dashes. */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return stem || "run";
}

/** Saves `blob` as `fileName` through the browser's download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadRunLog(log: RunLog, name: string): void {
  const text = `${JSON.stringify(log, null, 2)}\n`;
  downloadBlob(new Blob([text], { type: "application/json" }), `${fileStem(name)}.run.json`);
}

/** papaparse loads with the first CSV export, not with the page. */
export async function downloadEpochCsv(log: RunLog, name: string): Promise<void> {
  const { epochTableCsv } = await import("../core/io/csv");
  downloadBlob(new Blob([epochTableCsv(log)], { type: "text/csv" }), `${fileStem(name)}.epochs.csv`);
}

export function downloadSafetensors(bytes: Uint8Array, name: string, iteration: number): void {
  const blob = new Blob([bytes.slice().buffer], { type: "application/octet-stream" });
  downloadBlob(blob, `${fileStem(name)}.iter-${iteration}.safetensors`);
}

/** Renders an SVG element (as laid out now) to an image, for drawing onto a canvas. */
export function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  // Text in the SVG inherits the page's font there, but not in the standalone image.
  copy.setAttribute("font-family", getComputedStyle(svg).fontFamily);
  const text = new XMLSerializer().serializeToString(copy);
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  return new Promise((resolve, reject) => {
    const image = new Image(width, height);
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("the chart could not be drawn as an image"));
    image.src = url;
  });
}

export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("the canvas gave no PNG"))),
      "image/png",
    );
  });
}
