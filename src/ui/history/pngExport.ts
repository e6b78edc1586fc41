// One PNG of what the lab shows for a run: the four charts as drawn on the page (their SVG,
// with titles and legends), the heatmap of the chosen iteration and, for heads, their timeline,
// both drawn from the run log.
import type { RunLog } from "../../core/types";
import { canvasPng, svgImage } from "../../lib/exporters";
import { heatmapKind } from "../../store/historyCompare";
import { type GroupLayerView, groupLayers, groupLives, iterationAt } from "../../store/views/groupViews";
import { importanceColor } from "../groups/importanceColor";
import { PNG_FONT, PNG_INK, PNG_MUTED, PNG_PAD, titledCanvas } from "../pngCanvas";
import { drawTimeline, timelineHeight } from "./pngExportTimeline";

const CHART_IDS = ["chart-loss", "chart-accuracy", "chart-sparsity", "chart-lambda"];
const PAD = PNG_PAD;
const TITLE_HEIGHT = 22;
const LEGEND_HEIGHT = 20;
const INK = PNG_INK;
const MUTED = PNG_MUTED;
const DEAD = "#2b2f36";
const FONT = PNG_FONT;

interface ChartPicture {
  title: string;
  image: HTMLImageElement;
  legend: { label: string; color: string; dashed: boolean }[];
}

function legendOf(figure: Element): ChartPicture["legend"] {
  return [...figure.querySelectorAll<HTMLElement>(".chart-legend-item")].map((item) => ({
    label: item.textContent?.trim() ?? "",
    color: item.dataset.color ?? MUTED,
    dashed: item.dataset.dashed === "true",
  }));
}

async function chartPictures(): Promise<ChartPicture[]> {
  const pictures: ChartPicture[] = [];
  for (const id of CHART_IDS) {
    const figure = document.querySelector(`[data-testid="${id}"]`);
    const svg = figure?.querySelector<SVGSVGElement>(".recharts-wrapper > svg.recharts-surface");
    if (!figure || !svg || Number(figure.getAttribute("data-points")) === 0) continue;
    pictures.push({
      title: figure.querySelector("h3")?.textContent ?? id,
      image: await svgImage(svg),
      legend: legendOf(figure),
    });
  }
  return pictures;
}

function drawLegend(context: CanvasRenderingContext2D, legend: ChartPicture["legend"], x: number, y: number) {
  context.font = `12px ${FONT}`;
  let at = x;
  for (const { label, color, dashed } of legend) {
    context.strokeStyle = color;
    context.lineWidth = 3;
    context.setLineDash(dashed ? [4, 2] : []);
    context.beginPath();
    context.moveTo(at, y - 4);
    context.lineTo(at + 14, y - 4);
    context.stroke();
    context.fillStyle = MUTED;
    context.fillText(label, at + 18, y);
    at += 18 + context.measureText(label).width + 16;
  }
  context.setLineDash([]);
}

const CELL_HEIGHT = 22;
const LABEL_WIDTH = 120;

function heatmapHeight(layers: GroupLayerView[]): number {
  return TITLE_HEIGHT + layers.length * (CELL_HEIGHT + 4);
}

function drawHeatmap(
  context: CanvasRenderingContext2D,
  layers: GroupLayerView[],
  title: string,
  x: number,
  y: number,
  width: number,
) {
  context.fillStyle = INK;
  context.font = `600 14px ${FONT}`;
  context.fillText(title, x, y + 14);
  const columns = Math.max(1, ...layers.map((layer) => layer.cells.length));
  const cellWidth = Math.min(48, (width - LABEL_WIDTH) / columns);
  layers.forEach((layer, row) => {
    const top = y + TITLE_HEIGHT + row * (CELL_HEIGHT + 4);
    context.fillStyle = MUTED;
    context.font = `12px ${FONT}`;
    context.fillText(
      `${layer.name} (${layer.aliveCount}/${layer.cells.length})`,
      x,
      top + 15,
      LABEL_WIDTH - 8,
    );
    for (const cell of layer.cells) {
      const left = x + LABEL_WIDTH + cell.index * cellWidth;
      context.fillStyle = cell.alive ? importanceColor(cell.shade) : DEAD;
      context.fillRect(left + 1, top, Math.max(1, cellWidth - 2), CELL_HEIGHT);
      if (!cell.alive && cellWidth >= 12) {
        context.fillStyle = "#ffffff";
        context.font = `12px ${FONT}`;
        context.fillText("✕", left + cellWidth / 2 - 4, top + 15);
      }
    }
  });
}

/** The charts on the page and the heatmap of `log` at iteration `selected` (null: the last). */
export async function runPng(log: RunLog | null, selected: number | null, title: string): Promise<Blob> {
  const charts = await chartPictures();
  const record = iterationAt(log, selected);
  const kind = log ? heatmapKind(log) : null;
  const layers = kind ? groupLayers(log, record, kind) : [];
  const lives = kind === "head" ? groupLives(log, "head") : [];
  const chartWidth = Math.max(320, ...charts.map((chart) => chart.image.width));
  const chartHeight = Math.max(0, ...charts.map((chart) => chart.image.height));
  const cellHeight = TITLE_HEIGHT + chartHeight + LEGEND_HEIGHT;
  const rows = Math.ceil(charts.length / 2);
  const width = PAD * 3 + chartWidth * 2;
  const heatmapTop = PAD + 30 + rows * (cellHeight + PAD);
  const timelineTop = heatmapTop + (layers.length > 0 ? heatmapHeight(layers) + PAD : 0);
  const height = timelineTop + (lives.length > 0 ? timelineHeight(lives) + PAD : 0);

  const { canvas, context } = titledCanvas(width, height, title);

  charts.forEach((chart, index) => {
    const x = PAD + (index % 2) * (chartWidth + PAD);
    const y = PAD + 30 + Math.floor(index / 2) * (cellHeight + PAD);
    context.fillStyle = INK;
    context.font = `600 13px ${FONT}`;
    context.fillText(chart.title, x, y + 14);
    context.drawImage(chart.image, x, y + TITLE_HEIGHT, chart.image.width, chart.image.height);
    drawLegend(context, chart.legend, x + 8, y + TITLE_HEIGHT + chart.image.height + 14);
  });

  if (layers.length > 0 && record && log) {
    const what = kind === "head" ? "Attention heads" : kind === "neuron" ? "MLP neurons" : "Conv channels";
    const heading = `${what} after iteration ${record.index + 1} of ${log.iterations.length} (colour: ${log.config.criteria}; dark: removed)`;
    drawHeatmap(context, layers, heading, PAD, heatmapTop, width - 2 * PAD);
  }
  if (lives.length > 0)
    drawTimeline(context, lives, { font: FONT, ink: INK, muted: MUTED, dead: DEAD }, PAD, timelineTop);
  return canvasPng(canvas);
}
