// One PNG of sweep-view's charts as drawn on the page: the fronts and the parallel coordinates,
// each under its heading, with the colour key's legend; drawn as the run PNG is (svgImage,
// canvasPng).
import { canvasPng, svgImage } from "../../lib/exporters";
import { PNG_FONT, PNG_INK, PNG_MUTED, PNG_PAD, titledCanvas } from "../pngCanvas";

const PAD = PNG_PAD;
const HEADING = 22;
const LEGEND = 22;
const INK = PNG_INK;
const MUTED = PNG_MUTED;
const FONT = PNG_FONT;

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
  const { canvas, context } = titledCanvas(width, height, title);

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
