import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type Metrics, startEmulator } from "../../../emulator/index.ts";
import { omnidocPeerStack } from "./omnidocPeerStack.ts";
import {
  type PeerApi,
  type PeerState,
  peerApi,
  terraformApply,
  terraformFirstApply,
  terraformNoOpPlan,
  terraformSharedVariableChange,
  terraformStartCommandChange,
} from "./terraformReplay.ts";

// The counts derived from the provider's code (README.md in this folder) for the bench's 2-service stack
// (./omnidocPeerStack.ts: 6 shared variables, 2 repo services each referencing all 6, 1 domain), asserted
// against the emulator so that the replay, the provider's pattern as written down, and the emulator
// cannot drift apart silently.

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

interface Observed {
  requests: number;
  byOperation: Record<string, number>;
  writes: Record<string, number>;
  deploymentsByService: Record<string, number>;
  deploymentCauses: Record<string, number>;
}

function observe(metrics: Metrics): Observed {
  return {
    requests: metrics.totalRequests,
    byOperation: metrics.requestsByOperationName,
    writes: count(metrics.writes, (w) => w.field),
    deploymentsByService: metrics.deploymentsByService,
    deploymentCauses: count(metrics.deployments, (d) => d.cause),
  };
}

/** What every refresh of this stack reads, per style (one Read per resource in the state). */
const REFRESH = {
  // project 1 getProject; per service getService, getProject ×2, getServiceInstance, listDeploymentTriggers,
  // getVolumeInstances; per shared variable getSharedVariables; per service variable getVariables; the
  // domain listServiceDomains.
  railway_variable: {
    getProject: 5,
    getService: 2,
    getServiceInstance: 2,
    listDeploymentTriggers: 2,
    getVolumeInstances: 2,
    getSharedVariables: 6,
    getVariables: 12,
    listServiceDomains: 1,
  },
  railway_variable_collection: {
    getProject: 5,
    getService: 2,
    getServiceInstance: 2,
    listDeploymentTriggers: 2,
    getVolumeInstances: 2,
    getSharedVariables: 6,
    getVariables: 2,
    listServiceDomains: 1,
  },
} as const;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

const BACKEND = "production/omnidoc-backend";
const WORKER = "production/omnidoc-celery-worker";

