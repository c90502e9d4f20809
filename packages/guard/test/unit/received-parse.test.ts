import { describe, expect, it } from "vitest";
import { parseReceivedUpdates, pushOptions, receivedRevisions, skipReason } from "../../src/range/received.js";
import { revisionArgs } from "../../src/range/revlist.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const Z = "0".repeat(40);

// As git 2.39 writes pre-receive's stdin for a push of an update, a new tag, a deletion.
const CAPTURED = `${A} ${B} refs/heads/main\n${Z} ${A} refs/tags/v1.0\n${B} ${Z} refs/heads/old\n`;

describe("pre-receive stdin", () => {
  it("reads every <old> <new> <ref> line", () => {
    expect(parseReceivedUpdates(CAPTURED)).toEqual({
      updates: [
        { oldSha: A, newSha: B, ref: "refs/heads/main" },
        { oldSha: Z, newSha: A, ref: "refs/tags/v1.0" },
        { oldSha: B, newSha: Z, ref: "refs/heads/old" },
      ],
      problems: [],
    });
    expect(parseReceivedUpdates(`${"c".repeat(64)} ${"0".repeat(64)} refs/heads/x\r\n\n`).updates).toHaveLength(1);
  });

  it("names each line it cannot read (a pre-push line, a short sha, a ref with a space)", () => {
    const { problems } = parseReceivedUpdates(`refs/heads/main ${A} refs/heads/main ${B}\n${A.slice(1)} ${B} refs/heads/x\n${A} ${B} refs/heads/a b\n`);
    expect(problems.map((p) => p.split(":")[0])).toEqual(["line 1", "line 2", "line 3"]);
  });

  it("judges the new tips minus every ref (--not --all); deletions bring nothing", () => {
    const set = receivedRevisions(parseReceivedUpdates(CAPTURED).updates);
    expect(set).toEqual({ include: [B, A], exclude: [], notAll: true });
    expect(revisionArgs(set)).toEqual({ args: ["--stdin", "--not", "--all"], input: `${B}\n${A}\n` });
    expect(receivedRevisions([{ oldSha: B, newSha: Z, ref: "refs/heads/old" }]).include).toEqual([]);
  });
});

describe("push options", () => {
  it("reads GIT_PUSH_OPTION_COUNT and GIT_PUSH_OPTION_<n>, and the last ballast.skip wins", () => {
    const env = { GIT_PUSH_OPTION_COUNT: "3", GIT_PUSH_OPTION_0: "ci.skip", GIT_PUSH_OPTION_1: "ballast.skip=first", GIT_PUSH_OPTION_2: "ballast.skip=hotfix: OPS-7" };
    expect(pushOptions(env)).toEqual(["ci.skip", "ballast.skip=first", "ballast.skip=hotfix: OPS-7"]);
    expect(skipReason(pushOptions(env))).toBe("hotfix: OPS-7");
    expect(skipReason(["ballast.skip"])).toBe("");
    expect(skipReason(["ballast.skipper=x"])).toBeUndefined();
    expect(pushOptions({})).toEqual([]);
    expect(pushOptions({ GIT_PUSH_OPTION_COUNT: "x" })).toEqual([]);
  });
});
