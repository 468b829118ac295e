/**
 * A replay of the requests the community Terraform provider for Railway
 * (github.com/terraform-community-providers/terraform-provider-railway, commit b1cd755, cited below as
 * "TF <file>, <function>") sends for `terraform apply`, `terraform plan` and the changes our bench
 * measures, with the provider's own GraphQL documents (./providerDocuments.ts). It runs against any
 * Railway-compatible endpoint, in particular the emulator, so the bench can put the provider's request,
 * write and deployment counts beside ours. README.md in this folder lists the pattern per operation and
 * what the replay cannot model.
 *
 * Terraform's side (HashiCorp's CLI docs, developer.hashicorp.com/terraform/cli/commands/plan, "Planning
 * Options"): `plan` and `apply` refresh every resource in the state first (`-refresh=true` is the default),
 * then diff the configuration against the refreshed state; `apply` then calls Create/Update only for the
 * resources that differ; the graph is walked with at most 10 operations at once (`-parallelism=10`). A
 * `terraform apply` that finds nothing to change stops after that refresh ("No changes").
 */
import { DOCUMENTS, type OperationName } from "./providerDocuments.ts";

// ── The provider's HTTP client ────────────────────────────────────────────────────────────────────────

export interface PeerApiOptions {
  /**
   * Send at most this many requests per wall-clock second. The provider does NOT pace itself (it has no
   * sleep and no retry anywhere under internal/provider); this exists only so a replay can run against
   * the emulator's default Hobby budget (10/s) without being refused. Counts do not depend on it.
   */
  perSecond?: number;
}

export interface PeerApi {
  /**
   * POSTs one of the provider's documents with genqlient's body `{query, variables, operationName}` and
   * throws, as genqlient's `MakeRequest` does (Khan/genqlient graphql/client.go; the provider pins v0.5.0
   * in go.mod), on a status other than 200 and on a non-empty `errors`.
   */
  call(operation: OperationName, variables: Record<string, unknown>): Promise<Json>;
  /** Requests sent, by operation name. */
  readonly sent: Record<string, number>;
}

/** Response JSON as the replay reads it; each reader checks the shape it needs. */
// biome-ignore lint/suspicious/noExplicitAny: GraphQL response data is untyped wire JSON (the project's convention, test/emulator/helpers.ts).
export type Json = any;

/**
 * TF provider.go, `Configure`: `graphql.NewClient("https://backboard.railway.app/graphql/v2?source=terraform_provider_railway", …)`;
 * TF client.go, `authedTransport.RoundTrip`: `Authorization: Bearer <token>`. `url` replaces the host
 * and path (the emulator's `url`); the query string is the provider's.
 */
export function peerApi(url: string, token: string, options: PeerApiOptions = {}): PeerApi {
  const endpoint = new URL(url);
  endpoint.search = "?source=terraform_provider_railway";
  const sent: Record<string, number> = {};
  const pace = options.perSecond ? pacer(options.perSecond) : async () => {};
  return {
    sent,
    async call(operation, variables) {
      await pace();
      sent[operation] = (sent[operation] ?? 0) + 1;
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ query: DOCUMENTS[operation], variables, operationName: operation }),
      });
      const text = await response.text();
      if (response.status !== 200)
        throw new Error(`${operation}: returned error ${response.status}: ${text}`);
      const body = JSON.parse(text) as {
        data?: Json;
        errors?: Array<{ message?: string; extensions?: Json }>;
      };
      if (body.errors && body.errors.length > 0) {
        const messages = body.errors.map((e) => `${e.message ?? "?"} [${e.extensions?.code ?? "no code"}]`);
        throw new Error(`${operation}: ${messages.join("; ")}`);
      }
      return body.data;
    },
  };
}

/** At most `perSecond` starts per wall-clock second, the window the emulator's budget counts in. */
function pacer(perSecond: number): () => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  let second = 0;
  let count = 0;
  return () => {
    chain = chain.then(async () => {
      let now = Date.now();
      if (Math.floor(now / 1000) * 1000 !== second) {
        second = Math.floor(now / 1000) * 1000;
        count = 0;
      }
      if (count >= perSecond) {
        await new Promise((resolve) => setTimeout(resolve, second + 1000 - now + 5));
        now = Date.now();
        second = Math.floor(now / 1000) * 1000;
        count = 0;
      }
      count += 1;
    });
    return chain;
  };
}

