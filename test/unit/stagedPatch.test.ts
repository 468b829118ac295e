/** coveredBy: staged changes are ours to commit only when this run would write every one of them itself. */
import { describe, expect, it } from "vitest";
import { coveredBy } from "../../components/providers/environmentBatch.ts";

const ours = {
  sharedVariables: { LOG_LEVEL: { value: "DEBUG" } },
  services: { s1: { deploy: { startCommand: "celery worker" }, variables: { OLD: null } } },
};

describe("coveredBy", () => {
  it("takes a staged patch that is ours, whole or in part", () => {
    expect(coveredBy(ours, ours)).toBe(true);
    expect(coveredBy({ sharedVariables: { LOG_LEVEL: { value: "DEBUG" } } }, ours)).toBe(true);
    expect(coveredBy({ services: { s1: { variables: { OLD: null } } } }, ours)).toBe(true);
    expect(coveredBy({ services: {} }, ours)).toBe(true);
  });

  it("refuses a value, a deletion or an object this run would not write", () => {
    expect(coveredBy({ sharedVariables: { LOG_LEVEL: { value: "INFO" } } }, ours)).toBe(false);
    expect(coveredBy({ sharedVariables: { OTHER: { value: "x" } } }, ours)).toBe(false);
    expect(coveredBy({ services: { s1: { variables: { KEEP: null } } } }, ours)).toBe(false);
    expect(coveredBy({ services: { s2: { deploy: { numReplicas: 2 } } } }, ours)).toBe(false);
    expect(coveredBy({ services: { s1: { variables: { OLD: { value: "back" } } } } }, ours)).toBe(false);
    expect(coveredBy({ services: { s1: null } }, ours)).toBe(false);
  });
});
