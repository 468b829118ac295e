/** Every GraphQL operation the project sends. The schema test validates each one against Railway's schema. */
export * from "./account.ts";
export * from "./deployments.ts";
export * from "./domains.ts";
export * from "./environments.ts";
export * from "./projects.ts";
export * from "./services.ts";
export * from "./variables.ts";