// ── The Terraform configuration being replayed ────────────────────────────────────────────────────────

/**
 * One `railway_service` (TF resource_service.go, `Schema`) and what hangs off it. The provider's service
 * has no start command, healthcheck, builder or Dockerfile attribute: its schema description says "All
 * the other settings not specified here are recommended to be specified in the Railway config file"
 * (docs/resources/service.md), i.e. `config_path`. `startCommand` is therefore carried as the content of
 * that file: the replay never sends it.
 */
export interface PeerService {
  name: string;
  /** `source_repo`; the provider then requires `source_repo_branch` (`branch`, default "main"). */
  repo?: string;
  branch?: string;
  /** `source_image` (conflicts with `source_repo`). */
  image?: string;
  /** `root_directory`. */
  rootDirectory?: string;
  /** `config_path`: the Railway config file that holds every other setting. */
  configPath?: string;
  /** Lives in the config file at `configPath`; no provider attribute, never sent. */
  startCommand?: string;
  /** Subdomain of a `railway_service_domain` (docs/resources/service_domain.md), if the service has one. */
  domain?: string;
  /** The service's variables; `${{shared.KEY}}` references are written as `$${{shared.KEY}}` in HCL. */
  variables: Record<string, string>;
}

export interface PeerStack {
  /** `railway_project.name`. */
  projectName: string;
  /**
   * `railway_project.default_environment.name` (TF resource_project.go, `Schema`, default "production"):
   * the project's first environment, made by `projectCreate`, so no `railway_environment` is declared.
   * The provider reads a service's settings from the project's OLDEST environment only
   * (TF resource_service.go, `getAndBuildServiceInstance` → resource_project.go, `defaultEnvironmentForProject`).
   */
  environment: string;
  services: PeerService[];
  /** One `railway_shared_variable` per key (docs/resources/shared_variable.md). */
  shared: Record<string, string>;
  /**
   * How service variables are declared. `railway_variable` (default): one resource per variable, the
   * provider's per-variable resource (docs/resources/variable.md, examples/resources/railway_variable).
   * `railway_variable_collection`: one resource per service holding all of them
   * (docs/resources/variable_collection.md). Both docs say "Any changes … triggers service redeployment".
   */
  variableResource?: "railway_variable" | "railway_variable_collection";
}

/** What `terraform.tfstate` holds that later runs need: ids, and the configuration last applied. */
export interface PeerState {
  stack: PeerStack;
  projectId: string;
  environmentId: string;
  serviceIds: Record<string, string>;
  /** Service name → full domain of its `railway_service_domain`. */
  domains: Record<string, string>;
}

export interface PeerChange {
  state: PeerState;
  /** Terraform addresses the plan changed, in apply order. */
  changed: string[];
  /**
   * Services a deploy would reach through something other than the API (a git push of the Railway config
   * file to the branch they deploy from). The emulator has no GitHub push, so these are reported, not
   * counted.
   */
  deploysOutsideApi: string[];
}

// ── Terraform's graph walk ────────────────────────────────────────────────────────────────────────────

/** Terraform's default `-parallelism`. */
export const PARALLELISM = 10;

interface Node {
  address: string;
  dependsOn: string[];
  run(): Promise<void>;
}

/**
 * Runs each node once all the nodes it depends on (among `nodes`) are done, at most `parallelism` at a
 * time, like Terraform's graph walk. On an error the running nodes finish, nothing new starts (Terraform
 * also skips dependents; independent branches would go on, which changes counts only after a failure),
 * and the first error is thrown.
 */
