import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { deviceIdOfTopic } from './protocol.ts';
import type { CareService } from './service.ts';

export const deviceTopic = 'gongzhi/devices/+/events';

export interface SubscriberOptions {
  url: string;
  /** Fixed, so the broker keeps our sessions (and queues QoS 1 messages) while we are down. */
  clientId?: string;
  /**
   * Connections in this process (default `MQTT_CONNECTIONS` or 8). MQTT.js handles one message at a
   * time per connection, so this is how many presses one process stores at once.
   */
  connections?: number;
}

/** The client ids of a process's connections: the first is the configured one, as before there were several. */
export function subscriberClientIds(base: string, connections = Number(process.env.MQTT_CONNECTIONS ?? 8)): string[] {
  const count = Math.max(1, Math.min(32, connections));
  return Array.from({ length: count }, (_, k) => (k === 0 ? base : `${base}-${k}`));
}

/** The share group's name may not hold MQTT wildcards or levels. */
const groupOf = (clientId: string) => clientId.replace(/[/+#]/g, '_');

/**
 * Subscribes at QoS 1 with persistent sessions. MQTT.js sends PUBACK only after `handleMessage` calls
 * back, so we call back after the event is committed: a message the broker saw acknowledged is stored,
 * and one that was not is delivered again (same id → same event).
 *
 * With several connections they form a shared subscription (`$share/<clientId>/…`) private to this
 * process: the broker hands each message to one of them, and every process (its own client id, its own
 * group) still receives every message; the database keeps one event per message id
 * (docs/decisions/0080-care-at-scale.md).
 */
export function startDeviceSubscriber(care: CareService, log: Logger, options: SubscriberOptions): { clients: MqttClient[]; ready: Promise<void>; stop(): Promise<void> } {
  const base = options.clientId ?? 'gongzhi-server';
  const ids = subscriberClientIds(base, options.connections);
  const count = ids.length;
  const shared = `$share/${groupOf(base)}/${deviceTopic}`;
  // One connection subscribes plainly; with more, the plain subscription a session may keep from an
  // earlier start is dropped (and the other way round), or the messages would come twice.
  const [topic, stale] = count === 1 ? [deviceTopic, shared] : [shared, deviceTopic];
  const clients = ids.map((clientId) => {
    const client = mqtt.connect(options.url, { clientId, clean: false, reconnectPeriod: 1000, connectTimeout: 5000 });
    client.handleMessage = (packet, callback) => {
      const deviceId = deviceIdOfTopic(packet.topic);
      const payload = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload);
      const work = deviceId === null
        ? care.rejectTopic(packet.topic, payload)
        : care.ingest(deviceId, payload, 'mqtt', packet.topic);
      work.then(
        () => callback(),
        (error: unknown) => {
          // Not stored: no PUBACK. Drop the connection so the broker delivers the message again.
          log.error({ err: error, topic: packet.topic }, 'device message not stored; reconnecting for redelivery');
          client.stream.destroy();
        },
      );
    };
    client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
    return client;
  });
  const ready = Promise.all(clients.map((client) => new Promise<void>((resolve) => {
    client.on('connect', () => {
      // With a persistent session the broker remembers the subscription; subscribing again is harmless.
      client.unsubscribe(stale, () => client.subscribe(topic, { qos: 1 }, (error) => (error ? log.error({ err: error }, 'mqtt subscribe failed') : resolve())));
    });
  }))).then(() => undefined);
  return {
    clients,
    ready,
    stop: () => Promise.all(clients.map((client) => new Promise<void>((resolve) => client.end(false, {}, () => resolve())))).then(() => undefined),
  };
}
