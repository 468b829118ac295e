/**
 * One Railway object kind per dynamic provider. Each gets its own type token
 * `pulumi-nodejs:dynamic/railway:<Kind>`, which policy packs and state readers match on. These names are
 * a contract with every state ever written: never rename one.
 */
export type ResourceKind =
  | "Project"
  | "Environment"
  | "Service"
  | "ServiceSettings"
  | "ServiceVariables"
  | "SharedVariables"
  | "ServiceDomain"
  | "Deployment";
