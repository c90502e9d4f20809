import { describe, expect, it } from "vitest";
import { formatSize, parseSize } from "../src/size.js";

describe("parseSize", () => {
  it.each([
    [0, 0],
    [1234, 1234],
    ["10 MB", 10_000_000],
    ["10MB", 10_000_000],
    ["10 mb", 10_000_000],
    ["50 MiB", 52_428_800],
    ["1.5 kB", 1500],
    ["2 GiB", 2 * 1024 ** 3],
    ["512", 512],
    ["512 B", 512],
  ])("%j is %d bytes", (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each([["ten MB"], ["10 XB"], [-1], [1.5], ["-3 MB"], [null], [{}], ["1e9"]])("%j is not a size", (input) => {
    expect(parseSize(input)).toBeUndefined();
  });
});

describe("formatSize", () => {
  it.each([
    [512, "512 B"],
    [6_000_000, "6 MB"],
    [6_291_456, "6.3 MB"],
    [120_000_000, "120 MB"],
    [1_500_000_000, "1.5 GB"],
  ])("%d bytes reads %s", (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});
