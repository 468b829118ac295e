import type { DeploymentRecordMetric, Metrics, WriteRecord } from "../types.ts";

/** Counters the tests assert on: requests by root field and operation, writes, deployments. */
export class MetricsRecorder {
  #metrics: Metrics = emptyMetrics();

  snapshot(): Metrics {
    return structuredClone(this.#metrics);
  }

  reset(): void {
    this.#metrics = emptyMetrics();
  }

  request(rootFields: readonly string[], operationName: string): void {
    const m = this.#metrics;
    m.totalRequests += 1;
    for (const field of rootFields) m.requests[field] = (m.requests[field] ?? 0) + 1;
    m.requestsByOperationName[operationName] = (m.requestsByOperationName[operationName] ?? 0) + 1;
  }

  rateLimited(): void {
    this.#metrics.rateLimited += 1;
  }

  write(record: WriteRecord): void {
    this.#metrics.writes.push(record);
    const environments = record.environmentIds ?? (record.environmentId ? [record.environmentId] : []);
    for (const id of environments) {
      this.#metrics.writesByEnvironment[id] = (this.#metrics.writesByEnvironment[id] ?? 0) + 1;
    }
  }

  deployment(record: DeploymentRecordMetric): void {
    this.#metrics.deployments.push(record);
    const key = `${record.environmentName}/${record.serviceName}`;
    this.#metrics.deploymentsByService[key] = (this.#metrics.deploymentsByService[key] ?? 0) + 1;
  }
}

function emptyMetrics(): Metrics {
  return {
    requests: {},
    requestsByOperationName: {},
    totalRequests: 0,
    rateLimited: 0,
    writes: [],
    writesByEnvironment: {},
    deployments: [],
    deploymentsByService: {},
  };
}
