/**
 * Presses published with a real MQTT client, and the duty operator's live stream that shows when each
 * became an alarm with offers (the server sends the operator's `alarm` event together with the
 * responders' `offer` events, after the commit). Both on this process's clock.
 */
import mqtt from 'mqtt';
import { percentile } from '../ladder.ts';

export interface AlarmSeen { alarmId: number; deviceId: string; messageId: string; offers: number; at: number }

export interface OperatorStream {
  /** Alarm events by the device's message id (the first one seen). */
  seen: Map<string, AlarmSeen>;
  /** Every alarm event, in arrival order (a message dispatched twice would show here twice). */
  all: AlarmSeen[];
  close(): void;
}

export async function login(serverUrl: string, username: string, password = 'gongzhi2026'): Promise<string> {
  const res = await fetch(`${serverUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gz_session='));
  if (!res.ok || !cookie) throw new Error(`login ${username} failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** The operator's Server-Sent Events (`GET /api/care/stream`); resolves once connected. */
export async function operatorStream(serverUrl: string, username = 'county'): Promise<OperatorStream> {
  const cookie = await login(serverUrl, username);
  const abort = new AbortController();
  const res = await fetch(`${serverUrl}/api/care/stream`, { headers: { cookie }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
  const stream: OperatorStream = { seen: new Map(), all: [], close: () => abort.abort() };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      const at = performance.now();
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!frame.startsWith('event: alarm\n')) continue;
        const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as Omit<AlarmSeen, 'at'>;
        const seen = { ...data, at };
        stream.all.push(seen);
        if (!stream.seen.has(seen.messageId)) stream.seen.set(seen.messageId, seen);
      }
    }
  })();
  return stream;
}

export interface Device { deviceId: string; home: { lng: number; lat: number } }

export interface BurstOptions {
  serverUrl: string;
  brokerUrl: string;
  devices: readonly Device[];
  alarms: number;
  seconds: number;
  /** Message ids are `<runId>-<n>`. */
  runId: string;
  /** How long to wait for the last alarms after the last press (default 60 s). */
  drainMs?: number;
}

export interface BurstResult {
  published: number;
  /** Acknowledged by the broker (PUBACK to the publisher). */
  brokerAcked: number;
  seen: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  /** Presses per second over the burst as published. */
  rate: number;
  burstSeconds: number;
  /** p50 and p99 of the presses published in each 10 s of the burst (the ladder's steps load the later ones). */
  windows: { fromSecond: number; count: number; p50: number | null; p99: number | null }[];
}

/** Seeded, so every run publishes the same burst. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Poisson arrivals (exponential gaps) stretched over the burst: bunches and lulls, as real presses come. */
export function pressTimes(count: number, seconds: number, seed = 2026): number[] {
  const random = mulberry32(seed);
  const gaps = Array.from({ length: count }, () => -Math.log(1 - random()));
  const total = gaps.reduce((s, g) => s + g, 0);
  let t = 0;
  return gaps.map((g) => (t += (g / total) * seconds * 1000) - (gaps[0]! / total) * seconds * 1000);
}

export function pressBody(device: Device, messageId: string, n: number): string {
  // A few metres from home, as a wristband's fix is; one press in ten is a fall.
  const jitter = (k: number) => (((n * k) % 41) - 20) / 111_000;
  return JSON.stringify({ id: messageId, type: n % 10 === 9 ? 'fall' : 'alarm', at: new Date().toISOString(), lng: device.home.lng + jitter(7), lat: device.home.lat + jitter(13), battery: 80 });
}

export async function burst(options: BurstOptions): Promise<BurstResult> {
  const stream = await operatorStream(options.serverUrl);
  const client = await mqtt.connectAsync(options.brokerUrl, { clientId: `gz-bench-press-${options.runId}`, clean: true });
  const sentAt = new Map<string, number>();
  let brokerAcked = 0;
  const times = pressTimes(options.alarms, options.seconds);
  const start = performance.now();
  for (let n = 0; n < options.alarms; n++) {
    const wait = start + times[n]! - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const device = options.devices[n % options.devices.length]!;
    const messageId = `${options.runId}-${n}`;
    sentAt.set(messageId, performance.now());
    client.publish(`gongzhi/devices/${device.deviceId}/events`, pressBody(device, messageId, n), { qos: 1 }, (error) => {
      if (!error) brokerAcked++;
    });
  }
  const burstSeconds = (performance.now() - start) / 1000;
  const deadline = Date.now() + (options.drainMs ?? 60_000);
  while ([...sentAt.keys()].some((id) => !stream.seen.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  stream.close();
  await client.endAsync();
  const timed = [...sentAt].flatMap(([id, t]) => {
    const seen = stream.seen.get(id);
    return seen ? [{ sent: t - start, latency: seen.at - t }] : [];
  });
  const latencies = timed.map((x) => x.latency).sort((a, b) => a - b);
  const windows = Array.from({ length: Math.ceil(burstSeconds / 10) }, (_, w) => {
    const inWindow = timed.filter((x) => x.sent >= w * 10_000 && x.sent < (w + 1) * 10_000).map((x) => x.latency).sort((a, b) => a - b);
    return { fromSecond: w * 10, count: inWindow.length, p50: percentile(inWindow, 0.5), p99: percentile(inWindow, 0.99) };
  });
  return {
    published: sentAt.size, brokerAcked, seen: latencies.length,
    p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? null,
    rate: sentAt.size / burstSeconds, burstSeconds, windows,
  };
}
