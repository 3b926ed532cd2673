// Usage limits and resume at reset (issue 12), run by scripts/e2e.mjs as a phase-3 scenario on its own code-server window.
//
// Two real Claude Code CLIs (npm @anthropic-ai/claude-code, cached by scripts/make-claude-fixtures.mjs), each typed into
// its own integrated terminal in its own folder, signed in with an OAuth token (a subscriber: only then does Claude Code
// treat a refused request as a plan usage limit), talk to our fake Anthropic server. Each one's first request is refused
// with Claude Code's usage-limit response (429 with `anthropic-ratelimit-unified-status: rejected`, `-reset` on a whole
// minute 60-120 s ahead, `-representative-claim: five_hour`): Claude Code prints "You've hit your 5-hour limit · resets
// 6:27pm (UTC)" and, with its own `autoContinueAtUsageLimit` off, asks what to do; the person picks "Stop and wait".
//
// What it asserts: the Sessions view shows a countdown for each scheduled resume, and it counts down; at the reset (ask
// mode) a notification asks to resume each session; the test clicks Resume; the recipe's continue text reaches that
// session's Claude Code, which sends its next request to the fake server (with "continue" as the last user text); the two
// sessions resume at least sessionDoctor.recovery.resumeGapSeconds (10 s here) apart, by the fake server's request times.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require(path.join(repoRoot, 'test', 'harness', 'fakeAnthropic.js'));

/** The whole scenario's limit (ms): two agents start (~30 s), the reset is 60-120 s ahead, then up to 30 s of random delay and the gap. */
export const TIMEOUT_MS = 330_000;

/** The gap between two resumes of one account in this test, seconds (the setting's default is 60). */
const GAP_S = 10;

const FAKE_OAUTH_TOKEN = 'sk-ant-oat01-FAKEe2eTOKENnotREAL0123456789abcdefABCD';

