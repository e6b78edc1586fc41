// The heads' timeline in the PNG export: one row per head, a slot per iteration (alive or
// dead), and when it died, the earliest deaths first, as the page's head-timeline shows it.
import type { GroupLifeView } from "../../store/views/groupViews";

const ROW_HEIGHT = 18;
const TITLE_HEIGHT = 22;
const LABEL_WIDTH = 120;
const SLOT_WIDTH = 18;
const SLOT_GAP = 3;
const ALIVE = "#5ec962";

export interface TimelineStyle {
  font: string;
  ink: string;
  muted: string;
  dead: string;
}

export function timelineHeight(lives: GroupLifeView[]): number {
  return TITLE_HEIGHT + lives.length * ROW_HEIGHT;
}

export function drawTimeline(
  context: CanvasRenderingContext2D,
  lives: GroupLifeView[],
  style: TimelineStyle,
  x: number,
  y: number,
): void {
  context.fillStyle = style.ink;
  context.font = `600 14px ${style.font}`;
  context.fillText("When each head died", x, y + 14);
  context.font = `12px ${style.font}`;
  lives.forEach((life, row) => {
    const top = y + TITLE_HEIGHT + row * ROW_HEIGHT;
    context.fillStyle = style.muted;
    context.fillText(`block ${life.layerIndex + 1} · head ${life.index + 1}`, x, top + 12, LABEL_WIDTH - 8);
    life.states.forEach((state, slot) => {
      context.fillStyle = state.alive ? ALIVE : style.dead;
      context.fillRect(x + LABEL_WIDTH + slot * (SLOT_WIDTH + SLOT_GAP), top + 2, SLOT_WIDTH, 12);
    });
    const fateX = x + LABEL_WIDTH + life.states.length * (SLOT_WIDTH + SLOT_GAP) + 8;
    const fate = life.diedAt === null ? "alive to the end" : `dead from iteration ${life.diedAt + 1}`;
    context.fillStyle = style.muted;
    context.fillText(fate, fateX, top + 12);
  });
}
