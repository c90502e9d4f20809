/**
 * import() of a package or a file URL. Inside ballast's command-line bundle, which is run
 * through vm.Script so V8 can keep its compiled code (guard/src/cli/code-cache.ts), an
 * import() written in the bundle has no module loader to call: the bin, loaded by Node
 * itself, hands over its own as `Symbol.for("ballast.import")`. Elsewhere, plain import().
 */
export function importModule<T>(specifier: string): Promise<T> {
  const viaBin = (globalThis as Record<symbol, unknown>)[Symbol.for("ballast.import")] as ((s: string) => Promise<unknown>) | undefined;
  return (viaBin ? viaBin(specifier) : import(specifier)) as Promise<T>;
}
