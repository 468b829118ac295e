/**
 * The policy pack: `new PolicyPack` starts the analyzer's gRPC server and prints its port for the
 * engine, so only the CLI's policy runner loads this file (through main.js); tests import policies.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies.ts";

new PolicyPack("railway-app", {
  policies,
  description:
    "Invariants of a Railway app declared with pulumi-railway-app: one broker for every Celery service, workers without HTTP, no secret in plain text, preview stacks that own only their own environment.",
});
