/**
 * Command-line arguments for the scripts run with `npm run <script> -- …`: `--help` prints the script's
 * usage and exits 0; an unknown or malformed argument prints one line, the reason and a pointer to
 * `--help`, and exits 2 (nothing has been done by then).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Exits 2 with `<script>: <reason>. See npm run <script> -- --help`. */
export function usageFailure(script: string, reason: string): never {
  console.error(`${script}: ${reason.replace(/\.$/, "")}. See npm run ${script} -- --help`);
  process.exit(2);
}

/** `parseArgs` (strict, no positionals) with `--help`; returns the parsed values. */
export function parseScriptArgs<Options extends NonNullable<ParseArgsConfig["options"]>>(
  script: string,
  help: string,
  options: Options,
  argv: readonly string[] = process.argv.slice(2),
) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(help);
    process.exit(0);
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Node's own message names the argument ("Unknown option '--bogus'"); its advice to use `--` does not apply.
    return usageFailure(script, (error as Error).message.split(". To specify")[0] ?? String(error));
  }
}