/** Prepares the Claude Code configuration (no onboarding, both folders trusted, its own auto-continue off) and the fake server. */
export async function prepare({ tmp, workspace }) {
  const { ensureClaude } = await import(path.join(repoRoot, 'scripts', 'make-claude-fixtures.mjs'));
  const claudeBin = ensureClaude();
  const binDir = path.join(tmp, 'limits-bin');
  fs.mkdirSync(binDir, { recursive: true });
  fs.rmSync(path.join(binDir, 'claude'), { force: true });
  fs.symlinkSync(claudeBin, path.join(binDir, 'claude'));
  const folders = ['limits-a', 'limits-b'].map((n) => path.join(workspace, n));
  for (const f of folders) fs.mkdirSync(f, { recursive: true });

  // The script is set by the checks (the reset time is taken when the prompts are sent).
  const anthropic = await startFakeAnthropic({ script: [{ type: 'text', text: 'Ready.' }] });
  const claudeDir = path.join(tmp, 'limits-claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const trusted = { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true };
  fs.writeFileSync(
    path.join(claudeDir, '.claude.json'),
    JSON.stringify(
      { hasCompletedOnboarding: true, theme: 'dark', numStartups: 3, projects: Object.fromEntries(folders.map((f) => [f, trusted])) },
      null,
      2,
    ),
  );
  // Claude Code's own wait-and-continue off: the halted session waits at its prompt for Session Doctor's resume.
  fs.writeFileSync(path.join(claudeDir, 'settings.json'), JSON.stringify({ autoContinueAtUsageLimit: false }, null, 2));

  const env = {
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    CLAUDE_CONFIG_DIR: claudeDir,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: '',
    CLAUDE_CODE_OAUTH_TOKEN: FAKE_OAUTH_TOKEN,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  const settings = {
    'sessionDoctor.recovery.resumeAtReset': 'ask',
    'sessionDoctor.recovery.resumeGapSeconds': GAP_S,
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.shellIntegration.enabled': true,
    'terminal.integrated.defaultProfile.linux': 'bash',
  };
  return {
    env,
    settings,
    context: { anthropic, claudeCommand: path.join(binDir, 'claude'), folders, userData: path.join(tmp, 'user-data-limits') },
    stop: async () => {
      await anthropic.close();
    },
  };
}

/** The main (agent-loop) requests the fake server got, with their time (ms) and last user text. */
function mainRequests(anthropic) {
  return anthropic.requests
    .filter((r) => r.main)
    .map((r) => {
      const msgs = Array.isArray(r.body?.messages) ? r.body.messages : [];
      const user = [...msgs].reverse().find((m) => m.role === 'user');
      const text =
        typeof user?.content === 'string'
          ? user.content
          : (Array.isArray(user?.content) ? user.content : [])
              .filter((b) => b?.type === 'text')
              .map((b) => b.text)
              .join('\n');
      return { at: Date.parse(r.time), step: r.step, text };
    });
}

/** The Session Doctor log's lines about resumes (for a failure's message): `<user data>/logs/.../Session Doctor.log`. */
function resumeLog(userData) {
  const logs = path.join(userData, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs
    .readdirSync(logs, { recursive: true })
    .filter((f) => String(f).endsWith('Session Doctor.log'))
    .flatMap((f) => fs.readFileSync(path.join(logs, String(f)), 'utf8').split('\n'))
    .filter((l) => /resume at reset/.test(l));
}

export default async function checks({ page, ui, assert, check, context }) {
  const { anthropic, folders } = context;
  let resetAt = 0;

  await check('two real Claude Code sessions, each in its own terminal, hit the 5-hour usage limit and wait', async () => {
    // The reset on a whole minute (Claude Code prints it to the minute), at least 60 s after the first prompt.
    resetAt = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
    const limit = { type: 'usage_limit', resetsAt: resetAt / 1000 };
    anthropic.setScript([limit, limit, { type: 'text', text: 'Picking up where I stopped: done.' }]);
    for (const [i, folder] of folders.entries()) {
      await ui.openTerminal(page);
      // Two commands, as a person types them: the agent's terminal is told by the program of its command line and its cwd.
      await ui.typeInTerminal(page, `cd ${folder}`);
      await ui.typeInTerminal(page, context.claudeCommand);
      await ui.waitFor(async () => /Claude Code v\d/.test(await ui.terminalText(page)), {
        timeoutMs: 40_000,
        message: 'the Claude Code TUI',
      });
      await ui.waitFor(async () => /❯/.test(await ui.terminalText(page)), { timeoutMs: 15_000, message: 'the Claude Code prompt' });
      await ui.typeInTerminal(page, i === 0 ? 'Say hello' : 'Say hi there');
      await ui.waitFor(async () => /hit your 5-hour limit/.test(await ui.terminalText(page)), {
        timeoutMs: 30_000,
        message: async () => `the usage-limit message (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
      });
      // Claude Code asks what to do (the dialog comes a moment after the message); the person picks "Stop and wait for
      // limit to reset" (the first choice). Text typed while the dialog is open would not reach the prompt.
      const dialog = await ui
        .waitFor(async () => /What do you want to do\?/.test(await ui.terminalText(page)), {
          timeoutMs: 10_000,
          message: 'the limit dialog',
        })
        .then(
          () => true,
          () => false,
        );
      if (dialog) {
        await page.keyboard.press('Enter');
        await ui.waitFor(async () => !/What do you want to do\?/.test(await ui.terminalText(page)), {
          timeoutMs: 10_000,
          message: 'the limit dialog closed',
        });
      }
      console.log(`      session ${i + 1}: ${(await ui.terminalText(page)).match(/You've hit your 5-hour limit[^\n]*/)?.[0]}`);
    }
    assert.deepStrictEqual(
      mainRequests(anthropic).map((r) => r.step),
      ['usage_limit', 'usage_limit'],
    );
    await ui.screenshot(page, 'limits-halted');
  });

  await check('the Sessions view shows a countdown for each scheduled resume, counting down', async () => {
    await ui.openViewContainer(page, 'Session Doctor');
    const countdownRows = async () => (await ui.treeRowTexts(page)).filter((t) => /^Resume Claude Code .*in \d+:\d\d · at /.test(t));
    await ui.waitFor(async () => (await countdownRows()).length === 2, {
      timeoutMs: 45_000,
      intervalMs: 500,
      message: async () => `two resume rows with a countdown (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
    });
    const seconds = (t) => {
      const [m, s] = /in (\d+):(\d\d) · at /.exec(t).slice(1).map(Number);
      return m * 60 + s;
    };
    const first = await countdownRows();
    console.log(`      rows: ${JSON.stringify(first)}`);
    assert.ok(
      (await ui.treeRowTexts(page)).some((t) => t.startsWith('Usage limits')),
      'the Usage limits row',
    );
    assert.ok(
      (await ui.statusBarTexts(page)).some((t) => /2 resume\(s\)/.test(t)),
      `the status bar counts the 2 resumes to come`,
    );
    await new Promise((r) => setTimeout(r, 2_500));
    const later = await countdownRows();
    assert.ok(seconds(later[0]) < seconds(first[0]), `the countdown moves: ${first[0]} -> ${later[0]}`);
    // Due at the reset plus at most 30 s of random delay (the second one at least the gap after the first).
    const left = (resetAt - Date.now()) / 1000;
    assert.ok(
      seconds(later[0]) >= left - 2 && seconds(later[0]) <= left + 32,
      `due ${seconds(later[0])} s from now, the reset in ${left} s`,
    );
    await ui.screenshot(page, 'limits-countdown');
  });

  await check('Show Report ends with the usage limits: both halted sessions and when each can resume', async () => {
    await ui.runCommand(page, 'Session Doctor: Show Report');
    // The report opens as Markdown with its preview beside it (a webview frame): read the rendered section there.
    let text = '';
    await ui.waitFor(
      async () => {
        for (const f of page.frames()) {
          const t = await f
            .evaluate(() =>
              [...document.querySelectorAll('h2')].some((h) => h.textContent.trim() === 'Usage limits') ? document.body.innerText : '',
            )
            .catch(() => '');
          if (t) {
            text = t;
            return true;
          }
        }
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 500, message: 'the report preview with its Usage limits section' },
    );
    const section = text.slice(text.lastIndexOf('Usage limits'));
    const two = (n) => String(n).padStart(2, '0');
    const at = new Date(resetAt);
    const times = [`${two(at.getHours())}:${two(at.getMinutes())}`, `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`];
    const halted = section.split('\n').filter((l) => /^claude-code .*: can resume at \d\d:\d\d/.test(l.trim()));
    console.log(`      report: ${JSON.stringify(halted)}`);
    assert.match(section, /Halted by a usage limit:/);
    assert.strictEqual(halted.length, 2, `two halted Claude Code sessions in the section: ${JSON.stringify(section.slice(0, 600))}`);
    for (const l of halted) {
      assert.ok(
        times.some((t) => l.includes(`can resume at ${t}`)),
        `resumes at the reset (${times.join(' or ')}): ${l}`,
      );
    }
    await ui.screenshot(page, 'limits-report');
  });

  const resumed = [];
  for (const n of [1, 2]) {
    await check(
      `at the reset, Resume in the notification types "continue" into a halted Claude Code, which sends its next request (${n} of 2)`,
      async () => {
        const toast = page.locator('.notification-toast').filter({ hasText: 'has reset' });
        await ui.waitFor(async () => (await toast.count()) > 0, {
          timeoutMs: Math.max(30_000, resetAt - Date.now() + 60_000),
          intervalMs: 500,
          message: async () => `the resume notification (notifications: ${JSON.stringify(await ui.notificationTexts(page))})`,
        });
        const text = ((await toast.first().textContent()) ?? '').replace(/\s+/g, ' ');
        assert.ok(Date.now() >= resetAt, `asked ${Date.now() - resetAt} ms after the reset`);
        const before = mainRequests(anthropic).length;
        await toast
          .first()
          .locator('.monaco-button')
          .filter({ hasText: /^Resume$/ })
          .click({ timeout: 5_000 });
        const clickedAt = Date.now();
        await ui.waitFor(() => mainRequests(anthropic).length > before, {
          timeoutMs: 20_000,
          message: async () =>
            `the next request after Resume (requests: ${JSON.stringify(mainRequests(anthropic).map((r) => r.step))}; log: ${JSON.stringify(resumeLog(context.userData))})`,
        });
        const next = mainRequests(anthropic)[before];
        assert.match(next.text, /\bcontinue\b/, `the continue text reached the agent: ${JSON.stringify(next.text.slice(-200))}`);
        resumed.push({ at: next.at, text });
        console.log(`      ${resumeLog(context.userData).slice(-1)[0] ?? '(no log line)'}`);
        console.log(
          `      "${text.slice(0, 90)}": request ${next.at - clickedAt} ms after the click, ${Math.round((next.at - resetAt) / 1000)} s after the reset`,
        );
        if (n === 2) {
          const gap = resumed[1].at - resumed[0].at;
          console.log(`      the two resumes' requests ${gap} ms apart (gap setting ${GAP_S} s)`);
          assert.ok(gap >= GAP_S * 1000, `resumes ${gap} ms apart, at least ${GAP_S} s`);
          assert.notStrictEqual(resumed[0].text, resumed[1].text, 'two different sessions were resumed');
          // Nothing left to come: the countdown rows and the status bar's count go at once.
          await ui.waitFor(
            async () =>
              !(await ui.statusBarTexts(page)).some((t) => /resume\(s\)/.test(t)) &&
              !(await ui.treeRowTexts(page)).some((t) => t.startsWith('Resume Claude Code')),
            { timeoutMs: 5_000, message: async () => `no resume left (status bar: ${JSON.stringify(await ui.statusBarTexts(page))})` },
          );
          await ui.screenshot(page, 'limits-resumed');
        }
      },
    );
  }
}