async function walk(nodes: Node[], parallelism = PARALLELISM): Promise<void> {
  const present = new Set(nodes.map((n) => n.address));
  const done = new Set<string>();
  const started = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let failure: unknown;
  while (done.size < nodes.length && failure === undefined) {
    for (const node of nodes) {
      if (running.size >= parallelism) break;
      if (started.has(node.address)) continue;
      if (!node.dependsOn.every((d) => !present.has(d) || done.has(d))) continue;
      started.add(node.address);
      running.set(
        node.address,
        node.run().then(
          () => {
            done.add(node.address);
            running.delete(node.address);
          },
          (error: unknown) => {
            failure ??= error;
            running.delete(node.address);
          },
        ),
      );
    }
    if (running.size === 0) {
      if (failure === undefined && done.size < nodes.length) throw new Error("dependency cycle in the graph");
      break;
    }
    await Promise.race(running.values());
  }
  await Promise.all(running.values());
  if (failure !== undefined) throw failure;
}

// ── Resources ─────────────────────────────────────────────────────────────────────────────────────────

type Attributes = Record<string, unknown>;

interface Resource {
  address: string;
  dependsOn: string[];
  /** The attributes the configuration sets, as Terraform would diff them. */
  desired: Attributes;
  create(api: PeerApi, state: PeerState): Promise<void>;
  /** The provider's Read: the refreshed attributes. */
  read(api: PeerApi, state: PeerState): Promise<Attributes>;
  /** The provider's Update, given the changed attribute names. */
  update(api: PeerApi, state: PeerState, changed: string[]): Promise<void>;
}

const PROJECT = "railway_project.this";
const sharedAddress = (key: string) => `railway_shared_variable.${key}`;
const serviceAddress = (name: string) => `railway_service.${name}`;
const variableAddress = (service: string, key: string) => `railway_variable.${service}_${key}`;
const collectionAddress = (service: string) => `railway_variable_collection.${service}`;
const domainAddress = (service: string) => `railway_service_domain.${service}`;

function serviceId(state: PeerState, name: string): string {
  const id = state.serviceIds[name];
  if (!id) throw new Error(`no railway_service.${name} in the state`);
  return id;
}

function notModelled(address: string, what: string): never {
  throw new Error(`${address}: ${what} is not modelled by the replay`);
}

/** TF resource_project.go, `defaultEnvironmentForProject`: `getProject`, oldest environment first. */
async function defaultEnvironment(
  api: PeerApi,
  projectId: string,
): Promise<{ project: Json; environment: Json }> {
  const data = await api.call("getProject", { id: projectId });
  const edges: Json[] = data.project.environments.edges;
  if (edges.length < 1) throw new Error(`expected at least one environment, got ${edges.length}`);
  const sorted = [...edges].sort((a, b) => Date.parse(a.node.createdAt) - Date.parse(b.node.createdAt));
  return { project: data.project, environment: sorted[0].node };
}

function projectResource(stack: PeerStack): Resource {
  return {
    address: PROJECT,
    dependsOn: [],
    desired: {
      name: stack.projectName,
      description: "",
      private: true,
      has_pr_deploys: false,
      default_environment: stack.environment,
    },
    // TF resource_project.go, `Create`: one `createProject`; the input is ProjectCreateInput as genqlient
    // encodes it (generated.go: no omitempty on any field, so unset pointers go as null).
    async create(api, state) {
      const data = await api.call("createProject", {
        input: {
          defaultEnvironmentName: stack.environment,
          description: "",
          isMonorepo: false,
          isPublic: false,
          name: stack.projectName,
          prDeploys: false,
          repo: null,
          runtime: null,
          workspaceId: null,
        },
      });
      const edges: Json[] = data.projectCreate.environments.edges;
      if (edges.length !== 1) throw new Error(`Expected exactly one environment, got ${edges.length}`);
      state.projectId = data.projectCreate.id;
      state.environmentId = edges[0].node.id;
    },
    // TF resource_project.go, `Read`: `defaultEnvironmentForProject` (one `getProject`).
    async read(api, state) {
      const { project, environment } = await defaultEnvironment(api, state.projectId);
      return {
        name: project.name,
        description: project.description,
        private: !project.isPublic,
        has_pr_deploys: project.prDeploys,
        default_environment: environment.name,
      };
    },
    async update() {
      notModelled(PROJECT, "a project update");
    },
  };
}

