import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  normalizeSetting,
  type SettingKey,
  type ServiceSettings as Settings,
  settingEquals,
  settingsFromConfig,
  settingsPatch,
  validateSettings,
} from "../railway/settingFields.ts";
import { providerContext } from "./context.ts";
import { commitWithoutDeploy } from "./environmentCommit.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs } from "./inputChecks.ts";
import { containsUnknown } from "./unknown.ts";

export interface ServiceSettingsInputs {
  /** Changing it replaces the resource. */
  projectId: string;
  /** The one environment these settings apply to; nothing else is ever written. Changing it replaces the resource. */
  environmentId: string;
  /** Changing it replaces the resource. */
  serviceId: string;
  /**
   * The settings to manage in this environment, updated in place as one commit without a deploy (the
   * service's Deployment deploys once afterwards). Undeclared settings are left as Railway or the
   * dashboard has them; a setting removed from the declaration returns to Railway's default.
   * @example { repo: "acme/shop", builder: "DOCKERFILE", startCommand: "node dist/worker.js" }
   */
  settings: Settings;
}

export interface ServiceSettingsOutputs extends ServiceSettingsInputs {
  /** Changes whenever this resource writes to Railway; the Deployment deploys when it changes. */
  revision: string;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  settings: z.record(z.string(), z.unknown()),
});

const IDENTITY = ["projectId", "environmentId", "serviceId"] as const;

/** Settings whose declared value differs from the old one, and settings no longer declared (reset). */
function settingChanges(
  olds: Partial<Settings>,
  news: Partial<Settings>,
): Partial<Record<SettingKey, unknown>> {
  const changes: Partial<Record<SettingKey, unknown>> = {};
  for (const key of Object.keys(news) as SettingKey[]) {
    if (news[key] === undefined) continue;
    if (containsUnknown(news[key]) || !settingEquals(key, olds[key], news[key])) changes[key] = news[key];
  }
  for (const key of Object.keys(olds) as SettingKey[]) {
    const stillDeclared = news[key] !== undefined;
    if (!stillDeclared && !settingEquals(key, olds[key], undefined)) changes[key] = null;
  }
  return changes;
}

function declared(settings: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as Partial<Settings>;
}

/** The declared settings as Railway means them (so the state matches what read() reports). */
function normalized(settings: Partial<Settings>): Settings {
  return Object.fromEntries(
    Object.entries(declared(settings)).map(([key, value]) => [
      key,
      normalizeSetting(key as SettingKey, value),
    ]),
  ) as Settings;
}

/** Writes the changes; returns whether anything was written. */
async function apply(
  inputs: ServiceSettingsInputs,
  changes: Partial<Record<SettingKey, unknown>>,
  createInstance: boolean,
): Promise<boolean> {
  if (Object.keys(changes).length === 0 && !createInstance) return false;
  const context = await providerContext();
  const entry = { ...settingsPatch(changes), ...(createInstance ? { isCreated: true } : {}) };
  await commitWithoutDeploy(
    context,
    inputs.environmentId,
    { services: { [inputs.serviceId]: entry } },
    `pulumi: settings of service ${inputs.serviceId} (${Object.keys(changes).join(", ") || "create instance"})`,
  );
  return true;
}

export const serviceSettingsProvider: pulumi.dynamic.ResourceProvider<
  ServiceSettingsInputs,
  ServiceSettingsOutputs
> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news, (inputs) =>
      validateSettings((inputs.settings ?? {}) as Record<string, unknown>).map((reason) => ({
        property: "settings",
        reason,
      })),
    );
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, IDENTITY);
    const changes = settingChanges(olds.settings ?? {}, news.settings ?? {});
    const changed = [...replaces, ...(Object.keys(changes).length > 0 ? ["settings"] : [])];
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const { snapshots } = await providerContext();
    const environment = await snapshots.environment(inputs.environmentId);
    const entry = environment.config.services?.[inputs.serviceId];
    // Write only what differs from Railway's current values (nothing, when re-creating after a lost state).
    const live = entry
      ? settingsFromConfig(entry, Object.keys(declared(inputs.settings)) as SettingKey[])
      : {};
    const changes = settingChanges(live, declared(inputs.settings));
    for (const key of Object.keys(changes) as SettingKey[]) if (changes[key] === null) delete changes[key];
    await apply(inputs, changes, entry === undefined);
    return {
      id: `${inputs.environmentId}/${inputs.serviceId}`,
      outs: { ...inputs, settings: normalized(inputs.settings), revision: randomUUID() },
    };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const environment = await snapshots.environment(props.environmentId);
      const entry = environment.config.services?.[props.serviceId];
      if (!entry || entry.isDeleted) return undefined;
      const keys = Object.keys(props.settings ?? {}) as SettingKey[];
      return { ...props, settings: settingsFromConfig(entry, keys) as Settings };
    });
  },

  async update(_id, olds, news) {
    const wrote = await apply(news, settingChanges(olds.settings ?? {}, news.settings ?? {}), false);
    return {
      outs: { ...news, settings: normalized(news.settings), revision: wrote ? randomUUID() : olds.revision },
    };
  },

  // Leaves the instance as it is: deleting the Service or the Environment removes it.
  async delete() {},
};