describe.each(["railway_variable", "railway_variable_collection"] as const)(
  "Terraform replay, %s",
  (style) => {
    let emulator: Emulator;
    let api: PeerApi;
    let state: PeerState;
    const refresh = REFRESH[style];

    beforeAll(async () => {
      emulator = await startEmulator({ rateLimits: false });
      api = peerApi(emulator.url, emulator.defaults.accountToken);
    });
    afterAll(async () => {
      await emulator.close();
    });

    async function run<T>(action: () => Promise<T>): Promise<{ result: T; observed: Observed }> {
      emulator.resetMetrics();
      const sentBefore = { ...api.sent };
      const result = await action();
      const metrics = emulator.metrics();
      // What the replay sent is what the emulator counted, operation by operation.
      const sent: Record<string, number> = {};
      for (const [name, n] of Object.entries(api.sent))
        if (n > (sentBefore[name] ?? 0)) sent[name] = n - (sentBefore[name] ?? 0);
      expect(metrics.requestsByOperationName).toEqual(sent);
      expect(metrics.rateLimited).toBe(0);
      return { result, observed: observe(metrics) };
    }

    it("first terraform apply", async () => {
      const { result, observed } = await run(() => terraformFirstApply(api, omnidocPeerStack(style)));
      state = result;
      const perVariable = style === "railway_variable";
      const byOperation = {
        createProject: 1,
        // 6 shared variables: upsertVariable + getSharedVariables each.
        getSharedVariables: 6,
        // 2 services: createService, updateServiceInstance, connectService, getProject ×2, getServiceInstance,
        // listDeploymentTriggers, getVolumeInstances each.
        createService: 2,
        updateServiceInstance: 2,
        connectService: 2,
        getProject: 4,
        getServiceInstance: 2,
        listDeploymentTriggers: 2,
        getVolumeInstances: 2,
        // Service variables: per railway_variable (12) or per collection (2): getService, the upsert,
        // getVariables, redeployServiceInstance. The domain adds one getService.
        ...(perVariable
          ? { upsertVariable: 6 + 12, getService: 12 + 1, getVariables: 12, redeployServiceInstance: 12 }
          : {
              upsertVariable: 6,
              upsertVariableCollection: 2,
              getService: 2 + 1,
              getVariables: 2,
              redeployServiceInstance: 2,
            }),
        // The domain: createServiceDomain, updateServiceDomain, getService (above), listServiceDomains.
        createServiceDomain: 1,
        updateServiceDomain: 1,
        listServiceDomains: 1,
      };
      expect(observed).toEqual({
        requests: perVariable ? 81 : 41,
        byOperation,
        writes: {
          projectCreate: 1,
          serviceCreate: 2,
          serviceInstanceUpdate: 2,
          serviceConnect: 2,
          serviceDomainCreate: 1,
          serviceDomainUpdate: 1,
          ...(perVariable
            ? { variableUpsert: 18, serviceInstanceRedeploy: 12 }
            : { variableUpsert: 6, variableCollectionUpsert: 2, serviceInstanceRedeploy: 2 }),
        },
        // Per service: serviceConnect 1, then per variable resource its upsert (skipDeploys false) and the
        // provider's own redeploy: 1 + 6 + 6 = 13, or 1 + 1 + 1 = 3 with a collection. The shared
        // variables deploy nothing: no service references them yet when they are created.
        deploymentsByService: perVariable ? { [BACKEND]: 13, [WORKER]: 13 } : { [BACKEND]: 3, [WORKER]: 3 },
        deploymentCauses: perVariable
          ? { serviceConnect: 2, variableUpsert: 12, serviceInstanceRedeploy: 12 }
          : { serviceConnect: 2, variableCollectionUpsert: 2, serviceInstanceRedeploy: 2 },
      });
      expect(sum(byOperation)).toBe(observed.requests);
    });

    it("terraform plan with no change: one Read per resource, nothing written", async () => {
      const { observed } = await run(() => terraformNoOpPlan(api, state));
      expect(observed).toEqual({
        requests: style === "railway_variable" ? 32 : 22,
        byOperation: refresh,
        writes: {},
        deploymentsByService: {},
        deploymentCauses: {},
      });
    });

    it("a shared variable changed: refresh, one upsert and its read-back; every referrer deploys once", async () => {
      const { result, observed } = await run(() =>
        terraformSharedVariableChange(api, state, "LOG_LEVEL", "DEBUG"),
      );
      state = result.state;
      expect(result.changed).toEqual(["railway_shared_variable.LOG_LEVEL"]);
      expect(observed).toEqual({
        requests: sum(refresh) + 2,
        byOperation: { ...refresh, upsertVariable: 1, getSharedVariables: refresh.getSharedVariables + 1 },
        writes: { variableUpsert: 1 },
        deploymentsByService: { [BACKEND]: 1, [WORKER]: 1 },
        deploymentCauses: { variableUpsert: 2 },
      });
      // The next plan is empty again.
      await terraformNoOpPlan(api, state);
    });

    it("the worker's start command changed: a config-file push, so terraform only refreshes", async () => {
      const { result, observed } = await run(() =>
        terraformStartCommandChange(
          api,
          state,
          "omnidoc-celery-worker",
          "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=2",
        ),
      );
      state = result.state;
      expect(result.changed).toEqual([]);
      expect(result.deploysOutsideApi).toEqual([BACKEND, WORKER]);
      expect(observed).toEqual({
        requests: sum(refresh),
        byOperation: refresh,
        writes: {},
        deploymentsByService: {},
        deploymentCauses: {},
      });
    });

    it("a railway_service attribute changed (config_path): the provider's Update redeploys every instance", async () => {
      const stack = {
        ...state.stack,
        services: state.stack.services.map((s) =>
          s.name === "omnidoc-celery-worker" ? { ...s, configPath: "railway.worker.v2.json" } : s,
        ),
      };
      const { result, observed } = await run(() => terraformApply(api, state, stack));
      state = result.state;
      expect(result.changed).toEqual(["railway_service.omnidoc-celery-worker"]);
      // Refresh, then updateServiceInstance, getServiceInstances, redeployServiceInstance (1 instance), and
      // the read-back: getProject ×2, getServiceInstance, listDeploymentTriggers, getVolumeInstances.
      expect(observed).toEqual({
        requests: sum(refresh) + 8,
        byOperation: {
          ...refresh,
          updateServiceInstance: 1,
          getServiceInstances: 1,
          redeployServiceInstance: 1,
          getProject: refresh.getProject + 2,
          getServiceInstance: refresh.getServiceInstance + 1,
          listDeploymentTriggers: refresh.listDeploymentTriggers + 1,
          getVolumeInstances: refresh.getVolumeInstances + 1,
        },
        writes: { serviceInstanceUpdate: 1, serviceInstanceRedeploy: 1 },
        deploymentsByService: { [WORKER]: 1 },
        deploymentCauses: { serviceInstanceRedeploy: 1 },
      });
      await terraformNoOpPlan(api, state);
    });
  },
);

describe("PeerApi", () => {
  it("fails the resource on a GraphQL error, as genqlient does (no retry)", async () => {
    const emulator = await startEmulator({ rateLimits: false });
    try {
      emulator.faults.inject({ field: "serviceCreate", kind: "graphqlError" });
      const api = peerApi(emulator.url, emulator.defaults.accountToken);
      await expect(terraformFirstApply(api, omnidocPeerStack())).rejects.toThrow(
        /^createService: Problem processing request/,
      );
      // One attempt per createService; the failure stops the services' dependents.
      expect(api.sent.createService).toBe(2);
      expect(api.sent.upsertVariable ?? 0).toBeLessThanOrEqual(6);
    } finally {
      await emulator.close();
    }
  });

  it("paced to 10 requests per second, replays against the default (Hobby) limits without a 429", async () => {
    const emulator = await startEmulator();
    try {
      const api = peerApi(emulator.url, emulator.defaults.accountToken, { perSecond: 10 });
      await terraformFirstApply(api, omnidocPeerStack("railway_variable_collection"));
      expect(emulator.metrics().rateLimited).toBe(0);
      expect(emulator.metrics().totalRequests).toBe(41);
    } finally {
      await emulator.close();
    }
  });
});
