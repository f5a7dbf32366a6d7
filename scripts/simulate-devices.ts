/**
 * Plays wristbands against a running Gongzhi over MQTT: heartbeats, presses, falls and cancels.
 *   npm run simulate:devices -- --devices 200 --rate 20 --duration 60 [--url mqtt://127.0.0.1:1883] [--prefix SIM]
 * Devices are named `<prefix>-<n>`; unbound ones exercise the unknown-device path (the duty operator
 * still gets their alarms). Prints what was published and acknowledged (PUBACK) per type.
 */
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50' },
    rate: { type: 'string', default: '5' },
    duration: { type: 'string', default: '30' },
    url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
    prefix: { type: 'string', default: 'SIM' },
    lng: { type: 'string', default: '120.6880' },
    lat: { type: 'string', default: '30.5260' },
  },
});
const devices = Number(values.devices);
const rate = Number(values.rate);
const durationS = Number(values.duration);
const centre = { lng: Number(values.lng), lat: Number(values.lat) };

const client = await mqtt.connectAsync(values.url!, { clientId: `gongzhi-sim-${process.pid}`, clean: true });
const counts: Record<string, { sent: number; acked: number }> = {};
const openAlarm = new Map<number, boolean>();
let seq = 0;

function pick(device: number): 'alarm' | 'fall' | 'cancel' | 'heartbeat' | 'battery' {
  if (openAlarm.get(device) && Math.random() < 0.3) return 'cancel';
  const r = Math.random();
  return r < 0.6 ? 'heartbeat' : r < 0.85 ? 'alarm' : r < 0.92 ? 'fall' : 'battery';
}

async function send(): Promise<void> {
  const device = Math.floor(Math.random() * devices) + 1;
  const type = pick(device);
  if (type === 'alarm' || type === 'fall') openAlarm.set(device, true);
  if (type === 'cancel') openAlarm.delete(device);
  const body: Record<string, unknown> = { id: `${process.pid}-${++seq}`, type, at: new Date().toISOString() };
  if (type !== 'heartbeat' || Math.random() < 0.2) {
    body.lng = centre.lng + (Math.random() - 0.5) * 0.02;
    body.lat = centre.lat + (Math.random() - 0.5) * 0.02;
  }
  if (type === 'battery' || Math.random() < 0.3) body.battery = Math.floor(Math.random() * 100);
  const c = (counts[type] ??= { sent: 0, acked: 0 });
  c.sent++;
  await client.publishAsync(`gongzhi/devices/${values.prefix}-${device}/events`, JSON.stringify(body), { qos: 1 });
  c.acked++;
}

const started = Date.now();
const pending = new Set<Promise<void>>();
const timer = setInterval(() => {
  const p = send().catch((error: unknown) => console.error('publish failed', error)).finally(() => pending.delete(p));
  pending.add(p);
}, 1000 / rate);
await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
clearInterval(timer);
await Promise.all(pending);
await client.endAsync();
console.log(JSON.stringify({ devices, rate, seconds: (Date.now() - started) / 1000, counts }, null, 2));
