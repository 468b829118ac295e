/**
 * The bench's fleet: N services from one repository, each with 20 variables (10 shared keys it references
 * and 10 of its own), in one environment: the shape whose request and deploy counts must not grow per
 * variable, and grow per service only where Railway's API allows nothing less (one create each).
 * Config (project `fleet`): `services` (N), `sharedValue` (the value of SHARED_0, changed by the bench).
 */
import * as pulumi from "@pulumi/pulumi";
import { Environment, Project, RailwayService, SharedVariables } from "pulumi-railway-app";

const config = new pulumi.Config();
const count = Number(config.require("services"));
const project = new Project("fleet", { name: config.get("projectName") ?? "fleet" });
const environment = new Environment("production", { projectId: project.id, name: "production", adopt: true });
const placement = { projectId: project.id, environmentId: environment.id };
const sharedKeys = Array.from({ length: 10 }, (_, index) => `SHARED_${index}`);
const shared = new SharedVariables("fleet-shared", {
  ...placement,
  variables: Object.fromEntries(
    sharedKeys.map((key, index) => [
      key,
      index === 0 ? (config.get("sharedValue") ?? "one") : `value-${index}`,
    ]),
  ),
});
const services = Array.from(
  { length: count },
  (_, index) =>
    new RailwayService(`svc-${index}`, {
      ...placement,
      settings: { repo: "acme/fleet", builder: "DOCKERFILE" },
      variables: Object.fromEntries(
        Array.from({ length: 10 }, (_, v) => [`VAR_${v}`, `service-${index}-${v}`]),
      ),
      shared: { variables: shared, keys: sharedKeys },
    }),
);

export const projectId = project.id;
export const environmentId = environment.id;
export const serviceCount = services.length;
