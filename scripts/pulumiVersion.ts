/**
 * The one Pulumi version of this project: the SDK pinned in package.json (`@pulumi/pulumi`), which the
 * laptop CLI (`npm run pulumi`, scripts/pulumi.ts) and the CI CLI (`pulumi-version:` of every
 * `pulumi/actions` step in .github/workflows/) must equal; test/workflows/pulumiVersion.test.ts checks
 * that they do.
 *
 * Why the SDK's pin is the source: the npm package `pulumi` (the launcher that downloads the CLI) is not
 * published for every release (its newest is older than the SDK this project was built and tested with),
 * but it runs whichever CLI version `PULUMI_VERSION` names (its lib/resolve.js: `process.env.PULUMI_VERSION
 * || pkg.version`), so the launcher's own version does not decide the CLI's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The exact `@pulumi/pulumi` version package.json pins (devDependencies), e.g. "3.276.0". */
export function pinnedPulumiVersion(projectDirectory: string): string {
  const manifest = JSON.parse(readFileSync(join(projectDirectory, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  const pin = manifest.devDependencies?.["@pulumi/pulumi"];
  if (!pin || !/^\d+\.\d+\.\d+$/.test(pin)) {
    throw new Error(
      `package.json must pin devDependencies["@pulumi/pulumi"] to one exact version, got ${pin}`,
    );
  }
  return pin;
}
