/**
 * The settings table: every `sessionDoctor.*` setting once, with its type, default, bounds, enum (and what each value
 * means), description, scope, order and whether untrusted workspaces may set it. package.json `contributes.configuration`
 * and `capabilities.untrustedWorkspaces.restrictedConfigurations` are generated from it (scripts/manifest.mjs), and
 * src/host/vscode/config.ts reads its defaults, bounds, enums and the `restricted` rule from it. The rows live by section
 * in settings/*.ts. Pure data module.
 */
import { ENGINE_SETTINGS } from './settings/engine';
import { FLEET_SETTINGS } from './settings/fleet';
import { HEALTH_SETTINGS } from './settings/health';
import { LIMITS_SETTINGS } from './settings/limits';
import { SOURCE_SETTINGS } from './settings/sources';
import { BooleanSettingSpec, Json, NumberSettingSpec, SETTINGS_PREFIX, SettingSpec, StringSettingSpec } from './settingSpec';

export { RECOVERY_MODES } from './settings/engine';
export type { RecoveryMode } from './settings/engine';
export { GENERIC_SOURCE_ID } from './settings/sources';
export { SETTINGS_PREFIX } from './settingSpec';
export type { SettingSpec } from './settingSpec';

/** The title of the settings section in the Settings editor. */
export const SETTINGS_TITLE = 'Session Doctor';

/** Every setting, by `order` (the order the Settings editor shows them in, and package.json lists them in). */
export const SETTINGS: readonly SettingSpec[] = [
  ...ENGINE_SETTINGS,
  ...LIMITS_SETTINGS,
  ...HEALTH_SETTINGS,
  ...SOURCE_SETTINGS,
  ...FLEET_SETTINGS,
].sort((a, b) => a.order - b.order);

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The row of a setting (key without the `sessionDoctor.` prefix). Throws `Error` for a key the table does not have. */
export function settingSpec(key: string): SettingSpec {
  const s = BY_KEY.get(key);
  if (!s) {
    throw new Error(`No setting sessionDoctor.${key} in src/manifest/settings`);
  }
  return s;
}

/** The row of a number setting. Throws `Error` when the key is unknown or not a number. */
export function numberSetting(key: string): NumberSettingSpec {
  const s = settingSpec(key);
  if (s.type !== 'number' && s.type !== 'integer') {
    throw new Error(`sessionDoctor.${key} is not a number setting`);
  }
  return s;
}

/** The row of a boolean setting. Throws `Error` when the key is unknown or not a boolean. */
export function booleanSetting(key: string): BooleanSettingSpec {
  const s = settingSpec(key);
  if (s.type !== 'boolean') {
    throw new Error(`sessionDoctor.${key} is not a boolean setting`);
  }
  return s;
}

/** The row of a string setting. Throws `Error` when the key is unknown or not a string. */
export function stringSetting(key: string): StringSettingSpec {
  const s = settingSpec(key);
  if (s.type !== 'string') {
    throw new Error(`sessionDoctor.${key} is not a string setting`);
  }
  return s;
}

/** The default of an array-of-strings setting (a fresh copy). Throws `Error` when the key is unknown or not an array. */
export function stringArrayDefault(key: string): string[] {
  const s = settingSpec(key);
  if (s.type !== 'array') {
    throw new Error(`sessionDoctor.${key} is not an array setting`);
  }
  return s.default.filter((v): v is string => typeof v === 'string');
}

/** The keys (without the prefix) of the settings an untrusted workspace may not set. */
export const RESTRICTED_SETTINGS: readonly string[] = SETTINGS.filter((s) => s.restricted).map((s) => s.key);

/** `capabilities.untrustedWorkspaces.restrictedConfigurations`: the restricted settings' full keys. */
export function restrictedConfigurations(): string[] {
  return RESTRICTED_SETTINGS.map((k) => `${SETTINGS_PREFIX}.${k}`);
}

/** What the description of a restricted setting ends with. */
export const RESTRICTED_NOTE = 'Ignored in workspace settings of an untrusted workspace.';

/**
 * One setting as package.json declares it (its JSON schema), keys in a fixed order. A restricted setting's description
 * ends with {@link RESTRICTED_NOTE}.
 */
export function settingSchema(s: SettingSpec): Record<string, Json> {
  const out: Record<string, Json> = { type: s.type };
  if (s.type === 'string' && s.enum) {
    out.enum = [...s.enum];
  }
  if (s.type === 'array' && s.items !== undefined) {
    out.items = s.items;
  }
  out.default = s.default;
  if (s.type === 'number' || s.type === 'integer') {
    out.minimum = s.minimum;
    out.maximum = s.maximum;
  }
  out.scope = s.scope;
  out.order = s.order;
  Object.assign(out, s.schema ?? {});
  if (s.type === 'string' && s.enumDescriptions) {
    out.enumDescriptions = [...s.enumDescriptions];
  }
  out.markdownDescription = s.restricted ? `${s.markdownDescription} ${RESTRICTED_NOTE}` : s.markdownDescription;
  return out;
}

/** `contributes.configuration`. */
export function configurationContribution(): Record<string, Json> {
  return { title: SETTINGS_TITLE, properties: Object.fromEntries(SETTINGS.map((s) => [`${SETTINGS_PREFIX}.${s.key}`, settingSchema(s)])) };
}