function sharedResource(key: string, value: string): Resource {
  const address = sharedAddress(key);
  // TF resource_shared_variable.go, `Create` and `Update` (identical): `upsertVariable` without
  // serviceId and with genqlient's zero skipDeploys (false: VariableUpsertInput has no omitempty), then
  // `getSharedVariable` (one `getSharedVariables`). No redeploy of its own: Railway deploys the services
  // that reference the key (docs/railway-api-notes.md, "Variables").
  const upsert = async (api: PeerApi, state: PeerState) => {
    await api.call("upsertVariable", {
      input: {
        environmentId: state.environmentId,
        name: key,
        projectId: state.projectId,
        serviceId: null,
        skipDeploys: false,
        value,
      },
    });
    await api.call("getSharedVariables", { projectId: state.projectId, environmentId: state.environmentId });
  };
  return {
    address,
    dependsOn: [PROJECT],
    desired: { value },
    create: upsert,
    // TF resource_shared_variable.go, `Read` → `getSharedVariable`: one `getSharedVariables`.
    async read(api, state) {
      const data = await api.call("getSharedVariables", {
        projectId: state.projectId,
        environmentId: state.environmentId,
      });
      return { value: data.variables[key] };
    },
    update: upsert,
  };
}

function serviceResource(service: PeerService, prior: PeerService | undefined): Resource {
  const address = serviceAddress(service.name);
  const desired: Attributes = {
    name: service.name,
    source_repo: service.repo ?? null,
    source_repo_branch: service.repo ? (service.branch ?? "main") : null,
    source_image: service.image ?? null,
    root_directory: service.rootDirectory ?? null,
    config_path: service.configPath ?? null,
  };
  // TF resource_service.go, `buildServiceInstanceInput`, encoded as genqlient does: `cronSchedule` is a
  // pointer without omitempty (null), dockerfilePath / drainingSeconds / ipv6EgressEnabled /
  // overlapSeconds are plain values without omitempty (sent as their zero values); the rest is omitted.
  // No regions in the configuration → no multiRegionConfig; no startCommand field is ever set.
  const instanceInput = (): Attributes => ({
    cronSchedule: null,
    dockerfilePath: "",
    drainingSeconds: 0,
    ipv6EgressEnabled: false,
    overlapSeconds: 0,
    ...(service.configPath ? { railwayConfigFile: service.configPath } : {}),
    ...(service.rootDirectory ? { rootDirectory: service.rootDirectory } : {}),
  });
  // TF resource_service.go, `buildServiceConnectInput`.
  const connectInput = (): Attributes =>
    service.repo ? { branch: service.branch ?? "main", repo: service.repo } : { image: service.image };
  /**
   * TF resource_service.go, `getAndBuildServiceInstance` + `getAndBuildVolumeInstance`: `getProject`,
   * `getServiceInstance`, `listDeploymentTriggers` when the instance has a repo, `getProject` again,
   * `getVolumeInstances`. Unset values keep the prior state's, as the provider's assignments do.
   */
  const readBack = async (api: PeerApi, state: PeerState, id: string, base: PeerService | undefined) => {
    const { environment } = await defaultEnvironment(api, state.projectId);
    const data = await api.call("getServiceInstance", { environmentId: environment.id, serviceId: id });
    const instance = data.serviceInstance;
    const out: Attributes = {
      source_repo: base?.repo ?? null,
      source_repo_branch: base?.repo ? (base.branch ?? "main") : null,
      source_image: base?.image ?? null,
      root_directory: instance.rootDirectory ? instance.rootDirectory : (base?.rootDirectory ?? null),
      config_path: instance.railwayConfigFile ? instance.railwayConfigFile : (base?.configPath ?? null),
    };
    if (instance.source?.image) out.source_image = instance.source.image;
    if (instance.source?.repo) {
      out.source_repo = instance.source.repo;
      const triggers = await api.call("listDeploymentTriggers", {
        projectId: state.projectId,
        environmentId: environment.id,
        serviceId: id,
      });
      const edges: Json[] = triggers.deploymentTriggers.edges;
      if (edges.length > 0) out.source_repo_branch = edges[0].node.branch;
    }
    checkRegions(address, instance.latestDeployment?.meta);
    await defaultEnvironment(api, state.projectId);
    await api.call("getVolumeInstances", { id: state.projectId });
    return out;
  };
  return {
    address,
    dependsOn: [PROJECT],
    desired,
    // TF resource_service.go, `Create`: `createService` (name and project only: no source, no
    // environmentId, no variables), `updateServiceInstance` (environmentId: null in the document: every
    // environment), `connectService` when a repo or image is set, then the read-back above.
    async create(api, state) {
      const created = await api.call("createService", {
        input: { name: service.name, projectId: state.projectId, variables: null },
      });
      const id: string = created.serviceCreate.id;
      state.serviceIds[service.name] = id;
      await api.call("updateServiceInstance", { serviceId: id, input: instanceInput() });
      if (service.repo || service.image) await api.call("connectService", { id, input: connectInput() });
      await readBack(api, state, id, service);
    },
    // TF resource_service.go, `Read`: `getService`, then the read-back.
    async read(api, state) {
      const id = serviceId(state, service.name);
      const data = await api.call("getService", { id });
      return { name: data.service.name, ...(await readBack(api, state, id, prior)) };
    },
    // TF resource_service.go, `Update`: `updateService` on a rename, `updateServiceInstance` always,
    // `updateServiceConnection` (`connectService` when a source attribute changed), `redeployAllInstances`
    // (`getServiceInstances`, then `redeployServiceInstance` per environment instance), the read-back.
    async update(api, state, changed) {
      const id = serviceId(state, service.name);
      if (changed.includes("name")) notModelled(address, "a service rename");
      await api.call("updateServiceInstance", { serviceId: id, input: instanceInput() });
      const sourceChanged = ["source_repo", "source_repo_branch", "source_image"].some((a) =>
        changed.includes(a),
      );
      if (sourceChanged) {
        if (!service.repo && !service.image) notModelled(address, "disconnecting a source");
        await api.call("connectService", { id, input: connectInput() });
      }
      const instances = await api.call("getServiceInstances", { serviceId: id });
      for (const edge of instances.service.serviceInstances.edges as Json[]) {
        await api.call("redeployServiceInstance", { environmentId: edge.node.environmentId, serviceId: id });
      }
      await readBack(api, state, id, service);
    },
  };
}

