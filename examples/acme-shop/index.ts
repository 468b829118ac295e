/**
 * Acme's shop: a Node storefront and a Node order worker built from one repository, and a Redis both of
 * them use as the order queue.
 *
 *   Railway project acme-shop ─ environment production
 *     ├─ Redis            redis image, password-protected, private only
 *     ├─ shared           NODE_ENV, LOG_LEVEL, STRIPE_SECRET_KEY (reach each service as ${{shared.KEY}})
 *     ├─ storefront       `node dist/server.js`, healthcheck /health, public domain
 *     └─ orders-worker    `node dist/worker.js`, 2 replicas, ready when its own log says so
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Environment,
  logReadiness,
  Project,
  RailwayService,
  SharedVariables,
  vocabulary,
} from "pulumi-railway-app";

const config = new pulumi.Config();
const project = new Project("acme-shop", { name: config.get("projectName") ?? "acme-shop" });
const production = new Environment("production", { projectId: project.id, name: "production", adopt: true });
const placement = { projectId: project.id, environmentId: production.id };

const redis = new RailwayService("Redis", {
  ...placement,
  settings: {
    image: "redis:8.2",
    startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'`,
  },
  variables: {
    REDIS_PASSWORD: config.requireSecret("redisPassword"),
    REDIS_URL: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379",
  },
});

const shared = new SharedVariables("shop-shared", {
  ...placement,
  variables: {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    STRIPE_SECRET_KEY: config.requireSecret("stripeSecretKey"),
  },
});
const usesShared = { variables: shared, keys: ["NODE_ENV", "LOG_LEVEL", "STRIPE_SECRET_KEY"] };
const source = { repo: config.require("repo"), builder: "DOCKERFILE" as const };
// Both apps reach the queue through the same reference, and deploy again when Redis's variables change
// (Railway starts a commit's deployments in reference order, so Redis comes up first).
const onRedis = { redeployOn: [redis.variables.revision] };

const storefront = new RailwayService("storefront", {
  ...placement,
  ...onRedis,
  settings: { ...source, startCommand: "node dist/server.js", healthcheckPath: "/health" },
  variables: { REDIS_URL: "${{Redis.REDIS_URL}}", PORT: "3000" },
  shared: usesShared,
  domain: { targetPort: 3000 },
});

// The worker serves no HTTP, so Railway cannot healthcheck it: `up` waits for its own log lines instead,
// and fails if it connected to any Redis but the declared one.
const ordersWorker = new RailwayService("orders-worker", {
  ...placement,
  ...onRedis,
  settings: { ...source, startCommand: "node dist/worker.js", numReplicas: 2 },
  variables: { REDIS_URL: "${{Redis.REDIS_URL}}", QUEUE_NAME: "orders" },
  shared: usesShared,
  verify: logReadiness({
    lines: [
      {
        description: "worker: connected to redis://…",
        pattern: "worker: connected to rediss?://(?:[^@\\s/]*@)?([^:/\\s]+)",
        capture: {
          group: 1,
          equals: vocabulary.privateHost("Redis"),
          mismatch: "the worker connected to {actual}, not to the shop's Redis ({expected})",
        },
      },
      {
        description: 'worker: ready, consuming queue "orders"',
        pattern: 'worker: ready, consuming queue "orders"',
      },
    ],
    hints: [
      {
        pattern: "worker: Error connecting to",
        cause: "the worker cannot reach Redis",
        fix: "check that Redis is deployed and that REDIS_URL is ${{Redis.REDIS_URL}}",
      },
    ],
    timeoutSeconds: 60,
  }),
});

export const projectId = project.id;
export const environmentId = production.id;
export const storefrontUrl = storefront.url;
export const serviceIds = pulumi
  .all([redis.serviceId, storefront.serviceId, ordersWorker.serviceId])
  .apply(([redisId, storefrontId, workerId]) => ({
    Redis: redisId,
    storefront: storefrontId,
    "orders-worker": workerId,
  }));
