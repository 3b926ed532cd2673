/**
 * What scripts/manifest.mjs writes into package.json, from the tables of this folder: the `contributes` sections that
 * repeat a vocabulary (views, commands, menus, settings, the walkthrough) and the restricted settings of untrusted workspaces. Everything
 * else in package.json is written by hand. Pure data module.
 */
import { commandsContribution, menusContribution } from './commands';
import { configurationContribution, restrictedConfigurations } from './settings';
import { viewsContainersContribution, viewsContribution, viewsWelcomeContribution } from './views';
import { walkthroughsContribution } from './walkthroughs';

/** The generated parts of package.json. */
export interface GeneratedManifest {
  /** `contributes.<key>`, each replaced as a whole (keys in the order package.json has them). */
  contributes: Record<string, unknown>;
  /** `capabilities.untrustedWorkspaces.restrictedConfigurations`. */
  restrictedConfigurations: string[];
}

/** The generated parts of package.json, built from the tables. */
export function generatedManifest(): GeneratedManifest {
  return {
    contributes: {
      viewsContainers: viewsContainersContribution(),
      views: viewsContribution(),
      viewsWelcome: viewsWelcomeContribution(),
      commands: commandsContribution(),
      menus: menusContribution(),
      configuration: configurationContribution(),
      walkthroughs: walkthroughsContribution(),
    },
    restrictedConfigurations: restrictedConfigurations(),
  };
}

/**
 * `pkg` (package.json parsed) with the generated parts replaced in place: a section package.json already has keeps its
 * position, a missing one is appended to `contributes`. Returns a new object; `pkg` is not changed.
 */
export function applyGeneratedManifest(
  pkg: Record<string, unknown>,
  generated: GeneratedManifest = generatedManifest(),
): Record<string, unknown> {
  const next = JSON.parse(JSON.stringify(pkg)) as Record<string, Record<string, unknown>>;
  next.contributes = { ...(next.contributes ?? {}) };
  for (const [key, value] of Object.entries(generated.contributes)) {
    next.contributes[key] = value;
  }
  const capabilities = { ...(next.capabilities ?? {}) } as Record<string, Record<string, unknown>>;
  capabilities.untrustedWorkspaces = {
    ...(capabilities.untrustedWorkspaces ?? {}),
    restrictedConfigurations: generated.restrictedConfigurations,
  };
  next.capabilities = capabilities;
  return next;
}
