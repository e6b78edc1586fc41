// The SVG charts' geometry: round tick steps, domains widened to whole steps, data mapped to
// pixels, gaps bridged, and the row nearest to the pointer.
import { describe, expect, it } from "vitest";
import { lineGeometry, MARGIN, nearestRow } from "../../src/ui/charts/geometry";
import { linearAxis, niceDomain, tickStep, ticksWithin } from "../../src/ui/charts/scale";

describe("tickStep", () => {
  it("picks 1, 2 or 5 times a power of ten for about `count` intervals", () => {
    // 100 / 5 = 20 exactly; 1 / 5 = 0.2; 0.37 / 5 = 0.074 = 7.4·10⁻², and 7.4 ≥ √50 rounds up to 10.
    expect(tickStep(0, 100, 5)).toBe(20);
    expect(tickStep(0, 1, 5)).toBeCloseTo(0.2, 12);
    expect(tickStep(0, 0.37, 5)).toBeCloseTo(0.1, 12);
    // 2.08 / 5 = 0.416 = 4.16·10⁻¹: between √10 and √50, so 5·10⁻¹.
    expect(tickStep(0.23, 2.31, 5)).toBeCloseTo(0.5, 12);
  });
});

describe("ticksWithin and niceDomain", () => {
  it("lists the multiples of the step inside the range, without float noise", () => {
    expect(ticksWithin(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ticksWithin(3, 17, 5)).toEqual([5, 10, 15]);
  });

  it("widens a domain outward to whole steps, and gives a single value room", () => {
    expect(niceDomain(0.23, 2.31, 5)).toEqual([0, 2.5]);
    // [2, 2] is padded by half its size to [1, 3]: step 0.5 (2/5 = 0.4 → 0.5), already whole.
    expect(niceDomain(2, 2, 5)).toEqual([1, 3]);
  });
});

describe("linearAxis", () => {
  it("maps the domain onto the pixels, also backwards as a y axis runs", () => {
    const y = linearAxis([0, 100], [200, 0], 5);
    expect(y.at(0)).toBe(200);
    expect(y.at(25)).toBe(150);
    expect(y.ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it("keeps ticks on whole numbers for integer axes", () => {
    // 0–3 over 5 intervals would step by 0.5; an integer axis steps by 1.
    expect(linearAxis([0, 3], [0, 300], 5, true).ticks).toEqual([0, 1, 2, 3]);
  });
});

describe("lineGeometry", () => {
  const rows = [
    { step: 0, loss: 2 },
    { step: 1, loss: undefined },
    { step: 2, loss: 1 },
  ];

  it("skips rows without a value and bridges them, on an x axis fitted to the data", () => {
    const geometry = lineGeometry({
      rows,
      xKey: "step",
      seriesKeys: ["loss"],
      width: 200 + MARGIN.left + MARGIN.right,
      height: 100 + MARGIN.top + MARGIN.bottom,
      xDomain: [null, null],
      yDomain: [0, 2],
      xIntegers: true,
    });
    // x: steps 0..2 across 200 px from the left margin; y: 0..2 across 100 px, upward.
    expect(geometry.points.loss).toEqual([
      { x: MARGIN.left, y: MARGIN.top },
      { x: MARGIN.left + 200, y: MARGIN.top + 50 },
    ]);
    expect(geometry.paths.loss).toBe(
      `M${MARGIN.left}.0,${MARGIN.top}.0L${MARGIN.left + 200}.0,${MARGIN.top + 50}.0`,
    );
  });

  it("widens an open y domain to whole steps around the data", () => {
    const geometry = lineGeometry({
      rows,
      xKey: "step",
      seriesKeys: ["loss"],
      width: 300,
      height: 200,
      xDomain: [null, null],
      yDomain: [null, null],
      xIntegers: false,
    });
    // Loss 1..2: step 0.2, already whole.
    expect(geometry.y.domain).toEqual([1, 2]);
    expect(geometry.x.domain).toEqual([0, 2]);
  });
});

describe("nearestRow", () => {
  it("finds the row drawn nearest to a pixel", () => {
    const x = linearAxis([0, 10], [0, 100], 5);
    const rows = [{ t: 0 }, { t: 4 }, { t: 10 }];
    expect(nearestRow(rows, "t", x, 30)).toBe(1);
    expect(nearestRow(rows, "t", x, 80)).toBe(2);
    expect(nearestRow([], "t", x, 30)).toBeNull();
  });
});
