import * as assert from 'assert';
import { parseLimitMessage } from '../../../../src/core/limits/limitMessages';

// Real message texts, each from the public report named beside it (issues corpus).
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('core/limits/limitMessages', () => {
  it('reads the |<epoch> form of Claude Code 1.0.x (anthropics/claude-code#11429)', () => {
    const r = parseLimitMessage('Claude AI usage limit reached|1762952400', { at: Date.parse('2025-11-11T16:40:06Z') });
    assert.deepStrictEqual(r && { agent: r.agent, at: iso(r.resetsAt), basis: r.basis }, {
      agent: 'claude-code',
      at: '2025-11-12T13:00:00.000Z',
      basis: 'epoch',
    });
  });

  it('honours the zone of "Your limit will reset at 9am (America/Chicago)" (anthropics/claude-code#15064)', () => {
    // Written 2025-12-21 around 8 PM Central (02:00Z the next day): the next 9am Chicago is 2025-12-22 15:00Z (CST, UTC-6).
    const r = parseLimitMessage('⎿  Claude usage limit reached. Your limit will reset at 9am (America/Chicago).', {
      at: Date.parse('2025-12-22T02:00:00Z'),
      timeZone: 'Asia/Tokyo',
    });
    assert.strictEqual(iso(r?.resetsAt), '2025-12-22T15:00:00.000Z');
    assert.strictEqual(r?.timeZone, 'America/Chicago');
    assert.strictEqual(r?.basis, 'wall-clock');
  });

  it('reads Etc/GMT+5 as UTC-5 (anthropics/claude-code#2087)', () => {
    const r = parseLimitMessage('Claude usage limit reached. Your limit will reset at 1pm (Etc/GMT+5).', {
      at: Date.parse('2025-06-14T17:56:06Z'),
    });
    assert.strictEqual(iso(r?.resetsAt), '2025-06-14T18:00:00.000Z');
  });

  it('takes summer time into account: 5pm Europe/Warsaw in August is 15:00Z (anthropics/claude-code#6119)', () => {
    const r = parseLimitMessage('Claude usage limit reached. Your limit will reset at 5pm (Europe/Warsaw).', {
      at: Date.parse('2025-08-19T14:08:25Z'),
    });
    assert.strictEqual(iso(r?.resetsAt), '2025-08-19T15:00:00.000Z');
  });

  it('reads a time without a zone in the given zone, the next day when it has passed (aniketkarne/CCAutoRenew#3)', () => {
    const r = parseLimitMessage('Claude usage limit reached. Your limit will reset at 12am.', {
      at: Date.parse('2025-07-15T10:00:00Z'),
      timeZone: 'Europe/Berlin',
    });
    assert.strictEqual(iso(r?.resetsAt), '2025-07-15T22:00:00.000Z');
  });

  it('reads the 2.x "· resets 8:30pm (Asia/Tokyo)" session form with minutes (anthropics/claude-code#77082)', () => {
    const r = parseLimitMessage("You've hit your session limit · resets 8:30pm (Asia/Tokyo)", { at: Date.parse('2026-07-13T06:00:00Z') });
    assert.deepStrictEqual(r && { scope: r.scope, at: iso(r.resetsAt) }, { scope: 'session', at: '2026-07-13T11:30:00.000Z' });
  });

  it('reads "resets 1:30am (Asia/Dhaka)" as the next 1:30 in Dhaka (anthropics/claude-code#54698)', () => {
    const r = parseLimitMessage("You've hit your limit · resets 1:30am (Asia/Dhaka)", { at: Date.parse('2026-04-29T14:58:12Z') });
    // 14:58Z is 20:58 in Dhaka (UTC+6): the next 1:30 there is 2026-04-29T19:30Z.
    assert.strictEqual(iso(r?.resetsAt), '2026-04-29T19:30:00.000Z');
    assert.strictEqual(r?.scope, 'usage');
  });

  it('reads a weekly reset with a date and a zone: "resets Jul 31, 2am (UTC)" (anthropics/claude-code#81647)', () => {
    const r = parseLimitMessage("You've hit your weekly limit · resets Jul 31, 2am (UTC)", { at: Date.parse('2026-07-27T09:00:00Z') });
    assert.deepStrictEqual(r && { scope: r.scope, at: iso(r.resetsAt) }, { scope: 'weekly', at: '2026-07-31T02:00:00.000Z' });
  });

  it('reads "resets Sep 15 at 7pm" in the given zone (anthropics/claude-code#92834)', () => {
    const r = parseLimitMessage("You've hit your weekly limit · resets Sep 15 at 7pm", {
      at: Date.parse('2026-09-08T12:00:00Z'),
      timeZone: 'America/New_York',
    });
    assert.strictEqual(iso(r?.resetsAt), '2026-09-15T23:00:00.000Z');
  });

  it('puts a date already more than a day past into the next year', () => {
    const r = parseLimitMessage("You've hit your weekly limit · resets Jan 2, 10am (UTC)", { at: Date.parse('2026-12-30T12:00:00Z') });
    assert.strictEqual(iso(r?.resetsAt), '2027-01-02T10:00:00.000Z');
  });

  it('reads Codex "try again at Jul 5th, 2026 8:19 PM." in the machine zone (openai/codex#26668)', () => {
    const r = parseLimitMessage(
      "You've hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at Jul 5th, 2026 8:19 PM.",
      { at: Date.parse('2026-06-05T10:00:00Z'), timeZone: 'Europe/London' },
    );
    assert.deepStrictEqual(r && { agent: r.agent, at: iso(r.resetsAt) }, { agent: 'codex', at: '2026-07-05T19:19:00.000Z' });
  });

  it('reads Codex "try again in 5 days 22 hours 11 minutes" relative to the message (openai/codex#3899)', () => {
    const at = Date.parse('2025-09-19T08:00:00Z');
    const r = parseLimitMessage(
      "■ You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 5 days 22 hours 11 minutes.",
      { at },
    );
    assert.strictEqual(r?.resetsAt, at + ((5 * 24 + 22) * 60 + 11) * 60_000);
    assert.strictEqual(r?.basis, 'relative');
  });

  it('estimates Gemini daily quota resets at the next midnight Pacific (google-gemini/gemini-cli#15215, #2047)', () => {
    const at = Date.parse('2025-12-17T20:00:00Z'); // 12:00 PST
    for (const text of [
      '✕ [API Error: You have exhausted your daily quota on this model.]',
      "Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Gemini 2.5 Pro Requests per day per user per tier' of service 'cloudcode-pa.googleapis.com'",
    ]) {
      const r = parseLimitMessage(text, { at });
      assert.deepStrictEqual(r && { agent: r.agent, at: iso(r.resetsAt), estimated: r.estimated }, {
        agent: 'gemini',
        at: '2025-12-18T08:00:00.000Z',
        estimated: true,
      });
    }
  });

  it('returns undefined for other text, unknown zones and impossible times', () => {
    const at = Date.parse('2026-01-01T00:00:00Z');
    assert.strictEqual(parseLimitMessage('Rate limit reached for gpt-4o', { at }), undefined);
    assert.strictEqual(parseLimitMessage("You've hit your limit · resets 10pm (Mars/Olympus)", { at }), undefined);
    assert.strictEqual(parseLimitMessage("You've hit your limit · resets 13pm (UTC)", { at }), undefined);
    assert.strictEqual(parseLimitMessage("You've hit your limit", { at }), undefined);
  });
});