/**
 * TF resource_service.go, `getRegionsFromLatestDeployment`: when the latest deployment has a `meta`,
 * the provider requires `meta.serviceManifest.deploy.multiRegionConfig.<region>.numReplicas` and fails
 * the resource otherwise. Checked here so an endpoint the provider could not work with fails the replay.
 */
function checkRegions(address: string, meta: Json): void {
  if (meta === null || meta === undefined || Object.keys(meta).length === 0) return;
  const regions = meta.serviceManifest?.deploy?.multiRegionConfig;
  if (typeof regions !== "object" || regions === null)
    throw new Error(
      `${address}: serviceManifest / deploy / multiRegionConfig is not found (the provider fails here)`,
    );
  for (const [region, value] of Object.entries(regions as Record<string, Json>)) {
    if (typeof value?.numReplicas !== "number")
      throw new Error(`${address}: numReplicas is not found for ${region} (the provider fails here)`);
  }
}

function variableResource(service: string, key: string, value: string): Resource {
  const address = variableAddress(service, key);
  const write = async (api: PeerApi, state: PeerState, projectId: string) => {
    const id = serviceId(state, service);
    await api.call("upsertVariable", {
      input: {
        environmentId: state.environmentId,
        name: key,
        projectId,
        serviceId: id,
        skipDeploys: false,
        value,
      },
    });
    await api.call("getVariables", { projectId, environmentId: state.environmentId, serviceId: id });
    await api.call("redeployServiceInstance", { environmentId: state.environmentId, serviceId: id });
  };
  return {
    address,
    dependsOn: [PROJECT, serviceAddress(service)],
    desired: { value },
    // TF resource_variable.go, `Create`: `getService` (for its projectId), `upsertVariable`
    // (skipDeploys false), `getVariable` (one `getVariables`), then `redeployServiceInstance`.
    async create(api, state) {
      const data = await api.call("getService", { id: serviceId(state, service) });
      await write(api, state, data.service.projectId);
    },
    // TF resource_variable.go, `Read` → `getVariable`: one `getVariables` (unrendered) per variable.
    async read(api, state) {
      const data = await api.call("getVariables", {
        projectId: state.projectId,
        environmentId: state.environmentId,
        serviceId: serviceId(state, service),
      });
      // A missing name leaves the state as it was (the provider sets fields only when found).
      return { value: key in data.variables ? data.variables[key] : value };
    },
    // TF resource_variable.go, `Update`: `upsertVariable`, `getVariables`, `redeployServiceInstance`.
    async update(api, state) {
      await write(api, state, state.projectId);
    },
  };
}

