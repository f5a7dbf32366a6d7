import type { Logger } from 'pino';
import { maskPhone } from '../../../core/identity/mask.ts';

/** One text message to a family member's phone. */
export interface FamilyMessage {
  alarmId: number | null;
  phone: string;
  text: string;
}

/**
 * How family members are reached. An SMS gateway or a WeChat template-message adapter implements this;
 * until one is configured the log channel records each message (phone masked) so the ladder's promise
 * is visible end to end in development and tests.
 */
export interface FamilyChannel {
  name: string;
  send(message: FamilyMessage): Promise<void>;
}

export function logFamilyChannel(log: Logger): FamilyChannel {
  return {
    name: 'log',
    async send(message) {
      log.info({ alarmId: message.alarmId, to: maskPhone(message.phone), text: message.text }, 'family message');
    },
  };
}
