import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from "../../src/core/io/safetensors";

/** A safetensors file assembled by hand: the length prefix, the header text, the data bytes. */
function handBuiltFile(header: string, data: number[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(header);
  const file = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(file.buffer).setUint32(0, headerBytes.length, true);
  file.set(headerBytes, 8);
  file.set(data, 8 + headerBytes.length);
  return file;
}

const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("encodeSafetensors", () => {
  // w: F32 [2] = [1.5, -2]; m: U8 [3] = [1, 0, 1]. The header JSON below is 138 bytes; padded
  // with 6 spaces to 144 = 0x90, so the data starts at 8 + 144 = 152. 1.5 = 0x3FC00000 and
  // -2 = 0xC0000000 as float32, stored little-endian.
  const expectedJson =
    '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
    '"m":{"dtype":"U8","shape":[3],"data_offsets":[8,11]}}';
  // Encoded in each test, not at load: Stryker credits a mutant only to the tests that run its code.
  const encodeExample = () =>
    encodeSafetensors(
      [
        { name: "w", dtype: "F32", shape: [2], data: new Float32Array([1.5, -2]) },
        { name: "m", dtype: "U8", shape: [3], data: new Uint8Array([1, 0, 1]) },
      ],
      { format: "pt" },
    );

  it("writes the header length as a little-endian u64", () => {
    const file = encodeExample();
    expect(expectedJson.length).toBe(138);
    expect([...file.subarray(0, 8)]).toEqual([0x90, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("writes the JSON header padded with spaces to a multiple of 8", () => {
    const file = encodeExample();
    expect(ascii(file.subarray(8, 152))).toBe(`${expectedJson}      `);
  });

  it("writes the raw little-endian buffers at their offsets", () => {
    const file = encodeExample();
    expect(file.length).toBe(152 + 11);
    expect([...file.subarray(152, 156)]).toEqual([0x00, 0x00, 0xc0, 0x3f]);
    expect([...file.subarray(156, 160)]).toEqual([0x00, 0x00, 0x00, 0xc0]);
    expect([...file.subarray(160)]).toEqual([1, 0, 1]);
  });

  it("places F32 tensors before U8 ones so that floats stay 4-byte aligned", () => {
    const mixed = encodeSafetensors([
      { name: "mask.a", dtype: "U8", shape: [3], data: new Uint8Array([1, 1, 0]) },
      { name: "a", dtype: "F32", shape: [1], data: new Float32Array([1.5]) },
    ]);
    const headerLength = new DataView(mixed.buffer).getUint32(0, true);
    const header = JSON.parse(ascii(mixed.subarray(8, 8 + headerLength)));
    expect(header).toEqual({
      a: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
      "mask.a": { dtype: "U8", shape: [3], data_offsets: [4, 7] },
    });
    expect(decodeSafetensors(mixed).tensors["mask.a"]?.data).toEqual(new Uint8Array([1, 1, 0]));
  });

  it("omits __metadata__ when none is given and allows empty tensors", () => {
    const empty = encodeSafetensors([{ name: "e", dtype: "F32", shape: [0, 3], data: new Float32Array(0) }]);
    expect(ascii(empty.subarray(8)).trimEnd()).toBe(
      '{"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}}',
    );
    expect(empty.length % 8).toBe(0);
  });

  it("rejects duplicate names, the reserved name and data that does not fit the shape", () => {
    const one = { name: "x", dtype: "U8" as const, shape: [1], data: new Uint8Array(1) };
    expect(() => encodeSafetensors([one, one])).toThrow('tensor "x" appears twice');
    expect(() => encodeSafetensors([{ ...one, name: "__metadata__" }])).toThrow("reserved");
    expect(() => encodeSafetensors([{ ...one, shape: [2] }])).toThrow(
      'tensor "x": shape [2] has 2 elements but the data has 1',
    );
    expect(() => encodeSafetensors([{ ...one, dtype: "F32" }])).toThrow("F32 data must be a Float32Array");
  });
});

describe("decodeSafetensors", () => {
  it("parses a hand-built file byte for byte", () => {
    // No padding, U8 first and F32 at offset 2: legal, if unaligned. 1.5 → 00 00 C0 3F.
    const file = handBuiltFile(
      '{"m":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},' +
        '"w":{"dtype":"F32","shape":[1,1],"data_offsets":[2,6]},"__metadata__":{"k":"v"}}',
      [7, 9, 0x00, 0x00, 0xc0, 0x3f],
    );
    const decoded = decodeSafetensors(file);
    expect(decoded.metadata).toEqual({ k: "v" });
    expect(decoded.tensors.m).toEqual({ dtype: "U8", shape: [2], data: new Uint8Array([7, 9]) });
    expect(decoded.tensors.w).toEqual({ dtype: "F32", shape: [1, 1], data: new Float32Array([1.5]) });
  });

  it("round-trips what the encoder writes, including awkward names", () => {
    const weights = new Float32Array([0.1, -3.25, 1e-8, 65504, -0]);
    const file = encodeSafetensors([
      { name: "blocks.0.attn.qkv.weight", dtype: "F32", shape: [5, 1], data: weights },
      { name: "__proto__", dtype: "U8", shape: [2], data: new Uint8Array([0, 1]) },
    ]);
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({});
    expect(Object.keys(tensors)).toEqual(["blocks.0.attn.qkv.weight", "__proto__"]);
    expect(tensors["blocks.0.attn.qkv.weight"]?.data).toEqual(weights);
    expect(Object.getOwnPropertyDescriptor(tensors, "__proto__")?.value.data).toEqual(new Uint8Array([0, 1]));
  });

  const entry = (name: string, dtype: string, shape: number[], offsets: number[]) =>
    `"${name}":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":${JSON.stringify(offsets)}}`;

  const malformed: [string, Uint8Array, string][] = [
    ["a file shorter than the length prefix", new Uint8Array(5), "file is 5 bytes, too short"],
    [
      "a header length past the end",
      (() => {
        const file = handBuiltFile("{}", []);
        file[0] = 200;
        return file;
      })(),
      "header length 200 runs past the end of the file (10 bytes)",
    ],
    ["a header that is not JSON", handBuiltFile("{nope", []), "header is not valid JSON"],
    ["a header that is not an object", handBuiltFile("[1]", []), 'does not start with "{"'],
    ["an unknown dtype", handBuiltFile(`{${entry("h", "F16", [1], [0, 2])}}`, [0, 0]), 'dtype "F16"'],
    [
      "a shape that does not match the byte range",
      handBuiltFile(`{${entry("w", "F32", [2], [0, 4])}}`, [0, 0, 0, 0]),
      'tensor "w": F32 shape [2] needs 8 bytes but data_offsets span 4',
    ],
    [
      "offsets past the data buffer",
      handBuiltFile(`{${entry("w", "U8", [4], [0, 4])}}`, [1, 2]),
      "data_offsets [0, 4] are out of range (data buffer is 2 bytes)",
    ],
    [
      "overlapping byte ranges",
      handBuiltFile(`{${entry("a", "U8", [2], [0, 2])},${entry("b", "U8", [2], [1, 3])}}`, [1, 2, 3]),
      'tensors "a" [0, 2] and "b" [1, 3] overlap',
    ],
    [
      "a gap between byte ranges",
      handBuiltFile(`{${entry("a", "U8", [1], [0, 1])},${entry("b", "U8", [1], [2, 3])}}`, [1, 2, 3]),
      "bytes 1–2 of the data buffer belong to no tensor",
    ],
    [
      "trailing bytes that belong to no tensor",
      handBuiltFile(`{${entry("a", "U8", [1], [0, 1])}}`, [1, 2]),
      "bytes 1–2 of the data buffer belong to no tensor",
    ],
    [
      "metadata that is not all strings",
      handBuiltFile('{"__metadata__":{"epoch":3}}', []),
      '"__metadata__" is not an object of strings',
    ],
    ["negative shape sizes", handBuiltFile(`{${entry("a", "U8", [-1], [0, 0])}}`, []), "shape is not a list"],
  ];

  it.each(malformed)("rejects %s", (_, file, message) => {
    expect(() => decodeSafetensors(file)).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(file)).toThrow(message);
  });
});
