import { describe, expect, it } from "vitest";
import { mergeConfigs } from "../src/merge.js";
import { validateConfig } from "../src/validate.js";

describe("receive.allowSkip (the server hook's escape hatch)", () => {
  it("is a declared boolean: a typo or a string is an error, not a silent default", () => {
    expect(validateConfig({ receive: { allowSkip: true } })).toEqual([]);
    expect(validateConfig({ receive: { allowSkp: true } })[0]).toMatchObject({ key: "receive.allowSkp" });
    expect(validateConfig({ receive: { allowSkip: "yes" } })[0]).toMatchObject({ key: "receive.allowSkip" });
    expect(validateConfig({ receive: true })[0]).toMatchObject({ key: "receive" });
  });

  it("is off unless a layer turns it on, and a later layer may turn it off again", () => {
    const meta = { sources: [], root: "/" };
    expect(mergeConfigs([{}], meta).receive).toEqual({ allowSkip: false });
    expect(mergeConfigs([{ receive: { allowSkip: true } }], meta).receive.allowSkip).toBe(true);
    expect(mergeConfigs([{ receive: { allowSkip: true } }, { receive: { allowSkip: false } }], meta).receive.allowSkip).toBe(false);
  });
});
