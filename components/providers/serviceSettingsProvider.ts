import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  normalizeSetting,
  type SettingKey,
  type ServiceSettings as Settings,
  settingEquals,
  settingsFromConfig,
  validateSettings,
} from "../railway/settingFields.ts";
import { providerContext } from "./context.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs } from "./inputChecks.ts";
import { containsUnknown } from "./unknown.ts";

export interface ServiceSettingsInputs {
  /** The service's project. Changing it replaces the resource (and the service's Deployment deploys). */
  projectId: string;
  /**
   * The one environment these settings apply to; nothing else is ever written. Changing it replaces the
   * resource (and the service's Deployment deploys there).
   */
  environmentId: string;
  /** The service. Changing it replaces the resource (and the service's Deployment deploys). */
  serviceId: string;
  /**
   * The settings to manage in this environment. The service's Deployment writes them, with its variables,
   * in the environment's one commit of the run, which deploys the service once. Undeclared settings are
   * left as Railway or the dashboard has them; a setting removed from the declaration returns to
   * Railway's default.
   * @example { repo: "acme/shop", builder: "DOCKERFILE", startCommand: "node dist/worker.js" }
   */
  settings: Settings;
}

export interface ServiceSettingsOutputs extends ServiceSettingsInputs {
  /**
   * Changes whenever the declared settings change, or differ from what Railway has (seen on refresh):
   * the service's Deployment then writes the difference and deploys.
   */
  revision: string;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  settings: z.record(z.string(), z.unknown()),
});

const IDENTITY = ["projectId", "environmentId", "serviceId"] as const;

/** Whether the declared settings differ from the old ones (a value changed, or a setting was dropped). */
export function settingsChanged(olds: Partial<Settings>, news: Partial<Settings>): boolean {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]) as Set<SettingKey>;
  for (const key of keys) {
    if (containsUnknown(news[key])) return true;
    if (!settingEquals(key, olds[key], news[key])) return true;
  }
  return false;
}

/** The declared settings as Railway means them (so the state matches what read() reports). */
export function normalizedSettings(settings: Partial<Settings>): Settings {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, normalizeSetting(key as SettingKey, value)]),
  ) as Settings;
}

/**
 * A declaration: it validates the settings, reports what Railway has on refresh, and changes its revision
 * when they change. It sends nothing itself; the service's Deployment writes the settings in the
 * environment's one commit (environmentBatch.ts), so settings and variables always deploy together.
 */
/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkServiceSettingsInputs(news: ServiceSettingsInputs) {
  return checkInputs(inputsSchema, news, (inputs) =>
    validateSettings((inputs.settings ?? {}) as Record<string, unknown>).map((reason) => ({
      property: "settings",
      reason,
    })),
  );
}

export const serviceSettingsProvider: pulumi.dynamic.ResourceProvider<
  ServiceSettingsInputs,
  ServiceSettingsOutputs
> = {
  async check(_olds, news) {
    return checkServiceSettingsInputs(news);
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, IDENTITY);
    const changed = [
      ...replaces,
      ...(settingsChanged(olds.settings ?? {}, news.settings ?? {}) ? ["settings"] : []),
    ];
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    return {
      id: `${inputs.environmentId}/${inputs.serviceId}`,
      outs: { ...inputs, settings: normalizedSettings(inputs.settings), revision: randomUUID() },
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
    const changed = settingsChanged(olds.settings ?? {}, news.settings ?? {});
    return {
      outs: {
        ...news,
        settings: normalizedSettings(news.settings),
        revision: changed ? randomUUID() : olds.revision,
      },
    };
  },

  // Leaves the instance as it is: deleting the Service or the Environment removes it.
  async delete() {},
};
