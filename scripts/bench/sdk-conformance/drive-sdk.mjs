// Drives the official Anthropic TypeScript SDK (default retry settings: maxRetries 2) against the routes of
// mock.yaml, one behaviour after another: N messages.create calls per behaviour, call i starting i/N s after
// the first (so an HTTP-date hint meets every sub-second phase of the clock), each with its own client.
// It records, per call, the attempts (a fetch wrapper counts them) and the delay the SDK decided before each
// retry: the timer the SDK's own `sleep` (internal/utils/sleep.js) sets between an answer and the next attempt,
// read from setTimeout through an AsyncLocalStorage per call, so the machine's load does not blur the rule
// (the other timers of that stretch — the request timeout, undici's keep-alive — are not the SDK's sleep).
// Usage: node drive-sdk.mjs BASE_URL N PREFIX...   (copied into a directory where @anthropic-ai/sdk is installed)
// Prints one JSON line per behaviour: {"behaviour","version","attempts":[per call],"delays":[[ms before retry k+1]...]}
import Anthropic from '@anthropic-ai/sdk';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';

const [baseURL, nText, ...prefixes] = process.argv.slice(2);
const n = Number(nText);
// the package does not export its package.json: read it beside this script, where the SDK is installed
const version = JSON.parse(readFileSync(new URL('./node_modules/@anthropic-ai/sdk/package.json', import.meta.url))).version;
const calls = new AsyncLocalStorage();
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function (fn, ms, ...rest) {
  const call = calls.getStore();
  if (call && call.betweenAttempts && /internal[\\/]utils[\\/]sleep\.(m?js|ts)/.test(new Error().stack)) {
    call.delays.push(Number(ms));
  }
  return realSetTimeout(fn, ms, ...rest);
};
const sleep = (ms) => new Promise((r) => realSetTimeout(r, ms));

async function one(prefix, i) {
  await sleep((i * 1000) / n);
  const call = { attempts: 0, delays: [], betweenAttempts: false };
  const client = new Anthropic({
    apiKey: 'sk-ant-fake-conformance', baseURL: baseURL + prefix,
    fetch: async (url, init) => {
      call.attempts++;
      call.betweenAttempts = false;
      try { return await fetch(url, init); } finally { call.betweenAttempts = true; }
    },
  });
  await calls.run(call, async () => {
    try {
      await client.messages.create({ model: 'stampede-mock', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    } catch (e) {
      if (!(e instanceof Anthropic.APIError)) throw e;
    }
  });
  return call;
}

for (const prefix of prefixes) {
  const all = await Promise.all(Array.from({ length: n }, (_, i) => one(prefix, i)));
  const delays = [];
  for (const c of all) c.delays.forEach((d, k) => (delays[k] ??= []).push(d));
  console.log(JSON.stringify({ behaviour: prefix.replace(/^\/[a-z]-/, ''), version, attempts: all.map((c) => c.attempts), delays }));
}
