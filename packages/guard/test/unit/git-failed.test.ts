import { describe, expect, it } from "vitest";
import { gitFailed } from "../../src/git/exec.js";

describe("a failed git command is named by its subcommand, past git's own options", () => {
  it("names log for the walk's '-c log.showRoot=true log …', and cat-file, ls-files as given", () => {
    expect(gitFailed(["-c", "log.showRoot=true", "log", "--raw"], "fatal: bad object 4105aac\n", 128).message).toBe("git log failed: bad object 4105aac");
    expect(gitFailed(["--literal-pathspecs", "ls-files", "-s"], "error: boom\n", 1).message).toBe("git ls-files failed: boom");
    expect(gitFailed(["-C", "/srv/x", "cat-file", "--batch"], "", 1).message).toBe("git cat-file failed: exit 1");
    expect(gitFailed(["cat-file"], "fatal: something\n", 128).message).toBe("git cat-file failed: something");
  });
});
