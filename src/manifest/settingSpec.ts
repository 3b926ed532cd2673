/**
 * The shape of one row of the settings table (src/manifest/settings.ts): everything package.json's
 * `contributes.configuration` says about a setting, plus `restricted` (untrusted workspaces use only the user's value),
 * which also drives `capabilities.untrustedWorkspaces.restrictedConfigurations` and how src/host/vscode/config.ts reads it.
 * Pure data module.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** The prefix of every setting key. */
export const SETTINGS_PREFIX = 'sessionDoctor';

/** Where a setting may be set (VS Code's `scope`): `machine-overridable` for paths and command strings, else `window`. */
export type SettingScope = 'application' | 'machine' | 'machine-overridable' | 'window' | 'resource' | 'language-overridable';

/** What every row has. */
interface SettingBase {
  /** The key without the `sessionDoctor.` prefix, e.g. `detection.errorRepeatCount`. */
  key: string;
  /** The description the Settings editor shows (Markdown; `#sessionDoctor.x#` links to another setting). */
  markdownDescription: string;
  scope: SettingScope;
  /** Position in the Settings editor (lower first). */
  order: number;
  /**
   * True when an untrusted workspace must not set it (it holds text typed into a terminal, a shell command, or what is
   * read besides transcripts): only the user (global) value or the default counts there. The description says so (a
   * sentence appended when package.json is generated).
   */
  restricted?: boolean;
  /** More JSON schema, written after `order`: `items` of object arrays, `properties` of objects, `propertyNames`... */
  schema?: { readonly [key: string]: Json };
}

/** A number; values out of `minimum`..`maximum` are clamped when read, `integer` ones rounded. */
export interface NumberSettingSpec extends SettingBase {
  type: 'number' | 'integer';
  default: number;
  minimum: number;
  maximum: number;
  /** The unit of the value (documentation only), e.g. `hours`, `USD`, `percent`, `count`. */
  unit: 'ms' | 'seconds' | 'minutes' | 'hours' | 'days' | 'USD' | 'percent' | 'count' | 'hour of day';
}

/** A boolean; a value of another type reads as the default. */
export interface BooleanSettingSpec extends SettingBase {
  type: 'boolean';
  default: boolean;
}

/** A string, optionally one of `enum` (each with its `enumDescriptions` entry); an unknown value reads as the default. */
export interface StringSettingSpec extends SettingBase {
  type: 'string';
  default: string;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
}

/** An array; `items` (for arrays of plain values, written before the default) or `schema.items` says what it holds. */
export interface ArraySettingSpec extends SettingBase {
  type: 'array';
  default: readonly Json[];
  items?: Json;
}

/** An object (checked by its reader, e.g. `parsePolicyOverrides`). */
export interface ObjectSettingSpec extends SettingBase {
  type: 'object';
  default: { readonly [key: string]: Json };
}

/** One setting. */
export type SettingSpec = NumberSettingSpec | BooleanSettingSpec | StringSettingSpec | ArraySettingSpec | ObjectSettingSpec;

/** `#sessionDoctor.<key>#`: a link to another setting in a `markdownDescription`. */
export function settingLink(key: string): string {
  return `\`#${SETTINGS_PREFIX}.${key}#\``;
}

/** One hour in ms. */
export const HOUR_MS = 3_600_000;
/** One minute in ms. */
export const MINUTE_MS = 60_000;
/** One day in ms. */
export const DAY_MS = 86_400_000;
