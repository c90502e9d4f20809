// Writes schema.json from the built schema, so editors and the validator share one source.
import { writeFileSync } from "node:fs";
import { configSchema } from "../dist/index.js";

writeFileSync(new URL("../schema.json", import.meta.url), `${JSON.stringify(configSchema, null, 2)}\n`);
