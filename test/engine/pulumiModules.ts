import { createRequire } from "node:module";

/**
 * Pulumi's own CommonJS pieces (generated gRPC stubs, runtime internals), loaded from @pulumi/pulumi's
 * location so there is exactly one copy of @grpc/grpc-js and google-protobuf (a second copy fails with
 * "Channel credentials must be a ChannelCredentials object").
 */
const require = createRequire(import.meta.url);
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));

// biome-ignore lint/suspicious/noExplicitAny: generated protobuf stubs ship without usable types here.
type Untyped = any;

export const grpc: Untyped = pulumiRequire("@grpc/grpc-js");
export const structProto: Untyped = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
export const providerProto: Untyped = pulumiRequire("@pulumi/pulumi/proto/provider_pb");
export const providerGrpc: Untyped = pulumiRequire("@pulumi/pulumi/proto/provider_grpc_pb");
export const resourceProto: Untyped = pulumiRequire("@pulumi/pulumi/proto/resource_pb");
export const settings: Untyped = pulumiRequire("@pulumi/pulumi/runtime/settings");
export const mocks: Untyped = pulumiRequire("@pulumi/pulumi/runtime/mocks");
export const state: Untyped = pulumiRequire("@pulumi/pulumi/runtime/state");
export const dynamicProviderPath: string = pulumiRequire.resolve("@pulumi/pulumi/cmd/dynamic-provider");
