import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isBinary } from "../../src/rules/binary.js";
import { pathArgs, shellQuote } from "../../src/util/shell.js";

describe("shellQuote", () => {
  it.each(["plain.txt", "with space.bin", "it's.bin", "new\nline", "tab\there", "ünïcödé.pt", "$(rm -rf /)", "-dash"])(
    "%j survives a real shell unchanged",
    (name) => {
      const echoed = spawnSync("bash", ["-c", `printf '%s' ${shellQuote(name)}`], { encoding: "utf8" }).stdout;
      expect(echoed).toBe(name);
    },
  );

  it("guards names that start with a dash with --", () => {
    expect(pathArgs(["-rf"])).toBe("-- -rf");
    expect(pathArgs(["a.bin"])).toBe("a.bin");
  });
});

describe("isBinary (git's test)", () => {
  it("finds a NUL in the first 8000 bytes", () => {
    expect(isBinary(Buffer.from([65, 0, 66]))).toBe(true);
    expect(isBinary(Buffer.from("text only"))).toBe(false);
  });
  it("treats UTF-16 with a BOM as text", () => {
    expect(isBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hi", "utf16le")]))).toBe(false);
    expect(isBinary(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("hi", "utf16le").swap16()]))).toBe(false);
  });
});
