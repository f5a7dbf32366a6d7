import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { deviceIdOfTopic } from './protocol.ts';
import type { CareService } from './service.ts';

export const deviceTopic = 'gongzhi/devices/+/events';

export interface SubscriberOptions {
  url: string;
  /** Fixed, so the broker keeps our session (and queues QoS 1 messages) while we are down. */
  clientId?: string;
  /** Several server processes: a shared subscription group (`$share/<group>/…`), each with its own clientId. */
  sharedGroup?: string;
}

/**
 * Subscribes at QoS 1 with a persistent session. MQTT.js sends PUBACK only after `handleMessage` calls
 * back, so we call back after the event is committed: a message the broker saw acknowledged is stored,
 * and one that was not is delivered again (same id → same event).
 */
export function startDeviceSubscriber(care: CareService, log: Logger, options: SubscriberOptions): { client: MqttClient; ready: Promise<void>; stop(): Promise<void> } {
  const client = mqtt.connect(options.url, { clientId: options.clientId ?? 'gongzhi-server', clean: false, reconnectPeriod: 1000, connectTimeout: 5000 });
  const topic = options.sharedGroup ? `$share/${options.sharedGroup}/${deviceTopic}` : deviceTopic;
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
  const ready = new Promise<void>((resolve) => {
    client.on('connect', () => {
      // With a persistent session the broker remembers the subscription; subscribing again is harmless.
      client.subscribe(topic, { qos: 1 }, (error) => (error ? log.error({ err: error }, 'mqtt subscribe failed') : resolve()));
    });
  });
  client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
  return {
    client,
    ready,
    stop: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}
