/**
 * Settings of the Fleet view (src/features/fleet): the Prometheus that scrapes the Session Doctor watchers of a fleet
 * (docs/fleet.md), and how often the view asks it. Pure data module.
 */
import { SettingSpec, settingLink } from '../settingSpec';

/** Settings of the Fleet view. */
export const FLEET_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'fleet.prometheusUrl',
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    order: 190,
    restricted: true,
    markdownDescription:
      "Base URL of the Prometheus that scrapes your machines' `session-doctor watch --metrics` (e.g. `https://prometheus.example:9090`). When set, the **Fleet** view lists the machines and their troubled sessions from its HTTP API, read-only. Credentials written in the URL (`https://user:password@host`) are moved to VS Code's SecretStorage and removed from the setting. Read from user settings only. See docs/fleet.md.",
  },
  {
    key: 'fleet.refreshSeconds',
    type: 'integer',
    unit: 'seconds',
    default: 60,
    minimum: 10,
    maximum: 3600,
    scope: 'application',
    order: 191,
    markdownDescription: `How often the Fleet view queries Prometheus (${settingLink('fleet.prometheusUrl')}), in seconds.`,
  },
];