function collectionResource(
  service: string,
  variables: Record<string, string>,
  prior: Record<string, string>,
): Resource {
  const address = collectionAddress(service);
  const entries = (values: Record<string, string>) =>
    Object.keys(values)
      .sort()
      .map((name) => [name, values[name]]);
  return {
    address,
    dependsOn: [PROJECT, serviceAddress(service)],
    desired: { variables: entries(variables) },
    // TF resource_variable_collection.go, `Create`: `getService`, `upsertVariableCollection` (replace
    // false, skipDeploys false), `getVariableCollection` (one `getVariables`), `redeployServiceInstance`.
    async create(api, state) {
      const id = serviceId(state, service);
      const data = await api.call("getService", { id });
      const projectId: string = data.service.projectId;
      await api.call("upsertVariableCollection", {
        input: {
          environmentId: state.environmentId,
          projectId,
          replace: false,
          serviceId: id,
          skipDeploys: false,
          variables,
        },
      });
      await api.call("getVariables", { projectId, environmentId: state.environmentId, serviceId: id });
      await api.call("redeployServiceInstance", { environmentId: state.environmentId, serviceId: id });
    },
    // TF resource_variable_collection.go, `Read` → `getVariableCollection`: one `getVariables`.
    async read(api, state) {
      const data = await api.call("getVariables", {
        projectId: state.projectId,
        environmentId: state.environmentId,
        serviceId: serviceId(state, service),
      });
      const found: Record<string, string> = {};
      for (const name of Object.keys(prior)) if (name in data.variables) found[name] = data.variables[name];
      return { variables: entries(found) };
    },
    // TF resource_variable_collection.go, `Update`: `upsertVariableCollection` with the new or changed
    // entries only (`getVariablesToUpsert`), `deleteVariable` per removed name (`deleteManyVariables`),
    // `getVariables`, `redeployServiceInstance`.
    async update(api, state) {
      const id = serviceId(state, service);
      const upsert: Record<string, string> = {};
      for (const [name, value] of Object.entries(variables)) if (prior[name] !== value) upsert[name] = value;
      if (Object.keys(upsert).length > 0) {
        await api.call("upsertVariableCollection", {
          input: {
            environmentId: state.environmentId,
            projectId: state.projectId,
            replace: false,
            serviceId: id,
            skipDeploys: false,
            variables: upsert,
          },
        });
      }
      for (const name of Object.keys(prior)) {
        if (name in variables) continue;
        await api.call("deleteVariable", {
          input: { environmentId: state.environmentId, name, projectId: state.projectId, serviceId: id },
        });
      }
      await api.call("getVariables", {
        projectId: state.projectId,
        environmentId: state.environmentId,
        serviceId: id,
      });
      await api.call("redeployServiceInstance", { environmentId: state.environmentId, serviceId: id });
    },
  };
}

