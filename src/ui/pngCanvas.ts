// The page every exported PNG is drawn on: twice the CSS size for sharp text, white, with its
// title in the top-left corner; and the ink and font they share.
export const PNG_PAD = 16;
export const PNG_INK = "#1b1f24";
export const PNG_MUTED = "#5b6472";
export const PNG_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

export function titledCanvas(
  width: number,
  height: number,
  title: string,
): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser cannot draw on a canvas");
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.fillStyle = PNG_INK;
  context.font = `600 16px ${PNG_FONT}`;
  context.fillText(title, PNG_PAD, PNG_PAD + 16);
  return { canvas, context };
}
