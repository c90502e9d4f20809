/** Global options that take a value: `ballast --cwd DIR check` names the command "check". */
const VALUE_OPTIONS = new Set(["--cwd", "--config", "--format"]);

/** Where the command's name is in argv (global options may come first); -1 for none. */
export function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return -1;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return i;
  }
  return -1;
}

/** The value of `--name VALUE` or `--name=VALUE`, if given. */
export function optionValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return undefined;
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}
