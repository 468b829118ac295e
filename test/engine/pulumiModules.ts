import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Pulumi's own CommonJS pieces (generated gRPC stubs, runtime internals), loaded from the copy of
 * @pulumi/pulumi the program itself uses, the way the CLI runs a program with its own node_modules: the
 * engine run's working directory is the program folder (test/engine/driver.ts). One copy also means one
 * @grpc/grpc-js and google-protobuf (a second fails with "Channel credentials must be a
 * ChannelCredentials object"), and the mocks installed here are the ones the program's SDK sees.
 */
const programRequire = createRequire(join(process.cwd(), "package.json"));
const pulumiRequire = createRequire(programRequire.resolve("@pulumi/pulumi"));

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