function domainResource(service: string, subdomain: string): Resource {
  const address = domainAddress(service);
  /** TF resource_service_domain.go, `findServiceDomain`: one `listServiceDomains`, matched by domain. */
  const find = async (api: PeerApi, state: PeerState, domain: string) => {
    const data = await api.call("listServiceDomains", {
      environmentId: state.environmentId,
      serviceId: serviceId(state, service),
      projectId: state.projectId,
    });
    const found = (data.domains.serviceDomains as Json[]).find((d) => d.domain === domain);
    if (!found) throw new Error(`${address}: service domain doesn't exist`);
    return found;
  };
  return {
    address,
    dependsOn: [PROJECT, serviceAddress(service)],
    desired: { subdomain },
    // TF resource_service_domain.go, `Create`: `createServiceDomain`, `updateServiceDomain` to
    // `<subdomain>.<suffix>` (targetPort is a plain int without omitempty: 0), `getService`, then
    // `getAndBuildServiceDomain` (one `listServiceDomains`).
    async create(api, state) {
      const id = serviceId(state, service);
      const created = await api.call("createServiceDomain", {
        input: { environmentId: state.environmentId, serviceId: id },
      });
      const domain = created.serviceDomainCreate;
      const full = `${subdomain}.${domain.suffix}`;
      const updated = await api.call("updateServiceDomain", {
        input: {
          domain: full,
          environmentId: state.environmentId,
          serviceDomainId: domain.id,
          serviceId: id,
          targetPort: 0,
        },
      });
      if (updated.serviceDomainUpdate !== true)
        throw new Error(`${address}: Unable to update service domain, got false as response`);
      await api.call("getService", { id: domain.serviceId });
      await find(api, state, full);
      state.domains[service] = full;
    },
    // TF resource_service_domain.go, `Read` → `getAndBuildServiceDomain`: one `listServiceDomains`.
    async read(api, state) {
      const full = state.domains[service] ?? "";
      const found = await find(api, state, full);
      return { subdomain: found.domain.slice(0, found.domain.length - found.suffix.length - 1) };
    },
    async update() {
      notModelled(address, "a service domain update");
    },
  };
}

/** The resources of a configuration, given the state it is diffed against (for the prior values). */
function resourcesOf(stack: PeerStack, prior: PeerStack | undefined): Resource[] {
  const out: Resource[] = [projectResource(stack)];
  for (const [key, value] of Object.entries(stack.shared)) out.push(sharedResource(key, value));
  for (const service of stack.services) {
    const before = prior?.services.find((s) => s.name === service.name);
    out.push(serviceResource(service, before));
    if ((stack.variableResource ?? "railway_variable") === "railway_variable") {
      for (const [key, value] of Object.entries(service.variables))
        out.push(variableResource(service.name, key, value));
    } else if (Object.keys(service.variables).length > 0) {
      out.push(collectionResource(service.name, service.variables, before?.variables ?? service.variables));
    }
    if (service.domain) out.push(domainResource(service.name, service.domain));
  }
  return out;
}

// ── Terraform commands ────────────────────────────────────────────────────────────────────────────────

/**
 * `terraform apply` of `stack` on an empty state: nothing to refresh, every resource created in graph
 * order (project; then shared variables and services; then variables and domains).
 */
export async function terraformFirstApply(api: PeerApi, stack: PeerStack): Promise<PeerState> {
  const state: PeerState = { stack, projectId: "", environmentId: "", serviceIds: {}, domains: {} };
  const resources = resourcesOf(stack, undefined);
  await walk(
    resources.map((r) => ({ address: r.address, dependsOn: r.dependsOn, run: () => r.create(api, state) })),
  );
  return state;
}

export interface PlannedChange {
  address: string;
  attributes: string[];
}

/**
 * `terraform plan` of `stack` against `state`: one Read per resource in the state (the refresh), then the
 * diff of the configuration against the refreshed values. Adding or removing resources is not modelled.
 */
export async function terraformPlan(
  api: PeerApi,
  state: PeerState,
  stack = state.stack,
): Promise<PlannedChange[]> {
  const current = resourcesOf(state.stack, state.stack);
  const next = new Map(resourcesOf(stack, state.stack).map((r) => [r.address, r]));
  const added = [...next.keys()].filter((a) => !current.some((r) => r.address === a));
  const removed = current.filter((r) => !next.has(r.address)).map((r) => r.address);
  if (added.length > 0 || removed.length > 0)
    throw new Error(`adding or removing resources is not modelled (${[...added, ...removed].join(", ")})`);
  const changes: PlannedChange[] = [];
  await walk(
    current.map((resource) => ({
      address: resource.address,
      dependsOn: resource.dependsOn,
      async run() {
        const refreshed = await resource.read(api, state);
        const desired = next.get(resource.address)?.desired ?? {};
        const attributes = Object.keys(desired).filter(
          (name) => JSON.stringify(desired[name] ?? null) !== JSON.stringify(refreshed[name] ?? null),
        );
        if (attributes.length > 0) changes.push({ address: resource.address, attributes });
      },
    })),
  );
  const order = current.map((r) => r.address);
  return changes.sort((a, b) => order.indexOf(a.address) - order.indexOf(b.address));
}

