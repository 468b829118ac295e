import {
  type EnvironmentConfig,
  type EnvironmentPatch,
  type ServiceSettings,
  type SettingKey,
  settingEquals,
  settingsFromConfig,
  settingsPatch,
  variableValues,
} from "../railway/index.ts";
import { variablesPatch } from "./variableSet.ts";

/** What one service must run with in one environment: the declaration a Deployment writes. */
export interface InstanceDeclaration {
  serviceId: string;
  /** Declared settings (normalized); undeclared ones are left as Railway has them. */
  settings: Partial<ServiceSettings>;
  /** The service's whole variable set. */
  variables: Record<string, string>;
  /** The shared variables it references, with their declared values. */
  shared: Record<string, string>;
  /** Settings declared last time and no longer: they return to Railway's default. */
  dropped: readonly SettingKey[];
}

/**
 * The patch that makes the live environment run a service as declared: only the settings and variables
 * that differ, `isCreated` when the service has no instance here yet, and the referenced shared values
 * that differ. Empty when Railway already has it all, so a commit of it deploys nothing.
 */
export function instancePatch(live: EnvironmentConfig, declared: InstanceDeclaration): EnvironmentPatch {
  const entry = live.services?.[declared.serviceId];
  const exists = entry !== undefined && !entry.isDeleted;
  const current = exists ? settingsFromConfig(entry, Object.keys(declared.settings) as SettingKey[]) : {};
  const changes: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(declared.settings) as Array<[SettingKey, unknown]>) {
    if (value === undefined) continue;
    if (!exists || !settingEquals(key, current[key], value)) changes[key] = value;
  }
  if (exists) {
    const before = settingsFromConfig(entry, declared.dropped);
    for (const key of declared.dropped) {
      if (declared.settings[key] === undefined && !settingEquals(key, before[key], undefined))
        changes[key] = null;
    }
  }
  // A new instance gets only what differs from Railway's defaults.
  if (!exists)
    for (const key of Object.keys(changes) as SettingKey[])
      if (settingEquals(key, changes[key], undefined)) delete changes[key];
  const service: Record<string, unknown> = { ...settingsPatch(changes) };
  const variables = variablesPatch(exists ? variableValues(entry.variables) : {}, declared.variables, true);
  if (Object.keys(variables).length > 0) service.variables = variables;
  if (!exists) service.isCreated = true;
  const patch: EnvironmentPatch = {};
  if (Object.keys(service).length > 0) patch.services = { [declared.serviceId]: service };
  const shared = variablesPatch(variableValues(live.sharedVariables), declared.shared, false);
  if (Object.keys(shared).length > 0) patch.sharedVariables = shared as Record<string, { value: string }>;
  return patch;
}
