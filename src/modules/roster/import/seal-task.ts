import { parentPort, workerData } from 'node:worker_threads';
import { createSecrets } from '../../../core/secrets.ts';
import { parseIdNumber } from '../../../core/identity/id-number.ts';
import { isPhoneInfo, parsePhone } from '../../../core/identity/phone.ts';
import { sealIdentity } from '../personal-data.ts';
import type { SealRequest, SealResponse, SealedRow } from './sealer.ts';

// Runs in a worker thread: seals what the row checks will accept, so the main thread can check rows meanwhile.
const secrets = createSecrets(Buffer.from(workerData as Uint8Array));

parentPort!.on('message', (request: SealRequest) => {
  const sealed: (SealedRow | null)[] = request.rows.map(([idRaw, phoneRaw]) => {
    const id = parseIdNumber(idRaw);
    if ('problem' in id) return null;
    const phoneInfo = phoneRaw ? parsePhone(phoneRaw) : null;
    const phone = phoneInfo && isPhoneInfo(phoneInfo) ? phoneInfo.normalized : null;
    return { idNumber: id.normalized, phone, ...sealIdentity(secrets, id.normalized, phone) };
  });
  const response: SealResponse = { seq: request.seq, sealed };
  parentPort!.postMessage(response);
});