/** `terraform plan` with no configuration change: the refresh reads only. Throws if the plan is not empty. */
export async function terraformNoOpPlan(api: PeerApi, state: PeerState): Promise<void> {
  const changes = await terraformPlan(api, state);
  if (changes.length > 0)
    throw new Error(
      `the plan is not empty: ${changes.map((c) => `${c.address} (${c.attributes.join(", ")})`).join("; ")}`,
    );
}

/**
 * `terraform apply -refresh-only` (or the deprecated `terraform refresh`): the same Read per resource as a
 * plan, the refreshed values written to the state, no diff against the configuration.
 */
export async function terraformRefresh(api: PeerApi, state: PeerState): Promise<void> {
  await terraformPlan(api, state);
}

/**
 * `terraform apply` of `stack` against `state`: the plan (refresh + diff), then the provider's Update for
 * each changed resource, in graph order. With no change it stops after the refresh.
 */
export async function terraformApply(api: PeerApi, state: PeerState, stack: PeerStack): Promise<PeerChange> {
  const changes = await terraformPlan(api, state, stack);
  const next: PeerState = { ...state, stack };
  const resources = new Map(resourcesOf(stack, state.stack).map((r) => [r.address, r]));
  await walk(
    changes.map((change) => {
      const resource = resources.get(change.address);
      if (!resource) throw new Error(`no resource ${change.address}`);
      return {
        address: resource.address,
        dependsOn: resource.dependsOn,
        run: () => resource.update(api, next, change.attributes),
      };
    }),
  );
  return { state: next, changed: changes.map((c) => c.address), deploysOutsideApi: [] };
}

/** One `railway_shared_variable`'s value changed, then `terraform apply`. */
export async function terraformSharedVariableChange(
  api: PeerApi,
  state: PeerState,
  key: string,
  value: string,
): Promise<PeerChange> {
  if (!(key in state.stack.shared)) throw new Error(`no shared variable ${key} in the stack`);
  return terraformApply(api, state, { ...state.stack, shared: { ...state.stack.shared, [key]: value } });
}

/**
 * A service's start command changed, then `terraform apply`. The provider has no start-command attribute
 * (TF resource_service.go, `Schema`; `buildServiceInstanceInput` never sets `StartCommand`); its docs put
 * such settings in the Railway config file at `config_path`. So the change is an edit of that file in the
 * repository: the configuration Terraform diffs is unchanged, `terraform apply` refreshes and stops ("No
 * changes"), and the deploy comes from the push of the file, through Railway's GitHub trigger, for every
 * repo-connected service of that repository and branch (unless watch paths exclude the file). Those are
 * returned in `deploysOutsideApi`, because neither the API nor the emulator sees a push.
 */
export async function terraformStartCommandChange(
  api: PeerApi,
  state: PeerState,
  service: string,
  command: string,
): Promise<PeerChange> {
  const target = state.stack.services.find((s) => s.name === service);
  if (!target) throw new Error(`no service ${service} in the stack`);
  const stack: PeerStack = {
    ...state.stack,
    services: state.stack.services.map((s) => (s.name === service ? { ...s, startCommand: command } : s)),
  };
  const result = await terraformApply(api, state, stack);
  const pushed = target.repo
    ? stack.services
        .filter((s) => s.repo === target.repo && (s.branch ?? "main") === (target.branch ?? "main"))
        .map((s) => `${stack.environment}/${s.name}`)
    : [];
  return { ...result, deploysOutsideApi: pushed };
}
