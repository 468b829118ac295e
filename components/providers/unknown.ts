/**
 * During preview, values that are not known yet reach check() and diff() as this sentinel string, not as
 * Pulumi Output objects (the Node dynamic-provider host never sees Outputs; docs/pulumi-notes.md).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether the value is, or contains, a value unknown during preview. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
