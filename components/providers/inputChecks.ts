import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { firstIssue } from "../railway/issueWords.ts";
import { containsUnknown } from "./unknown.ts";

/** A zod refinement from a vocabulary rule: each problem it names becomes an issue. */
export function ruleOf(rule: (value: string) => string[]) {
  return (value: string, context: z.RefinementCtx) => {
    for (const message of rule(value)) context.addIssue({ code: "custom", message });
  };
}

/** Inputs without Pulumi's internal keys. */
export function withoutProviderKeys(bag: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _provider, ...rest } = bag;
  return rest;
}

/**
 * check(): validates each input with the provider's schema before any API write, naming the property.
 * Values unknown during preview are not judged; they are checked again when known.
 */
export function checkInputs<Inputs extends object>(
  schema: z.ZodObject,
  news: Inputs,
  extra: (inputs: Record<string, unknown>) => pulumi.dynamic.CheckFailure[] = () => [],
): pulumi.dynamic.CheckResult<Inputs> {
  const inputs = withoutProviderKeys(news as Record<string, unknown>);
  const known = Object.fromEntries(Object.entries(inputs).filter(([, value]) => !containsUnknown(value)));
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [property, propertySchema] of Object.entries(shape)) {
    if (containsUnknown(inputs[property])) continue;
    const parsed = propertySchema.safeParse(inputs[property]);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      const where = issue.where ? `.${issue.where}` : "";
      failures.push({ property, reason: `${property}${where} ${issue.message}` });
    }
  }
  for (const property of Object.keys(inputs)) {
    if (!(property in shape))
      failures.push({ property, reason: `${property} is not an input of this resource` });
  }
  if (failures.length === 0) failures.push(...extra(known));
  return { inputs: news, failures };
}

/** Properties whose values differ (compared as JSON), treating unknown values as changed. */
export function changedKeys(olds: object, news: object, keys: readonly string[]): string[] {
  const before = olds as Record<string, unknown>;
  const after = news as Record<string, unknown>;
  return keys.filter(
    (key) =>
      containsUnknown(after[key]) ||
      JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  );
}

/** A diff result from the keys that changed and those of them that force a replacement. */
export function diffResult(changed: string[], replaceKeys: readonly string[]): pulumi.dynamic.DiffResult {
  const replaces = changed.filter((key) => replaceKeys.includes(key));
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}
