import { invalidInput } from "../graphql/errors.ts";

// GraphQL has already type-checked arguments against the schema; these only narrow for TypeScript.

export type Args = Record<string, unknown>;

export function requiredString(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== "string") throw invalidInput(`${key} is required`);
  return value;
}

export function optionalString(args: Args, key: string): string | undefined {
  const value = args[key];
  return typeof value === "string" ? value : undefined;
}

export function optionalBoolean(args: Args, key: string): boolean | undefined {
  const value = args[key];
  return typeof value === "boolean" ? value : undefined;
}

export function optionalInt(args: Args, key: string): number | undefined {
  const value = args[key];
  return typeof value === "number" ? value : undefined;
}

export function inputObject(args: Args, key = "input"): Args {
  const value = args[key];
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalidInput(`${key} is required`);
  return value as Args;
}

export function optionalObject(args: Args, key: string): Args | undefined {
  const value = args[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Args) : undefined;
}
