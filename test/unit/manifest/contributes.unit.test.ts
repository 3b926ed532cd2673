import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMAND_IDS } from '../../../src/manifest/commands';

interface Contributed {
  command: string;
  category?: string;
  icon?: string;
}

interface Setting {
  markdownDescription?: string;
  scope?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
}

/** The parts of package.json these tests read. */
interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: Contributed[];
    menus: Record<string, { command: string }[]>;
    configuration: { properties: Record<string, Setting> };
  };
}

/** package.json, read from the repository root (this file runs from out/test/unit). */
function manifest(): Manifest {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

describe('package.json contributions', () => {
  const pkg = manifest();
  const contributed = new Map<string, Contributed>(pkg.contributes.commands.map((c) => [c.command, c]));

  it('contributes every command with the category and a codicon', () => {
    for (const id of Object.values(COMMAND_IDS)) {
      const c = contributed.get(id);
      assert.ok(c, `${id} is not contributed`);
      assert.strictEqual(c.category, 'Session Doctor', id);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, id);
    }
    assert.strictEqual(contributed.size, Object.values(COMMAND_IDS).length);
  });

  it('menus name only contributed commands', () => {
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        assert.ok(contributed.has(e.command), `${menu}: ${e.command}`);
      }
    }
  });

  it('restricts the command-string settings in untrusted workspaces and scopes them machine-overridable', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const props = pkg.contributes.configuration.properties;
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of ['recipes', 'claudeCode.terminalNames', 'spool.folder', 'sources.generic.logs']) {
      assert.ok(restricted.includes(`sessionDoctor.${key}`), key);
    }
    for (const key of restricted) {
      assert.ok(props[key], `${key} is not a setting`);
      assert.strictEqual(props[key].scope, 'machine-overridable', key);
    }
  });

  it('describes every setting, and every enum value', () => {
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.ok(key.startsWith('sessionDoctor.'), key);
      assert.ok(p.markdownDescription, `${key} has no markdownDescription`);
      assert.ok(p.scope, `${key} has no scope`);
      if (p.enum) {
        assert.strictEqual(p.enumDescriptions?.length, p.enum.length, key);
      }
    }
  });

  it('activates on startup only (views and commands activate implicitly)', () => {
    assert.deepStrictEqual(pkg.activationEvents, ['onStartupFinished']);
  });
});
