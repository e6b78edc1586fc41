// svgImage, the first half of a chart's PNG download: the SVG as laid out, copied with the
// attributes a standalone image needs, serialized into a data URL that an Image loads. The
// browser's pieces (layout, computed style, serializer, Image) are stand-ins that record
// what they were given.
import { afterEach, describe, expect, it, vi } from "vitest";
import { svgImage } from "../../src/lib/exporters";

class FakeSvg {
  readonly attributes = new Map<string, string>();
  constructor(readonly rect = { width: 320, height: 180 }) {}
  getBoundingClientRect() {
    return this.rect;
  }
  cloneNode(deep: boolean): FakeSvg {
    const copy = new FakeSvg(this.rect);
    copy.attributes.set("deep", String(deep));
    return copy;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
}

class FakeImage {
  static made: FakeImage[] = [];
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  src = "";
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    FakeImage.made.push(this);
  }
}

const serialized: FakeSvg[] = [];

function stubBrowser(): void {
  FakeImage.made = [];
  serialized.length = 0;
  vi.stubGlobal("getComputedStyle", (element: unknown) => ({
    fontFamily: element instanceof FakeSvg ? "Inter, sans-serif" : "wrong element",
  }));
  vi.stubGlobal(
    "XMLSerializer",
    class {
      serializeToString(node: FakeSvg): string {
        serialized.push(node);
        return `<svg width="${node.attributes.get("width")}">a & b</svg>`;
      }
    },
  );
  vi.stubGlobal("Image", FakeImage);
}

const asSvg = (fake: FakeSvg) => fake as unknown as SVGSVGElement;

afterEach(() => vi.unstubAllGlobals());

describe("svgImage", () => {
  it("serializes a deep copy sized as laid out, with the SVG namespace and the page's font, as a data URL", async () => {
    stubBrowser();
    const svg = new FakeSvg({ width: 320, height: 180 });
    const pending = svgImage(asSvg(svg));
    expect(FakeImage.made).toHaveLength(1);
    const image = FakeImage.made[0]!;
    expect([image.width, image.height]).toEqual([320, 180]);
    expect(image.src).toBe(
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent('<svg width="320">a & b</svg>')}`,
    );
    expect(image.src).toContain("%26");

    const copy = serialized[0]!;
    expect(copy).not.toBe(svg);
    expect(Object.fromEntries(copy.attributes)).toEqual({
      deep: "true",
      xmlns: "http://www.w3.org/2000/svg",
      width: "320",
      height: "180",
      "font-family": "Inter, sans-serif",
    });
    expect(svg.attributes.size).toBe(0);

    image.onload?.();
    await expect(pending).resolves.toBe(image);
  });

  it("refuses with a message when the image cannot be drawn", async () => {
    stubBrowser();
    const pending = svgImage(asSvg(new FakeSvg()));
    FakeImage.made[0]!.onerror?.();
    await expect(pending).rejects.toThrow("the chart could not be drawn as an image");
  });
});
