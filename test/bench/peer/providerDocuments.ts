/**
 * The GraphQL documents the community Terraform provider sends, as text. Source:
 * github.com/terraform-community-providers/terraform-provider-railway at commit
 * b1cd755cb124020a33fba8230bad4437e339b05a (v0.6.2+, 2026-04-21), file internal/provider/generated.go: the
 * `Query:` string of each generated function of the same name (genqlient's output for the documents in
 * internal/provider/resource_*.graphql). genqlient sends `operationName` = the key below, so the
 * emulator's `requestsByOperationName` counts them under these names.
 *
 * Only the document text is copied, unchanged (tabs included); nothing else of the provider is.
 */
export const PROVIDER_COMMIT = "b1cd755cb124020a33fba8230bad4437e339b05a";

/** Operation name → document, from internal/provider/generated.go. */
export const DOCUMENTS = {
  getProject: `
query getProject ($id: String!) {
	project(id: $id) {
		... Project
	}
}
fragment Project on Project {
	id
	name
	description
	isPublic
	prDeploys
	workspace {
		id
	}
	environments {
		edges {
			node {
				id
				name
				createdAt
			}
		}
	}
}
`,
  createProject: `
mutation createProject ($input: ProjectCreateInput!) {
	projectCreate(input: $input) {
		... Project
	}
}
fragment Project on Project {
	id
	name
	description
	isPublic
	prDeploys
	workspace {
		id
	}
	environments {
		edges {
			node {
				id
				name
				createdAt
			}
		}
	}
}
`,
  getService: `
query getService ($id: String!) {
	service(id: $id) {
		... Service
	}
}
fragment Service on Service {
	id
	name
	projectId
}
`,
  createService: `
mutation createService ($input: ServiceCreateInput!) {
	serviceCreate(input: $input) {
		... Service
	}
}
fragment Service on Service {
	id
	name
	projectId
}
`,
  updateServiceInstance: `
mutation updateServiceInstance ($serviceId: String!, $input: ServiceInstanceUpdateInput!) {
	serviceInstanceUpdate(environmentId: null, input: $input, serviceId: $serviceId)
}
`,
  connectService: `
mutation connectService ($id: String!, $input: ServiceConnectInput!) {
	serviceConnect(id: $id, input: $input) {
		... Service
	}
}
fragment Service on Service {
	id
	name
	projectId
}
`,
  getServiceInstance: `
query getServiceInstance ($environmentId: String!, $serviceId: String!) {
	serviceInstance(environmentId: $environmentId, serviceId: $serviceId) {
		source {
			image
			repo
		}
		rootDirectory
		railwayConfigFile
		cronSchedule
		latestDeployment {
			meta
		}
	}
}
`,
  getServiceInstances: `
query getServiceInstances ($serviceId: String!) {
	service(id: $serviceId) {
		serviceInstances {
			edges {
				node {
					id
					environmentId
				}
			}
		}
	}
}
`,
  listDeploymentTriggers: `
query listDeploymentTriggers ($projectId: String!, $environmentId: String!, $serviceId: String!) {
	deploymentTriggers(environmentId: $environmentId, projectId: $projectId, serviceId: $serviceId) {
		edges {
			node {
				id
				branch
			}
		}
	}
}
`,
  getVolumeInstances: `
query getVolumeInstances ($id: String!) {
	project(id: $id) {
		volumes {
			edges {
				node {
					... Volume
				}
			}
		}
	}
}
fragment Volume on Volume {
	id
	name
	volumeInstances {
		edges {
			node {
				id
				environmentId
				serviceId
				mountPath
				sizeMB
			}
		}
	}
}
`,
  getVariables: `
query getVariables ($projectId: String!, $environmentId: String!, $serviceId: String!) {
	variables(environmentId: $environmentId, projectId: $projectId, serviceId: $serviceId, unrendered: true)
}
`,
  upsertVariable: `
mutation upsertVariable ($input: VariableUpsertInput!) {
	variableUpsert(input: $input)
}
`,
  deleteVariable: `
mutation deleteVariable ($input: VariableDeleteInput!) {
	variableDelete(input: $input)
}
`,
  redeployServiceInstance: `
mutation redeployServiceInstance ($environmentId: String!, $serviceId: String!) {
	serviceInstanceRedeploy(environmentId: $environmentId, serviceId: $serviceId)
}
`,
  getSharedVariables: `
query getSharedVariables ($projectId: String!, $environmentId: String!) {
	variables(environmentId: $environmentId, projectId: $projectId, unrendered: true)
}
`,
  upsertVariableCollection: `
mutation upsertVariableCollection ($input: VariableCollectionUpsertInput!) {
	variableCollectionUpsert(input: $input)
}
`,
  createServiceDomain: `
mutation createServiceDomain ($input: ServiceDomainCreateInput!) {
	serviceDomainCreate(input: $input) {
		... ServiceDomain
	}
}
fragment ServiceDomain on ServiceDomain {
	id
	domain
	suffix
	environmentId
	serviceId
}
`,
  updateServiceDomain: `
mutation updateServiceDomain ($input: ServiceDomainUpdateInput!) {
	serviceDomainUpdate(input: $input)
}
`,
  listServiceDomains: `
query listServiceDomains ($environmentId: String!, $serviceId: String!, $projectId: String!) {
	domains(environmentId: $environmentId, serviceId: $serviceId, projectId: $projectId) {
		serviceDomains {
			... ServiceDomain
		}
	}
}
fragment ServiceDomain on ServiceDomain {
	id
	domain
	suffix
	environmentId
	serviceId
}
`,
} as const;

export type OperationName = keyof typeof DOCUMENTS;
