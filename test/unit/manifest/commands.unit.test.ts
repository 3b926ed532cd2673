import * as assert from 'assert';
import { AGENT_IDS } from '../../../src/core/agents/index';
import { RecoveryAction, capabilitiesOf, sessionContextValue } from '../../../src/core/recovery/recoveryActions';
import { resolveRecipes } from '../../../src/core/recovery/recipes';
import {
  COMMAND_IDS,
  COMMAND_NAMES,
  ITEMS,
  RECOVERY_ACTION_COMMANDS,
  commandsContribution,
  menusContribution,
} from '../../../src/manifest/commands';
import { VIEW_IDS } from '../../../src/manifest/viewIds';
import { viewsContribution, viewsWelcomeContribution } from '../../../src/manifest/views';

type MenuEntry = { command: string; when: string; group?: string };
const menus = menusContribution() as Record<string, MenuEntry[]>;

/** The regular expression of a `viewItem =~ /.../` clause. */
function itemPattern(clause: string): RegExp {
  const m = /^viewItem =~ \/(.*)\/$/.exec(clause);
  assert.ok(m, clause);
  return new RegExp(m[1]);
}

describe('commands table (src/manifest/commands)', () => {
  it('names every command sessionDoctor.<name>, once', () => {
    const ids = COMMAND_NAMES.map((n) => COMMAND_IDS[n]);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const n of COMMAND_NAMES) {
      assert.match(n, /^[a-z][A-Za-z]+$/);
      assert.strictEqual(COMMAND_IDS[n], `sessionDoctor.${n}`);
    }
    assert.deepStrictEqual(
      commandsContribution().map((c) => c.command),
      ids,
    );
  });

  it('puts every menu entry in a view of the extension, with a group', () => {
    const views = new Set<string>(Object.values(VIEW_IDS));
    for (const menu of ['view/title', 'view/item/context']) {
      for (const e of menus[menu]) {
        const view = /^view == (\S+)/.exec(e.when)?.[1];
        assert.ok(view && views.has(view), `${menu}: ${e.command} (${e.when})`);
        assert.match(e.group ?? '', /^[\w]+@\d+$/, `${menu}: ${e.command}`);
      }
    }
  });

  it('shows every command hidden from the palette somewhere else', () => {
    for (const e of menus.commandPalette.filter((m) => m.when === 'false')) {
      assert.ok(
        menus['view/item/context'].some((m) => m.command === e.command) || menus['view/title'].some((m) => m.command === e.command),
        e.command,
      );
    }
  });

  it('offers a recovery on a session row exactly when the agent can do it (menus agree with sessionContextValue)', () => {
    const recipes = resolveRecipes(undefined).recipes;
    for (const agent of AGENT_IDS) {
      const value = sessionContextValue(agent, recipes);
      const can = capabilitiesOf(agent, recipes);
      for (const action of ['compact', 'restart', 'clearStale', 'interrupt', 'promptFix'] as RecoveryAction[]) {
        assert.strictEqual(itemPattern(ITEMS.sessionCan(action)).test(value), can.includes(action), `${agent} ${action}: ${value}`);
        const onRows = menus['view/item/context'].filter((m) => m.command === RECOVERY_ACTION_COMMANDS[action] && m.when.includes('can-'));
        assert.ok(onRows.length > 0, `${action} is not on session rows`);
      }
      assert.ok(itemPattern(ITEMS.session).test(value), value);
    }
  });

  it('links the welcome views to commands it contributes', () => {
    const ids = new Set<string>(Object.values(COMMAND_IDS));
    const views = new Set((Object.values(viewsContribution()).flat() as { id: string }[]).map((v) => v.id));
    for (const w of viewsWelcomeContribution() as { view: string; contents: string }[]) {
      assert.ok(views.has(w.view), w.view);
      for (const m of w.contents.matchAll(/\(command:(sessionDoctor\.[\w.]+)\)/g)) {
        assert.ok(ids.has(m[1]), m[1]);
      }
    }
  });
});
