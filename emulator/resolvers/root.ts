import type { RootResolvers } from "../graphql/execute.ts";
import { accountMutations, accountQueries } from "./account.ts";
import { deploymentMutations, deploymentQueries } from "./deployments.ts";
import { domainMutations, domainQueries } from "./domains.ts";
import { patchMutations, patchQueries } from "./environment-patches.ts";
import { environmentMutations, environmentQueries } from "./environments.ts";
import { logQueries } from "./logs.ts";
import { projectMutations, projectQueries } from "./projects.ts";
import { serviceMutations, serviceQueries } from "./services.ts";
import { variableMutations, variableQueries } from "./variables.ts";

/** The root fields this emulator implements; every other root field answers NOT_EMULATED. */
export const rootResolvers: RootResolvers = {
  query: {
    ...accountQueries,
    ...projectQueries,
    ...environmentQueries,
    ...patchQueries,
    ...serviceQueries,
    ...variableQueries,
    ...deploymentQueries,
    ...logQueries,
    ...domainQueries,
  },
  mutation: {
    ...accountMutations,
    ...projectMutations,
    ...environmentMutations,
    ...patchMutations,
    ...serviceMutations,
    ...variableMutations,
    ...deploymentMutations,
    ...domainMutations,
  },
};
