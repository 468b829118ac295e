/**
 * pulumi-railway-app: declare a Railway app (project, environments, services, their settings and one
 * shared set of variables) with Pulumi, and deploy each changed service exactly once, verified.
 *
 * @example
 * import { CeleryApp, Environment, Project, RailwayService } from "pulumi-railway-app";
 *
 * const project = new Project("shop", { name: "shop" });
 * const production = new Environment("production", { projectId: project.id, name: "production", adopt: true });
 * const redis = new RailwayService("Redis", {
 *   projectId: project.id, environmentId: production.id,
 *   settings: { image: "redis:8.2" },
 * });
 */

// Components: what most programs declare.
export {
  type CeleryApi,
  CeleryApp,
  type CeleryAppArgs,
  CeleryAppConfigError,
  type CeleryBeat,
  type CelerySource,
  type CeleryWorker,
} from "./CeleryApp.ts";
// Verification strategies and the vocabulary they and every argument are judged with.
export { celeryVerification } from "./celery/celeryVerification.ts";
export type { LogExpectation, LogHint, Verification } from "./providers/logVerification.ts";
export { RailwayService, type RailwayServiceArgs } from "./RailwayService.ts";
export type { ServiceSettings as ServiceSettingValues } from "./railway/settingFields.ts";
export { SERVICE_SETTING_FIELDS } from "./railway/settingFields.ts";
export * as vocabulary from "./railway/vocabulary.ts";
// Resources: one Railway object each, for programs that compose their own.
export {
  Deployment,
  type DeploymentArgs,
  type LogExpectationArgs,
  logReadiness,
  type VerificationArgs,
} from "./resources/Deployment.ts";
export { Environment, type EnvironmentArgs } from "./resources/Environment.ts";
export { Project, type ProjectArgs } from "./resources/Project.ts";
export { Service, type ServiceArgs } from "./resources/Service.ts";
export { ServiceDomain, type ServiceDomainArgs } from "./resources/ServiceDomain.ts";
export {
  ServiceSettings,
  type ServiceSettingsArgs,
  type ServiceSettingsDeclaration,
} from "./resources/ServiceSettings.ts";
export { ServiceVariables, type ServiceVariablesArgs } from "./resources/ServiceVariables.ts";
export { SharedVariables, type SharedVariablesArgs } from "./resources/SharedVariables.ts";
export { execFormSafe } from "./startCommand.ts";
