// Faults only a screen shows (issue 11), run by scripts/e2e.mjs as a phase-3 scenario on its own window: the real
// Continue CLI (npm @continuedev/cli 1.5.47, cached by scripts/make-continue-fixtures.mjs) started in an integrated
// terminal as a person would, its interactive TUI against the fake OpenAI server on 127.0.0.1 (Responses API). Its TUI
// saves only the prompt in its session file and prints its retries ("Retrying request (n/9). Error: 429 ...") on the
// screen alone, so the terminal source is the only reader that can see the fault.
//
// What it asserts, for a 429 served on every request and then a 500 in a second terminal: the Sessions tree shows the
// finding with the right type ("Rate limit (429)", "Server error (5xx)") under a session whose tooltip names the agent
// "Continue", and the status bar counts the session troubled by the 500 (a 429 being retried leaves its session "ok").
import { prepareContinue, stopCn, waitForFinding } from './continueCli.mjs';

/** The whole scenario's limit (ms): the window (~30 s), two CLI starts (~10-20 s each), the retries (seconds each). */
export const TIMEOUT_MS = 280_000;

const FAKE_KEY = 'sk-FAKEe2eCONTINUEkeyNOTREAL000000000';

/** Before the window starts: the Continue CLI behind a wrapper, a server answering 429 and one answering 500, their configs. */
export function prepare({ tmp }) {
  return prepareContinue({ tmp, name: 'agents6', key: FAKE_KEY, servers: { 429: 'rate_limit_forever', 500: 'server_500' } });
}

/** Starts cn's TUI with `config` in a new terminal and waits for its first retry notice on screen. */
async function startCn(page, ui, context, config, prompt, status) {
  await ui.openTerminal(page);
  // By its full path: the terminal's login shell may rebuild PATH.
  await ui.typeInTerminal(page, `${context.cnCommand} --config ${config} '${prompt}'`);
  const notice = new RegExp(`Retrying request \\(\\d+/\\d+\\)\\. Error: ${status}`);
  await ui.waitFor(async () => notice.test(await ui.terminalText(page)), {
    timeoutMs: 90_000,
    message: async () => `cn's retry notice for ${status} (terminal: ${(await ui.terminalText(page)).slice(-500)})`,
  });
}

export default async function checks({ page, ui, assert, check, context }) {
  await ui.openViewContainer(page, 'Session Doctor');
  await check("Continue's TUI retrying a 429 on screen only: the tree shows Rate limit (429) under a Continue session", async () => {
    await startCn(page, ui, context, context.configs[429], 'Say hello from cn', 429);
    const t0 = Date.now();
    const session = await waitForFinding(page, ui, 'Rate limit (429)', 'Say hello from cn');
    console.log(`      rate limit listed ${Date.now() - t0} ms after the first retry notice; session row: ${session}`);
    const tip = await ui.sessionTooltip(page, session, { hoverHas: ' · ' });
    assert.match(tip, /Continue · \w+ · \d+ open finding/, `the tooltip names the agent: ${tip}`);
    assert.ok(
      context.servers[429].requests.some((r) => r.step === '429'),
      'the fake server served the 429',
    );
    // A rate limit being retried is transient: the session stays "ok" with its open finding (the tooltip above).
    console.log(`      status bar: ${await ui.healthText(page)}`);
    await ui.screenshot(page, 'agents6-continue-rate-limited');
    await stopCn(page, ui);
  });

  await check('a 500 in a second terminal: Server error (5xx) under a Continue session', async () => {
    await startCn(page, ui, context, context.configs[500], 'Second question from cn', 500);
    const t0 = Date.now();
    const session = await waitForFinding(page, ui, 'Server error (5xx)', 'Second question from cn');
    console.log(`      server error listed ${Date.now() - t0} ms after the first retry notice; session row: ${session}`);
    const tip = await ui.sessionTooltip(page, session, { hoverHas: ' · ' });
    assert.match(tip, /Continue · \w+ · \d+ open finding/, `the tooltip names the agent: ${tip}`);
    await ui.waitFor(
      async () => {
        const counts = ui.healthCounts(await ui.healthText(page));
        return Boolean(counts && counts.warning + counts.critical >= 1);
      },
      { timeoutMs: 15_000, message: async () => `the status bar counts the troubled session (status bar: ${await ui.healthText(page)})` },
    );
    console.log(`      rows: ${JSON.stringify(await ui.treeRowTexts(page))}; status bar: ${await ui.healthText(page)}`);
    await ui.screenshot(page, 'agents6-continue-server-error');
    await stopCn(page, ui);
  });
}
