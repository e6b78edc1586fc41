// One PNG of sweep-view's charts as drawn on the page: the fronts and the parallel coordinates,
// each under its heading, with the colour key's legend; drawn as the run PNG is (svgImage,
// canvasPng).
import { canvasPng, svgImage } from "../../lib/exporters";

const PAD = 16;
const HEADING = 22;
const LEGEND = 22;
const INK = "#1b1f24";
const MUTED = "#5b6472";
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

export interface PngChart {
  heading: string;
  svg: SVGSVGElement;
}

export interface PngLegendEntry {
  label: string;
  colour: string;
}

export async function sweepPng(title: string, charts: PngChart[], legend: PngLegendEntry[]): Promise<Blob> {
  const images = await Promise.all(charts.map((chart) => svgImage(chart.svg)));
  const width = PAD * 2 + Math.max(320, ...images.map((image) => image.width));
  const height =
    PAD + 24 + LEGEND + images.reduce((sum, image) => sum + HEADING + image.height + PAD, 0) + PAD;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser cannot draw on a canvas");
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.fillStyle = INK;
  context.font = `600 16px ${FONT}`;
  context.fillText(title, PAD, PAD + 16);

  let x = PAD;
  const legendY = PAD + 24 + 14;
  context.font = `12px ${FONT}`;
  for (const { label, colour } of legend) {
    context.fillStyle = colour;
    context.beginPath();
    context.arc(x + 5, legendY - 4, 5, 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = MUTED;
    context.fillText(label, x + 14, legendY);
    x += 14 + context.measureText(label).width + 18;
  }

  let y = PAD + 24 + LEGEND;
  charts.forEach((chart, i) => {
    const image = images[i]!;
    context.fillStyle = INK;
    context.font = `600 13px ${FONT}`;
    context.fillText(chart.heading, PAD, y + 14);
    context.drawImage(image, PAD, y + HEADING, image.width, image.height);
    y += HEADING + image.height + PAD;
  });
  return canvasPng(canvas);
}
