import { z } from "zod";

/**
 * The per-environment `EnvironmentConfig` document (docs/railway-api-notes.md, "The environment config document"): every service instance's source, build,
 * deploy, variables and networking, plus shared variables, keyed by service id. Lenient on purpose, as
 * Railway's CLI is: the blob evolves server-side and unknown keys are kept, not rejected.
 */
const variableEntry = z.looseObject({ value: z.string().optional(), isSealed: z.boolean().optional() });

export const serviceConfigSchema = z.looseObject({
  source: z
    .looseObject({
      repo: z.string().nullish(),
      branch: z.string().nullish(),
      rootDirectory: z.string().nullish(),
      image: z.string().nullish(),
      checkSuites: z.boolean().nullish(),
    })
    .optional(),
  build: z.looseObject({}).optional(),
  deploy: z.looseObject({}).optional(),
  variables: z.record(z.string(), variableEntry.nullable()).optional(),
  networking: z
    .looseObject({
      serviceDomains: z
        .record(z.string(), z.looseObject({ port: z.number().nullish() }).nullable())
        .optional(),
    })
    .optional(),
  isDeleted: z.boolean().optional(),
  isCreated: z.boolean().optional(),
});

export const environmentConfigSchema = z.looseObject({
  services: z.record(z.string(), serviceConfigSchema).optional(),
  sharedVariables: z.record(z.string(), variableEntry.nullable()).optional(),
});

export type ServiceConfig = z.output<typeof serviceConfigSchema>;
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

/** A patch is the same document with only the keys that change; `null` deletes (variables, shared variables). */
export type EnvironmentPatch = {
  services?: Record<string, Record<string, unknown>>;
  sharedVariables?: Record<string, { value: string } | null>;
};

/** Variable values of one service (or the shared set) as a flat map; sealed and deleted entries drop out. */
export function variableValues(entries: Record<string, { value?: string | undefined } | null> | undefined) {
  const values: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries ?? {})) {
    if (entry && typeof entry.value === "string") values[name] = entry.value;
  }
  return values;
}

/**
 * Whether a service instance has something Railway can build: a repository or an image. A service made
 * in the dashboard without either is a placeholder, and Railway refuses to deploy it
 * (docs/railway-api-notes.md, "Deployments").
 */
export function hasSource(config: ServiceConfig | undefined): boolean {
  return Boolean(config?.source?.repo || config?.source?.image);
}
