import { describe, expect, it } from "vitest";
import { pathToUri } from "../../src/cli/sarif.js";
import { bucketize, extensionOf, folderOf, largest } from "../../src/range/weigh.js";

const blob = (path: string, size: number) => ({ path, size, object: `${path}-sha` });

describe("audit grouping", () => {
  it("names extensions, compound archives as one", () => {
    expect(extensionOf("models/nlu-2024.tar.gz")).toBe(".tar.gz");
    expect(extensionOf("weights/model.PT")).toBe(".pt");
    expect(extensionOf("Dockerfile")).toBe("(none)");
    expect(extensionOf(".env")).toBe("(none)");
    expect(extensionOf("a.b/c")).toBe("(none)");
  });

  it("names the top folder, '.' for the top", () => {
    expect(folderOf("models/x/y.bin")).toBe("models");
    expect(folderOf("README.md")).toBe(".");
  });

  it("totals buckets heaviest first and keeps the largest blobs in order", () => {
    const blobs = [blob("models/a.pt", 300), blob("models/b.pt", 200), blob("docs/x.png", 400), blob("README.md", 10)];
    expect(bucketize(blobs, extensionOf, 10)).toEqual([
      { name: ".pt", blobs: 2, bytes: 500 },
      { name: ".png", blobs: 1, bytes: 400 },
      { name: ".md", blobs: 1, bytes: 10 },
    ]);
    expect(bucketize(blobs, folderOf, 1)).toEqual([{ name: "models", blobs: 2, bytes: 500 }]);
    expect(largest(blobs, 2).map((b) => b.path)).toEqual(["docs/x.png", "models/a.pt"]);
  });
});

describe("SARIF locations", () => {
  it("percent-encodes each path segment and keeps the slashes", () => {
    expect(pathToUri("models/nlu model#1.tar.gz")).toBe("models/nlu%20model%231.tar.gz");
    expect(pathToUri("a/b.txt")).toBe("a/b.txt");
  });
});
